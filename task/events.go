package task

import (
	"time"

	"github.com/goasyncio/goasyncio/internal/events"
)

// This file is events.py: what futures and tasks need from an event loop.
// Package loop provides the concrete loop; futures and tasks see only this
// interface, as futures.py and tasks.py see only the abstract loop.

// Handle is a queued callback (events.Handle): call_soon returns one.
type Handle = events.Handle

// TimerHandle is a callback scheduled for a loop time (events.TimerHandle):
// call_later and call_at return one.
type TimerHandle = events.TimerHandle

// EventLoop is the abstract event loop futures and tasks are bound to
// (events.AbstractEventLoop). *loop.Loop implements it. Unless a method
// says otherwise, it must be called on the goroutine that runs the loop
// (or, while the loop is not running, on the goroutine that owns it).
type EventLoop interface {
	// CallSoon queues fn to run in a later iteration (call_soon). On a
	// closed loop it returns ErrLoopClosed.
	CallSoon(fn func()) (*Handle, error)
	// CallLater schedules fn for Time()+delay (call_later).
	CallLater(delay time.Duration, fn func()) (*TimerHandle, error)
	// CallAt schedules fn for loop time when, in seconds (call_at).
	CallAt(when float64, fn func()) (*TimerHandle, error)
	// CallSoonThreadsafe is CallSoon for any goroutine; it wakes a loop
	// that waits for its next timer.
	CallSoonThreadsafe(fn func()) (*Handle, error)
	// Time returns the loop's clock in seconds (loop.time()).
	Time() float64
	// IsRunning and IsClosed report the loop's lifecycle state.
	IsRunning() bool
	IsClosed() bool
	// GetDebug reports whether debug mode is on.
	GetDebug() bool
	// CallExceptionHandler reports an error the loop cannot raise to
	// anyone (call_exception_handler).
	CallExceptionHandler(ctx ExceptionContext)

	// CallSoonArg queues fn(arg) like CallSoon but returns no handle, so
	// the loop may recycle it: the hot path of future callbacks and task
	// steps. name describes the callback in reprs and may be nil; src is
	// the code address of the user function fn wraps (0 if none), by
	// which reports locate the callback.
	CallSoonArg(fn func(any), arg any, name func() string, src uintptr) error
	// CallSoonHandle queues an existing handle (a task's own step handle,
	// reused for each of its steps).
	CallSoonHandle(h *Handle) error
	// CallLaterArg is CallLater for fn(arg), without a closure.
	CallLaterArg(delay time.Duration, fn func(any), arg any) (*TimerHandle, error)
	// Tasks returns the loop's task bookkeeping (current task, live tasks,
	// unretrieved exceptions), which package task keeps per loop.
	Tasks() *LoopState
}

// ExceptionContext is what call_exception_handler receives: Python's
// context dict with its well-known keys as fields.
type ExceptionContext struct {
	// Message is the description ("Task exception was never retrieved").
	Message string
	// Exception is the error, if any ('exception').
	Exception error
	// Future is the future or task concerned ('future' / 'task').
	Future AnyFuture
	// Task is set instead of Future for task-specific reports ('task').
	Task AnyTask
	// Handle is the callback that failed ('handle').
	Handle *Handle
	// SourceTraceback is where the object concerned was created, in debug
	// mode ('source_traceback').
	SourceTraceback string
	// Extra holds any other keys, printed sorted by the default handler.
	Extra map[string]any
}
