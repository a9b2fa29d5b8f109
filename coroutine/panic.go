package coroutine

import (
	"fmt"
	"runtime/debug"

	"github.com/goasyncio/goasyncio/pyfmt"
)

// PanicError is a Go panic caught inside a coroutine body (or, by the
// loop, inside a callback), turned into an error value that keeps the
// stack of the goroutine that panicked. The task that ran the body ends
// with it as its exception, so it reaches whoever awaits the task.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the panicking goroutine's stack, as debug.Stack prints it.
	Stack []byte
}

// Error returns the panic value followed by the stack where it happened.
func (p *PanicError) Error() string {
	return fmt.Sprintf("panic: %v\n\n%s", p.Value, p.Stack)
}

// PyRepr is the repr a Python twin shows for the exception: panicking
// with an error (or a value with its own PyRepr) stands for raising it, so
// its repr is the value's; any other value reads Exception('panic: v').
// The stack is left out.
func (p *PanicError) PyRepr() string {
	switch v := p.Value.(type) {
	case interface{ PyRepr() string }:
		return v.PyRepr()
	case error:
		return pyfmt.Repr(v)
	}
	return "Exception(" + pyfmt.Repr(fmt.Sprint("panic: ", p.Value)) + ")"
}

// PyStr is str() of the exception: the error's message, or "panic: v".
func (p *PanicError) PyStr() string {
	switch v := p.Value.(type) {
	case interface{ PyStr() string }:
		return v.PyStr()
	case error:
		return v.Error()
	}
	return fmt.Sprint("panic: ", p.Value)
}

// Unwrap returns the panic value if it was an error, so errors.Is and
// errors.As see through the panic.
func (p *PanicError) Unwrap() error {
	if err, ok := p.Value.(error); ok {
		return err
	}
	return nil
}

// NewPanicError wraps a value returned by recover, capturing the current
// goroutine's stack. Call it from the deferred function that recovered.
// A *PanicError value (a panic re-raised as is) is returned unchanged.
func NewPanicError(v any) *PanicError {
	if p, ok := v.(*PanicError); ok {
		return p
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}
