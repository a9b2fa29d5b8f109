package task

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is timeouts.py: asyncio.timeout and asyncio.timeout_at. A
// Timeout, once entered by a task, schedules a callback that cancels the
// task at the deadline; on the way out it turns the resulting
// CancelledError into a TimeoutError, but only if that cancellation was
// its own (uncancel() brings the count back to where it was on entry).

// Never is the deadline of a timeout that never expires (Python's None).
var Never = math.Inf(1)

// NoTimeout as a delay means "no timeout" (Python's timeout=None).
const NoTimeout time.Duration = math.MaxInt64

// TimeoutError is the error of an expired timeout (Python's builtin
// TimeoutError, which asyncio.TimeoutError is). It satisfies
// errors.Is(err, context.DeadlineExceeded). It is not a cancellation:
// errors.Is(err, context.Canceled) is false, although the timeout worked by
// cancelling; Cause returns that CancelledError (Python's __cause__).
type TimeoutError struct{ cause error }

// NewTimeoutError returns a TimeoutError raised from cause (may be nil).
func NewTimeoutError(cause error) *TimeoutError { return &TimeoutError{cause: cause} }

func (e *TimeoutError) Error() string { return "timeout" }

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (e *TimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// Cause returns the error the timeout was raised from (__cause__).
func (e *TimeoutError) Cause() error { return e.cause }

// PyRepr is Python's repr: TimeoutError().
func (e *TimeoutError) PyRepr() string { return "TimeoutError()" }

// PyStr is Python's str: "".
func (e *TimeoutError) PyStr() string { return "" }

type timeoutState uint8

const (
	timeoutCreated timeoutState = iota
	timeoutEntered
	timeoutExpiring
	timeoutExpired
	timeoutExited
)

func (s timeoutState) String() string {
	return [...]string{"created", "active", "expiring", "expired", "finished"}[s]
}

// Timeout is asyncio.Timeout: a deadline for a block of code run by
// Timeout.Run (async with). Create one with NewTimeout (timeout_at), or use
// WithTimeout / WithTimeoutAt. A Timeout is used once, by one task, on its
// loop's goroutine.
type Timeout struct {
	state      timeoutState
	when       float64
	handler    *Handle
	timer      *TimerHandle
	task       AnyTask
	loop       EventLoop
	cancelling int
}

// NewTimeout returns a timeout for loop time when; Never disables it
// (asyncio.Timeout(when)).
func NewTimeout(when float64) *Timeout { return &Timeout{when: when} }

// WithTimeout runs body with a deadline delay from now (async with
// asyncio.timeout(delay) as tm). If the deadline passes, the task is
// cancelled and WithTimeout returns a *TimeoutError instead of the
// CancelledError. NoTimeout disables the deadline.
func WithTimeout(co *coroutine.Co, delay time.Duration, body func(tm *Timeout) error) error {
	when := Never
	if delay != NoTimeout {
		l, err := GetRunningLoop(co)
		if err != nil {
			return RuntimeError("Timeout should be used inside a task")
		}
		when = l.Time() + delay.Seconds()
	}
	return WithTimeoutAt(co, when, body)
}

// WithTimeoutAt is WithTimeout with an absolute loop time
// (asyncio.timeout_at).
func WithTimeoutAt(co *coroutine.Co, when float64, body func(tm *Timeout) error) error {
	tm := NewTimeout(when)
	return tm.Run(co, func() error { return body(tm) })
}

// When returns the deadline, Never if there is none (when()).
func (tm *Timeout) When() float64 { return tm.when }

// Expired reports whether the deadline passed while the block ran
// (expired()).
func (tm *Timeout) Expired() bool {
	return tm.state == timeoutExpiring || tm.state == timeoutExpired
}

// Reschedule moves the deadline (reschedule()); Never disables it. It is
// only allowed while the block runs: before, it returns "Timeout has not
// been entered"; after, "Cannot change state of finished Timeout".
func (tm *Timeout) Reschedule(when float64) error {
	if tm.state != timeoutEntered {
		if tm.state == timeoutCreated {
			return RuntimeError("Timeout has not been entered")
		}
		return RuntimeError("Cannot change state of " + tm.state.String() + " Timeout")
	}
	tm.when = when
	tm.cancelHandler()
	if when == Never {
		return nil
	}
	var err error
	if when <= tm.loop.Time() {
		tm.handler, err = tm.loop.CallSoon(tm.onTimeout)
	} else {
		tm.timer, err = tm.loop.CallAt(when, tm.onTimeout)
	}
	return err
}

func (tm *Timeout) cancelHandler() {
	if tm.handler != nil {
		tm.handler.Cancel()
		tm.handler = nil
	}
	if tm.timer != nil {
		tm.timer.Cancel()
		tm.timer = nil
	}
}

// Run runs body inside the timeout (async with tm:). It must be called
// from a coroutine running in a task; entering twice is refused.
func (tm *Timeout) Run(co *coroutine.Co, body func() error) error {
	if err := tm.enter(co); err != nil {
		return err
	}
	exited := false
	defer func() {
		if !exited {
			// A panic (or runtime.Goexit) is leaving the block: disarm
			// the deadline as __aexit__ would, and let it go on.
			tm.cancelHandler()
			tm.state = timeoutExited
		}
	}()
	err := body()
	exited = true
	return tm.exit(err)
}

func (tm *Timeout) enter(co *coroutine.Co) error {
	if tm.state != timeoutCreated {
		return RuntimeError("Timeout has already been entered")
	}
	t := TaskOf(co)
	if t == nil {
		return RuntimeError("Timeout should be used inside a task")
	}
	tm.state = timeoutEntered
	tm.task = t
	tm.loop = t.Loop()
	tm.cancelling = t.Cancelling()
	return tm.Reschedule(tm.when)
}

func (tm *Timeout) exit(err error) error {
	tm.cancelHandler()
	switch tm.state {
	case timeoutExpiring:
		tm.state = timeoutExpired
		if tm.task.Uncancel() <= tm.cancelling && err != nil && IsCancelled(err) {
			return &TimeoutError{cause: err}
		}
	case timeoutEntered:
		tm.state = timeoutExited
	}
	return err
}

// onTimeout is _on_timeout: cancel the task at the deadline.
func (tm *Timeout) onTimeout() {
	tm.task.Cancel()
	tm.state = timeoutExpiring
	tm.handler, tm.timer = nil, nil
}

// String is Python's repr: <Timeout [active] when=12.5>.
func (tm *Timeout) String() string {
	s := "<Timeout [" + tm.state.String() + "]"
	if tm.state == timeoutEntered {
		if tm.when == Never {
			s += " when=None"
		} else {
			// round(when, 3), printed as a Python float.
			r, _ := strconv.ParseFloat(strconv.FormatFloat(tm.when, 'f', 3, 64), 64)
			s += " when=" + pyfmt.Repr(r)
		}
	}
	return s + ">"
}
