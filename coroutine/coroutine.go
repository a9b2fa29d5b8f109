// Package coroutine gives Go functions the shape of Python coroutine
// objects: something a driver can send a value into, get a yielded value
// out of, throw an error into, and close.
//
// A top-level coroutine runs on a goroutine of its own. Control passes
// through a pair of channels, so exactly one side runs at any moment: the
// driver (the event loop, running a task step) or the coroutine body. This
// is the "extra concurrency without extra parallelism" of the Go runtime's
// own coroutines (runtime/coro.go), built from ordinary channels.
//
// Awaiting one coroutine from inside another ([Coroutine.Await]) is
// Python's "yield from": the inner body runs inline, on the same goroutine,
// as a plain function call. No goroutine is started, no channel is touched,
// no loop iteration passes.
//
// Mirrors: Python's coroutine objects (send/throw/close,
// inspect.getcoroutinestate) and the await protocol of PEP 492.
package coroutine

import (
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
)

// State is the state of a coroutine, as inspect.getcoroutinestate reports it.
type State uint8

const (
	// Created: not started yet; its body has not run.
	Created State = iota
	// Running: its body is executing right now.
	Running
	// Suspended: its body is parked in [Co.Yield], waiting to be resumed.
	Suspended
	// Closed: finished, failed, or closed; it cannot run again.
	Closed
)

// String returns the name inspect.getcoroutinestate uses ("CORO_CREATED" ...).
func (s State) String() string {
	switch s {
	case Created:
		return "CORO_CREATED"
	case Running:
		return "CORO_RUNNING"
	case Suspended:
		return "CORO_SUSPENDED"
	case Closed:
		return "CORO_CLOSED"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Func is the body of a coroutine: Python's "async def". It receives the
// handle of the goroutine it runs on; everything that suspends (awaiting a
// future, sleeping) takes that handle.
type Func[T any] func(co *Co) (T, error)

// Await runs f inline on the awaiting goroutine: awaiting an async
// function's body directly, without building a coroutine object. It is
// the fast path of Coroutine.Await (one allocation less, for the
// coroutine object) for a coroutine that is made only to be awaited at
// once, as in "await fibn(n - 1)"; having no object, it cannot detect
// reuse. To hand a body to a task, wrap it with New.
func (f Func[T]) Await(co *Co) (T, error) { return f(co) }

// ErrReused is returned by Await, Send and Throw on a coroutine that has
// already been started or awaited. The text is CPython's; it prints as
// Python's RuntimeError.
var ErrReused error = runtimeError("cannot reuse already awaited coroutine")

// ErrAlreadyRunning is returned by Await on a coroutine whose body is
// executing right now (a coroutine awaiting itself): Python's
// ValueError('coroutine already executing').
var ErrAlreadyRunning error = valueError("coroutine already executing")

// ErrBeingAwaited is returned by Await on a coroutine suspended under
// another awaiter (another task awaits it): Python's
// RuntimeError('coroutine is being awaited already').
var ErrBeingAwaited error = runtimeError("coroutine is being awaited already")

// runtimeError is an error with a fixed message that prints as Python's
// RuntimeError (this package cannot use task.RuntimeError, which sits
// above it).
type runtimeError string

func (e runtimeError) Error() string { return string(e) }

// PyRepr is Python's repr: RuntimeError('...').
func (e runtimeError) PyRepr() string { return "RuntimeError('" + string(e) + "')" }

// PyStr is the message.
func (e runtimeError) PyStr() string { return string(e) }

// valueError is runtimeError's sibling that prints as Python's ValueError.
type valueError string

func (e valueError) Error() string { return string(e) }

// PyRepr is Python's repr: ValueError('...').
func (e valueError) PyRepr() string { return "ValueError('" + string(e) + "')" }

// PyStr is the message.
func (e valueError) PyStr() string { return string(e) }

// ErrGoexit is the error a coroutine holds after its body called
// runtime.Goexit (for example through testing.T.FailNow). The driver that
// resumed it calls runtime.Goexit on its own goroutine after recording it.
var ErrGoexit error = errorString("coroutine: body called runtime.Goexit")

// Coroutine is a coroutine object: a body plus its state. Create one with
// [New]. A Coroutine runs at most once: either awaited inline by another
// coroutine ([Coroutine.Await]) or driven as a top-level coroutine by a task
// ([Coroutine.Send], [Coroutine.Throw], [Coroutine.Close]).
//
// A Coroutine is not safe for concurrent use: its driver calls it from one
// goroutine at a time (the event loop's).
type Coroutine[T any] struct {
	fn    Func[T]
	state State
	// awaiter is the serial of the driven coroutine whose goroutine
	// awaits this one inline (0: none, or no driver); it tells a
	// coroutine awaiting itself from another task awaiting it while
	// suspended. (It sits in the padding after state.)
	awaiter uint32
	result  T
	err     error
	// ctl is the control block of a driven coroutine, made by SetDriver,
	// SetHandoff or the first Send; a coroutine only ever awaited inline
	// never has one, which keeps it small. It is atomic so that Goid may
	// read it from another goroutine (a loop's watchdog).
	ctl atomic.Pointer[control]
}

// control returns the control block, making it if needed.
func (c *Coroutine[T]) control() *control {
	if ctl := c.ctl.Load(); ctl != nil {
		return ctl
	}
	ctl := &control{serial: nextSerial()}
	ctl.co.ctl = ctl
	c.ctl.Store(ctl)
	return ctl
}

// New returns a coroutine that will run fn. Nothing runs until the
// coroutine is awaited or driven. Calling New is Python's calling an
// "async def" function: it only builds the coroutine object.
func New[T any](fn Func[T]) *Coroutine[T] {
	if fn == nil {
		panic("coroutine: New called with a nil function")
	}
	if tracking() {
		return newTracked(fn)
	}
	// This allocation does not escape when the caller only awaits the
	// coroutine, so "f(x).Await(co)" costs no heap allocation.
	return &Coroutine[T]{fn: fn}
}

// newTracked is New in debug mode: the coroutine is registered, so its
// creation site can be reported if it is never awaited.
func newTracked[T any](fn Func[T]) *Coroutine[T] {
	c := &Coroutine[T]{fn: fn}
	track(c)
	return c
}

// State reports the coroutine's state (inspect.getcoroutinestate).
func (c *Coroutine[T]) State() State { return c.state }

// Result returns what the body returned once the coroutine is closed. A
// closed coroutine that was never run returns its zero value and the error
// that closed it, if any.
func (c *Coroutine[T]) Result() (T, error) { return c.result, c.err }

// Err returns the body's error once the coroutine is closed.
func (c *Coroutine[T]) Err() error { return c.err }

// Name returns the name of the Go function behind the coroutine, in the
// spirit of a coroutine's __qualname__: "fibn" for a closure built inside
// func fibn.
func (c *Coroutine[T]) Name() string { return FuncName(c.fn) }

// SetDriver records what drives the coroutine (a task). The body sees it
// as [Co.Driver]. On a coroutine that has already started or been awaited
// it does nothing: driving it then fails with [ErrReused], as in CPython.
func (c *Coroutine[T]) SetDriver(d any) {
	if c.state == Created {
		c.control().co.driver = d
	}
}

// Control is room for a driven coroutine's control block (what its
// handoff needs), for a driver to embed in itself: a task embeds one, so
// that driving its coroutine costs no allocation of its own. The zero
// value is ready for use. A Control serves one coroutine and must not be
// copied.
type Control struct{ ctl control }

// SetDriverIn is [Coroutine.SetDriver] with the control block placed in
// blk instead of allocated. Call it before any other setter; if the
// coroutine already has a control block (debug mode gives one to every
// new coroutine), that one is kept and blk stays unused. On a coroutine
// that has already started or been awaited it does nothing.
func (c *Coroutine[T]) SetDriverIn(d any, blk *Control) {
	if c.state != Created {
		return
	}
	if c.ctl.Load() == nil {
		blk.ctl.co.ctl = &blk.ctl
		blk.ctl.serial = nextSerial()
		c.ctl.Store(&blk.ctl)
	}
	c.ctl.Load().co.driver = d
}

// String returns a repr like Python's "<coroutine object fibn>".
func (c *Coroutine[T]) String() string {
	return "<coroutine object " + c.Name() + ">"
}

// Await runs the coroutine inline on the caller's goroutine and returns
// its result: Python's "await coro" (yield from). It never suspends by
// itself; only what the body awaits can. co is the handle of the awaiting
// coroutine. A coroutine can be awaited once; a second Await (or an Await
// of a coroutine already driven by a task) returns [ErrReused].
func (c *Coroutine[T]) Await(co *Co) (T, error) {
	if c.state != Created {
		var zero T
		switch {
		case c.state == Suspended:
			return zero, ErrBeingAwaited
		case c.state == Running && co.serial() != c.awaiter:
			// Running inline under another coroutine's goroutine, which
			// is suspended right now (we are running): Python sees a
			// coroutine suspended in an await.
			return zero, ErrBeingAwaited
		case c.state == Running:
			return zero, ErrAlreadyRunning
		}
		return zero, ErrReused
	}
	c.state = Running
	c.awaiter = co.serial()
	c.markStarted()
	c.result, c.err = c.fn(co)
	c.state = Closed
	return c.result, c.err
}

// markStarted records, for a coroutine tracked in debug mode (the only
// ones with a control block before they start), that it was used.
func (c *Coroutine[T]) markStarted() {
	if ctl := c.ctl.Load(); ctl != nil {
		ctl.started.Store(true)
	}
}

// FuncName derives a readable name from a Go function value: the package
// path and the ".funcN" suffixes of closures are dropped, so the closure
// returned by func fibn reads "fibn".
func FuncName(fn any) string {
	name := funcName(fn)
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	// A method value: "(*Loop).runUntilCompleteCb-fm" reads
	// "Loop.runUntilCompleteCb".
	name = strings.TrimSuffix(name, "-fm")
	name = strings.NewReplacer("(*", "", ")", "").Replace(name)
	parts := strings.Split(name, ".")
	keep := parts[:0]
	for _, p := range parts {
		if strings.HasPrefix(p, "func") && len(p) > 4 && isDigits(p[4:]) || isDigits(p) || p == "gowrap1" {
			continue
		}
		keep = append(keep, p)
	}
	if len(keep) == 0 {
		return name
	}
	return strings.Join(keep, ".")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func funcName(fn any) string {
	pc := funcPC(fn)
	if pc == 0 {
		return "?"
	}
	f := runtime.FuncForPC(pc)
	if f == nil {
		return "?"
	}
	return f.Name()
}
