package task

import (
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
)

// This file is asyncio.sleep.

// Sleep suspends the coroutine co for d (asyncio.sleep). A d of zero or
// less is Python's sleep(0): a bare yield that lets exactly one loop
// iteration pass, with no future and no timer. Otherwise a future is
// completed by a call_later timer, and the task resumes one iteration
// after the timer fires. A cancellation ends the sleep early with a
// CancelledError; the timer is cancelled on the way out.
func Sleep(co *coroutine.Co, d time.Duration) error {
	if d <= 0 {
		return co.Yield(nil)
	}
	l := loopOf(co)
	f := &Future[struct{}]{}
	f.init(l, f)
	h, err := l.CallLaterArg(d, wakeSleeper, f)
	if err != nil {
		return err
	}
	_, err = f.Await(co)
	h.Cancel()
	return err
}

// wakeSleeper is Sleep's timer callback: _set_result_unless_cancelled.
func wakeSleeper(a any) {
	f := a.(*Future[struct{}])
	if !f.Cancelled() {
		_ = f.SetResult(struct{}{})
	}
}

// SleepValue is Sleep that returns v when it ends: sleep(delay, result).
func SleepValue[T any](co *coroutine.Co, d time.Duration, v T) (T, error) {
	if d <= 0 {
		err := co.Yield(nil)
		return v, err
	}
	l := loopOf(co)
	f := &Future[T]{}
	f.init(l, f)
	h, err := l.CallLaterArg(d, setResultUnlessCancelled[T], sleepArg[T]{f, v})
	if err != nil {
		var zero T
		return zero, err
	}
	r, err := f.Await(co)
	h.Cancel()
	return r, err
}

type sleepArg[T any] struct {
	f *Future[T]
	v T
}

// setResultUnlessCancelled is futures._set_result_unless_cancelled.
func setResultUnlessCancelled[T any](a any) {
	s := a.(sleepArg[T])
	if s.f.Cancelled() {
		return
	}
	_ = s.f.SetResult(s.v)
}
