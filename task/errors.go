package task

import (
	"context"
	"errors"

	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is exceptions.py: the errors futures and tasks raise. Where
// Python raises RuntimeError with a message, we return a RuntimeError
// value with the same text, so a Go twin prints what CPython prints.

// CancelledError is Python's asyncio.CancelledError: the error a cancelled
// future or task gives to whoever awaits it, and the error thrown into a
// coroutine whose task is cancelled. It satisfies
// errors.Is(err, context.Canceled); test with that or with errors.As.
type CancelledError struct {
	msg    string
	hasMsg bool
}

// NewCancelledError returns CancelledError(msg...); with no argument, the
// error carries no message (Python's CancelledError()).
func NewCancelledError(msg ...string) *CancelledError {
	if len(msg) > 0 {
		return &CancelledError{msg: msg[0], hasMsg: true}
	}
	return &CancelledError{}
}

// Message returns the cancel message and whether there is one.
func (e *CancelledError) Message() (string, bool) { return e.msg, e.hasMsg }

// Error returns "cancelled" or "cancelled: msg".
func (e *CancelledError) Error() string {
	if e.hasMsg {
		return "cancelled: " + e.msg
	}
	return "cancelled"
}

// Is makes errors.Is(err, context.Canceled) true.
func (e *CancelledError) Is(target error) bool { return target == context.Canceled }

// PyRepr is Python's repr: CancelledError('msg') or CancelledError().
func (e *CancelledError) PyRepr() string {
	if e.hasMsg {
		return "CancelledError(" + pyQuote(e.msg) + ")"
	}
	return "CancelledError()"
}

// PyStr is Python's str: the message, or "".
func (e *CancelledError) PyStr() string { return e.msg }

// IsCancelled reports whether err is a cancellation: a CancelledError or
// anything wrapping context.Canceled.
func IsCancelled(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := err.(*CancelledError); ok {
		return true
	}
	return errors.Is(err, context.Canceled)
}

// InvalidStateError is asyncio.InvalidStateError: an operation not allowed
// in the future's current state. Messages are those of CPython's C
// futures ("Result is not set.", "invalid state").
type InvalidStateError struct{ Msg string }

func (e *InvalidStateError) Error() string { return e.Msg }

// Is makes every InvalidStateError match ErrInvalidState.
func (e *InvalidStateError) Is(target error) bool { return target == ErrInvalidState }

// PyRepr is Python's repr: InvalidStateError('invalid state').
func (e *InvalidStateError) PyRepr() string { return "InvalidStateError(" + pyQuote(e.Msg) + ")" }

// ErrInvalidState matches every InvalidStateError under errors.Is.
var ErrInvalidState = &InvalidStateError{Msg: "invalid state"}

// RuntimeError is Python's RuntimeError raised by asyncio with a fixed
// message. Comparable: errors.Is(err, ErrLoopClosed) compares the text.
type RuntimeError string

func (e RuntimeError) Error() string { return string(e) }

// PyRepr is Python's repr: RuntimeError('...').
func (e RuntimeError) PyRepr() string { return "RuntimeError(" + pyQuote(string(e)) + ")" }

// PyStr is the message.
func (e RuntimeError) PyStr() string { return string(e) }

// RecursionError is Python's RecursionError. Cancel panics with
// ErrCancelRecursion when cancellations chase each other around an await
// cycle (a task that gathers itself): CPython raises it from cancel().
type RecursionError string

func (e RecursionError) Error() string { return string(e) }

// PyRepr is Python's repr: RecursionError('...').
func (e RecursionError) PyRepr() string { return "RecursionError(" + pyQuote(string(e)) + ")" }

// PyStr is the message.
func (e RecursionError) PyStr() string { return string(e) }

// ErrCancelRecursion is the value Cancel panics with past maxCancelDepth
// nested cancellations. The panic unwinds like Python's exception: out of
// the coroutine (whose task then fails with a *coroutine.PanicError that
// wraps it, errors.Is works) or out of the callback (reported by the
// loop's exception handler), never out of the process.
var ErrCancelRecursion error = RecursionError("maximum recursion depth exceeded")

// maxCancelDepth bounds nested Cancel calls, as CPython's recursion limit
// (1000 frames) bounds them there.
const maxCancelDepth = 900

// ValueError is Python's ValueError raised by asyncio with a message.
type ValueError string

func (e ValueError) Error() string { return string(e) }

// PyRepr is Python's repr: ValueError('...').
func (e ValueError) PyRepr() string { return "ValueError(" + pyQuote(string(e)) + ")" }

// PyStr is the message.
func (e ValueError) PyStr() string { return string(e) }

// TypeError is Python's TypeError raised by asyncio with a message.
type TypeError string

func (e TypeError) Error() string { return string(e) }

// PyRepr is Python's repr: TypeError('...').
func (e TypeError) PyRepr() string { return "TypeError(" + pyQuote(string(e)) + ")" }

// PyStr is the message.
func (e TypeError) PyStr() string { return string(e) }

// Errors with CPython's messages.
var (
	// ErrLoopClosed: using a closed loop.
	ErrLoopClosed error = RuntimeError("Event loop is closed")
	// ErrLoopRunning: running a loop that is already running.
	ErrLoopRunning error = RuntimeError("This event loop is already running")
	// ErrStoppedBeforeDone: RunUntilComplete returned because the loop was
	// stopped first.
	ErrStoppedBeforeDone error = RuntimeError("Event loop stopped before Future completed.")
	// ErrCloseRunning: Close on a running loop.
	ErrCloseRunning error = RuntimeError("Cannot close a running event loop")
	// ErrNoRunningLoop: get_running_loop outside a running loop.
	ErrNoRunningLoop error = RuntimeError("no running event loop")
	// ErrAwaitNotUsed: a future resumed its awaiter while still pending.
	ErrAwaitNotUsed error = RuntimeError("await wasn't used with future")
	// ErrTaskSetResult and ErrTaskSetException: tasks set their own outcome.
	ErrTaskSetResult    error = RuntimeError("Task does not support set_result operation")
	ErrTaskSetException error = RuntimeError("Task does not support set_exception operation")
	// ErrDifferentLoop: ensure_future of a future bound to another loop.
	ErrDifferentLoop error = ValueError("The future belongs to a different loop than the one specified as the loop argument")
)

func pyQuote(s string) string { return pyfmt.Repr(s) }
