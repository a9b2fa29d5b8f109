package task

import (
	"fmt"
	"iter"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
)

// This file is the waiting half of tasks.py: wait_for, wait, as_completed
// and shield.

// WaitFor awaits aw with a timeout (asyncio.wait_for, 3.12+). The work
// runs in the calling task, under a Timeout: at the deadline it is
// cancelled, and WaitFor returns a *TimeoutError once the cancellation has
// been handled. If the work swallows the cancellation and returns a value,
// WaitFor returns that value. A timeout of zero or less does not run a
// coroutine's body at all: the work is wrapped in a future, cancelled and
// waited for, unless it is already done. NoTimeout waits forever.
func WaitFor[T any](co *coroutine.Co, aw Awaitable[T], timeout time.Duration) (T, error) {
	var zero T
	if TaskOf(co) == nil {
		return zero, RuntimeError("Timeout should be used inside a task")
	}
	if timeout <= 0 {
		fut, err := EnsureFuture(co, aw)
		if err != nil {
			return zero, err
		}
		if fut.Done() {
			return fut.Result()
		}
		if err := cancelAndWait(co, fut); err != nil {
			return zero, err
		}
		r, err := fut.Result()
		if IsCancelled(err) {
			return zero, &TimeoutError{cause: err}
		}
		return r, err
	}
	var r T
	err := WithTimeout(co, timeout, func(*Timeout) error {
		var err error
		r, err = aw.Await(co)
		return err
	})
	if err != nil {
		return zero, err
	}
	return r, nil
}

// cancelAndWait is _cancel_and_wait: cancel fut and wait until it is
// really done.
func cancelAndWait(co *coroutine.Co, fut AnyFuture) error {
	waiter := NewFuture[struct{}](co)
	release := func(AnyFuture) {
		if !waiter.Done() {
			_ = waiter.SetResult(struct{}{})
		}
	}
	AddDoneCallbackNamed(fut, release, cbReleaseWaiter)
	defer fut.RemoveDoneCallback(release)
	fut.Cancel()
	_, err := waiter.Await(co)
	return err
}

// ReturnWhen says when Wait returns.
type ReturnWhen int

const (
	// AllCompleted: when every future is done (ALL_COMPLETED).
	AllCompleted ReturnWhen = iota
	// FirstCompleted: when any future is done (FIRST_COMPLETED).
	FirstCompleted
	// FirstException: when any future finishes with an exception, or all
	// are done (FIRST_EXCEPTION).
	FirstException
)

func (r ReturnWhen) String() string {
	switch r {
	case AllCompleted:
		return "ALL_COMPLETED"
	case FirstCompleted:
		return "FIRST_COMPLETED"
	case FirstException:
		return "FIRST_EXCEPTION"
	}
	return fmt.Sprintf("ReturnWhen(%d)", int(r))
}

// Wait waits for the futures fs until returnWhen is met or the timeout
// passes, and returns them split into done and pending, each in argument
// order with duplicates removed (asyncio.wait; CPython returns sets). It
// never raises a future's exception and never cancels anything. An empty
// fs returns ValueError('Set of Tasks/Futures is empty.'). Coroutines are
// not accepted (wrap them in tasks first), which Go's types enforce.
func Wait[F AnyFuture](co *coroutine.Co, fs []F, timeout time.Duration, returnWhen ReturnWhen) (done, pending []F, err error) {
	if len(fs) == 0 {
		return nil, nil, ValueError("Set of Tasks/Futures is empty.")
	}
	if returnWhen != AllCompleted && returnWhen != FirstCompleted && returnWhen != FirstException {
		return nil, nil, ValueError("Invalid return_when value: " + returnWhen.String())
	}
	set := uniqueFutures(fs)
	l := loopOf(co)
	waiter := NewFuture[struct{}](co)
	var timer *TimerHandle
	if timeout != NoTimeout {
		timer, err = l.CallLater(timeout, func() {
			if !waiter.Done() {
				_ = waiter.SetResult(struct{}{})
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	counter := len(set)
	onCompletion := func(f AnyFuture) {
		counter--
		if counter <= 0 || returnWhen == FirstCompleted ||
			returnWhen == FirstException && !f.Cancelled() && excOf(f) != nil {
			if timer != nil {
				timer.Cancel()
			}
			if !waiter.Done() {
				_ = waiter.SetResult(struct{}{})
			}
		}
	}
	for _, f := range set {
		AddDoneCallbackNamed(f, onCompletion, cbWaitName)
	}
	_, err = waiter.Await(co)
	if timer != nil {
		timer.Cancel()
	}
	for _, f := range set {
		f.RemoveDoneCallback(onCompletion)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, f := range set {
		if f.Done() {
			done = append(done, f)
		} else {
			pending = append(pending, f)
		}
	}
	return done, pending, nil
}

// excOf is f.exception() for a done, not cancelled future, without
// marking it retrieved twice in a way that matters.
func excOf(f AnyFuture) error {
	exc, _ := f.Exception()
	return exc
}

func uniqueFutures[F AnyFuture](fs []F) []F {
	out := make([]F, 0, len(fs))
	seen := make(map[AnyFuture]struct{}, len(fs))
	for _, f := range fs {
		if _, ok := seen[f]; ok {
			continue
		}
		seen[f] = struct{}{}
		out = append(out, f)
	}
	return out
}

// AsCompleted yields the futures fs as they complete, as a range-over-func
// iterator: Python 3.13's "async for f in as_completed(fs)". The loop body
// runs in the calling coroutine; each step suspends it until the next
// future is done. If the timeout passes first, each remaining step yields
// a *TimeoutError (the zero F with it); the futures are not cancelled.
//
//	for f, err := range task.AsCompleted(co, tasks, task.NoTimeout) { ... }
func AsCompleted[F AnyFuture](co *coroutine.Co, fs []F, timeout time.Duration) iter.Seq2[F, error] {
	set := uniqueFutures(fs)
	l := loopOf(co)
	it := &asCompleted[F]{co: co, todo: make(map[AnyFuture]F, len(set))}
	for _, f := range set {
		it.todo[f] = f
	}
	it.left = len(set)
	for _, f := range set {
		AddDoneCallbackNamed(f, it.handleCompletion, cbAsCompletedName)
	}
	if len(set) > 0 && timeout != NoTimeout {
		it.timer, _ = l.CallLater(timeout, it.handleTimeout)
	}
	it.order = set
	return func(yield func(F, error) bool) {
		for it.left > 0 {
			it.left--
			f, err := it.waitForOne()
			if !yield(f, err) {
				return
			}
		}
	}
}

type asCompleted[F AnyFuture] struct {
	co    *coroutine.Co
	todo  map[AnyFuture]F
	order []F
	done  []*F // completed futures in completion order; nil = timeout
	left  int
	timer *TimerHandle
	// getter is the future a step waits on while done is empty (the
	// getter of the asyncio.Queue CPython uses here).
	getter *Future[struct{}]
}

func (it *asCompleted[F]) handleTimeout() {
	for _, f := range it.order {
		if _, ok := it.todo[f]; !ok {
			continue
		}
		f.RemoveDoneCallback(it.handleCompletion)
		it.put(nil)
	}
	clear(it.todo)
}

func (it *asCompleted[F]) handleCompletion(a AnyFuture) {
	if len(it.todo) == 0 {
		return
	}
	f, ok := it.todo[a]
	if !ok {
		return
	}
	delete(it.todo, a)
	it.put(&f)
	if len(it.todo) == 0 && it.timer != nil {
		it.timer.Cancel()
	}
}

// put is Queue.put_nowait: append, then wake the waiting step.
func (it *asCompleted[F]) put(f *F) {
	it.done = append(it.done, f)
	if it.getter != nil && !it.getter.Done() {
		_ = it.getter.SetResult(struct{}{})
	}
}

// waitForOne is _wait_for_one: Queue.get, then the sentinel check.
func (it *asCompleted[F]) waitForOne() (F, error) {
	var zero F
	for len(it.done) == 0 {
		it.getter = NewFuture[struct{}](it.co)
		if _, err := it.getter.Await(it.co); err != nil {
			it.getter = nil
			return zero, err
		}
		it.getter = nil
	}
	f := it.done[0]
	it.done = it.done[1:]
	if f == nil {
		return zero, &TimeoutError{}
	}
	return *f, nil
}

// Shield protects aw from cancellation (asyncio.shield). If aw is already
// done, it is returned as it is. Otherwise Shield returns a new future that
// follows aw: cancelling it (for example by cancelling the task that awaits
// it) leaves aw running; if aw itself is cancelled, so is the returned
// future.
func Shield[T any](s Scope, aw Awaitable[T]) (FutureLike[T], error) {
	inner, err := EnsureFuture(s, aw)
	if err != nil {
		return nil, err
	}
	if inner.Done() {
		return inner, nil
	}
	outer := NewFuture[T](inner.Loop())
	innerDone := func(AnyFuture) {
		if outer.Cancelled() {
			if !inner.Cancelled() {
				_, _ = inner.Exception()
			}
			return
		}
		if inner.Cancelled() {
			outer.Cancel()
			return
		}
		r, err := inner.Result()
		if err != nil {
			_ = outer.SetException(err)
		} else {
			_ = outer.SetResult(r)
		}
	}
	outerDone := func(AnyFuture) {
		if !inner.Done() {
			inner.RemoveDoneCallback(innerDone)
		}
	}
	AddDoneCallbackNamed(inner, innerDone, cbShieldInner)
	AddDoneCallbackNamed(outer, outerDone, cbShieldOuter)
	return outer, nil
}
