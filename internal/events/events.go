// Package events holds the callback handles the event loop queues and
// runs: Python's events.Handle and events.TimerHandle. They live below
// both task (which declares the abstract loop that returns them) and loop
// (which runs them), and are re-exported as task.Handle and
// task.TimerHandle.
package events

import (
	"fmt"
	"strconv"

	"github.com/goasyncio/goasyncio/coroutine"
)

// Handle is a callback queued on an event loop: Python's events.Handle,
// what call_soon returns. Cancel it to keep it from running. A Handle is
// created and run on the loop's goroutine; only Cancel may be called by
// the code that holds it.
type Handle struct {
	fn    func()        // plain callback (call_soon)
	fnArg func(any)     // callback with one argument (future callbacks, task steps)
	arg   any           // the argument for fnArg
	name  func() string // lazily describes the callback for reprs

	// src is the code address of the user function the callback stands
	// for, when fnArg is a wrapper around it (a future's done callback);
	// 0 otherwise. Reports locate the callback by it.
	src uintptr

	cancelled bool
	// Pooled marks a handle the loop owns and recycles after it runs:
	// only handles that were never returned to user code.
	Pooled bool
}

// NewHandle returns a handle that calls fn.
func NewHandle(fn func()) *Handle { return &Handle{fn: fn} }

// Set (re)initialises a handle to call fnArg(arg). The loop uses it on
// recycled handles; name describes the callback in reprs and may be nil.
func (h *Handle) Set(fnArg func(any), arg any, name func() string) {
	h.fn, h.fnArg, h.arg, h.name, h.src, h.cancelled = nil, fnArg, arg, name, 0, false
}

// SetSource records the code address of the function the callback stands
// for (see Source).
func (h *Handle) SetSource(pc uintptr) { h.src = pc }

// Source returns the code address of the function the callback stands
// for when its func is a wrapper (a future's done callback wraps the
// function given to add_done_callback), or 0: then Func locates it.
func (h *Handle) Source() uintptr { return h.src }

// Reset drops the callback and its argument so a pooled handle holds no
// references while it waits to be reused.
func (h *Handle) Reset() {
	h.fn, h.fnArg, h.arg, h.name, h.src, h.cancelled = nil, nil, nil, nil, 0, false
}

// Cancel keeps the handle's callback from running (Handle.cancel). It is
// idempotent. The callback and its argument are dropped at once.
func (h *Handle) Cancel() {
	if h.cancelled {
		return
	}
	h.cancelled = true
	h.fn, h.fnArg, h.arg = nil, nil, nil
}

// Cancelled reports whether Cancel was called (Handle.cancelled).
func (h *Handle) Cancelled() bool { return h.cancelled }

// Run calls the callback (Handle._run). The loop calls it; a panic in the
// callback propagates to the loop, which reports it through its exception
// handler.
func (h *Handle) Run() {
	if h.fn != nil {
		h.fn()
		return
	}
	if h.fnArg != nil {
		h.fnArg(h.arg)
	}
}

// Arg returns the argument of a one-argument callback: for a task step,
// the task; for a future's done callback, the future.
func (h *Handle) Arg() any { return h.arg }

// Func returns the callback function (a func() or func(any)), or nil once
// the handle is cancelled.
func (h *Handle) Func() any {
	if h.fn != nil {
		return h.fn
	}
	if h.fnArg != nil {
		return h.fnArg
	}
	return nil
}

// CallbackName describes the callback the way CPython's reprs do: "f()".
func (h *Handle) CallbackName() string {
	switch {
	case h.name != nil:
		return h.name()
	case h.fn != nil:
		return coroutine.FuncName(h.fn) + "()"
	case h.fnArg != nil:
		return coroutine.FuncName(h.fnArg) + "()"
	}
	return ""
}

// String returns Python's repr: "<Handle f()>" or "<Handle cancelled>".
func (h *Handle) String() string {
	if h.cancelled {
		return "<Handle cancelled>"
	}
	return "<Handle " + h.CallbackName() + ">"
}

// TimerCanceller is the part of the loop a TimerHandle tells when it is
// cancelled (BaseEventLoop._timer_handle_cancelled).
type TimerCanceller interface {
	TimerHandleCancelled(th *TimerHandle)
}

// TimerHandle is a callback scheduled for a loop time: Python's
// events.TimerHandle, what call_later and call_at return. Timers order by
// their deadline alone ([TimerHandle.Less]); equal deadlines come out in
// the order CPython's heapq gives.
type TimerHandle struct {
	Handle
	when      float64
	loop      TimerCanceller
	Scheduled bool // in the loop's heap (TimerHandle._scheduled); the loop keeps it
}

// NewTimerHandle returns a timer for loop time when that calls fn.
func NewTimerHandle(when float64, fn func(), l TimerCanceller) *TimerHandle {
	return &TimerHandle{Handle: Handle{fn: fn}, when: when, loop: l}
}

// NewTimerHandleArg returns a timer for loop time when that calls fnArg(arg).
func NewTimerHandleArg(when float64, fnArg func(any), arg any, l TimerCanceller) *TimerHandle {
	return &TimerHandle{Handle: Handle{fnArg: fnArg, arg: arg}, when: when, loop: l}
}

// When returns the loop time the timer is due at (TimerHandle.when()).
func (th *TimerHandle) When() float64 { return th.when }

// Less orders timers by deadline only, like TimerHandle.__lt__.
func Less(a, b *TimerHandle) bool { return a.when < b.when }

// Cancel keeps the timer from running and tells the loop, which counts
// cancelled timers still in its heap (TimerHandle.cancel).
func (th *TimerHandle) Cancel() {
	if th.cancelled {
		return
	}
	if th.loop != nil {
		th.loop.TimerHandleCancelled(th)
	}
	th.Handle.Cancel()
}

// String returns Python's repr: "<TimerHandle when=12.5 f()>".
func (th *TimerHandle) String() string {
	if th.cancelled {
		return "<TimerHandle cancelled when=" + formatWhen(th.when) + ">"
	}
	return fmt.Sprintf("<TimerHandle when=%s %s>", formatWhen(th.when), th.CallbackName())
}

func formatWhen(w float64) string {
	s := strconv.FormatFloat(w, 'f', -1, 64)
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s
		}
	}
	return s + ".0"
}
