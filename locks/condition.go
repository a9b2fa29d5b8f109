package locks

import (
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// Condition is asyncio.Condition: a condition variable over a Lock.
// Coroutines holding the lock wait to be notified by another coroutine;
// Wait gives the lock up while waiting and takes it back before
// returning.
//
// Create one with [NewCondition]. The zero value is also usable: it
// creates its own Lock on first use, like Condition(). A Condition must
// not be copied after first use. Its methods must be called on the
// goroutine of the loop it is used with.
type Condition struct {
	loopBound
	lock    *Lock
	waiters waitList
}

// NewCondition returns a Condition over lock (Condition(lock)); with a
// nil lock it creates its own (Condition()). Several conditions may share
// one lock.
func NewCondition(lock *Lock) *Condition {
	if lock == nil {
		lock = &Lock{}
	}
	return &Condition{lock: lock}
}

// Lock returns the underlying lock.
func (c *Condition) Lock() *Lock {
	if c.lock == nil {
		c.lock = &Lock{}
	}
	return c.lock
}

// Locked reports whether the underlying lock is held (locked()).
func (c *Condition) Locked() bool { return c.Lock().Locked() }

// Acquire acquires the underlying lock (acquire()); see [Lock.Acquire].
func (c *Condition) Acquire(co *coroutine.Co) error { return c.Lock().Acquire(co) }

// Release releases the underlying lock (release()); see [Lock.Release].
func (c *Condition) Release() error { return c.Lock().Release() }

// With runs body while holding the underlying lock: "async with cond:".
// See [Lock.With].
func (c *Condition) With(co *coroutine.Co, body func() error) error {
	return with(co, c.Acquire, c.Release, body)
}

// Wait releases the lock, suspends co until it is notified, then
// re-acquires the lock and returns (wait()). The caller must hold the
// lock: otherwise Wait returns RuntimeError("cannot wait on un-acquired
// lock"). Wait may return without a matching notification (a spurious
// wake-up); re-check the state, or use [Condition.WaitFor].
//
// Wait re-acquires the lock in every case, also when the task is
// cancelled while waiting or while re-acquiring: it keeps acquiring
// until it has the lock, then returns the last *task.CancelledError it
// received. On any error it notifies one other waiter, in case this one
// had been notified and is not going to act on it (CPython 3.13's
// cancellation path). The first wait binds the condition to co's loop;
// from another loop it returns RuntimeError("<...> is bound to a
// different event loop").
func (c *Condition) Wait(co *coroutine.Co) error {
	lock := c.Lock()
	if !lock.Locked() {
		return task.RuntimeError("cannot wait on un-acquired lock")
	}
	lp, err := c.getLoop(co, c)
	if err != nil {
		return err
	}
	fut := task.NewFuture[struct{}](lp)
	if err := lock.Release(); err != nil {
		return err
	}
	err = c.waiters.await(co, c.waiters.push(fut))
	// Take the lock back whatever happened; only cancellations are
	// retried, the last one is what Wait returns.
	var cancelled error
	for {
		aerr := lock.Acquire(co)
		if aerr == nil {
			break
		}
		if !task.IsCancelled(aerr) {
			cancelled = aerr
			break
		}
		cancelled = aerr
	}
	if cancelled != nil {
		err = cancelled
	}
	if err != nil {
		// We may have been notified and will not act on it: pass the
		// notification on (a spurious wake-up for someone is allowed).
		c.notify(1)
		return err
	}
	return nil
}

// WaitFor waits until predicate returns true (wait_for(predicate)): it
// calls predicate, and while it returns false, calls Wait and tries
// again. The caller must hold the lock; predicate runs with the lock
// held. It returns Wait's first error.
func (c *Condition) WaitFor(co *coroutine.Co, predicate func() bool) error {
	for !predicate() {
		if err := c.Wait(co); err != nil {
			return err
		}
	}
	return nil
}

// Notify wakes up to n waiting coroutines, oldest first, skipping waiters
// already woken (notify(n)). A woken coroutine returns from Wait only
// once it gets the lock back, so the caller should release it. The
// caller must hold the lock: otherwise Notify returns
// RuntimeError("cannot notify on un-acquired lock").
func (c *Condition) Notify(n int) error {
	if !c.Locked() {
		return task.RuntimeError("cannot notify on un-acquired lock")
	}
	return c.notify(n)
}

// NotifyAll wakes every waiting coroutine (notify_all()); like Notify,
// the caller must hold the lock.
func (c *Condition) NotifyAll() error { return c.Notify(c.waiters.len()) }

// notify is _notify: set the result of the first n waiters not yet
// woken.
func (c *Condition) notify(n int) error {
	var first error
	woken := 0
	for w := c.waiters.head; w != nil && woken < n; w = w.next {
		if !w.fut.Done() {
			woken++
			if err := w.fut.SetResult(struct{}{}); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// String returns the repr: <asyncio.locks.Condition [unlocked]>,
// <asyncio.locks.Condition [locked, waiters:2]>.
func (c *Condition) String() string {
	state := "unlocked"
	if c.Locked() {
		state = "locked"
	}
	return "<asyncio.locks.Condition [" + state + c.waiters.suffix() + "]>"
}
