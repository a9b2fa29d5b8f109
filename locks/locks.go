// Package locks is asyncio's synchronisation primitives (locks.py) and
// their loop binding (mixins.py): Lock, Event, Condition, Semaphore,
// BoundedSemaphore and Barrier, with CPython 3.13's fairness and
// cancellation behaviour.
//
// These primitives are for coroutines of one event loop, not for
// goroutines: every method must be called on the goroutine that runs the
// loop, that is from a coroutine run by one of its tasks or from one of
// its callbacks. To act on a primitive from a plain goroutine, schedule
// the call with the loop's CallSoonThreadsafe. Methods that may suspend
// take the calling coroutine's *coroutine.Co.
//
// The rules that decide who runs when:
//
//   - Waiters queue in FIFO order. Waking a waiter sets the result of its
//     future; the woken coroutine runs one loop iteration later, as with
//     any future.
//   - Nothing is handed over. Lock.Release unlocks and wakes the first
//     waiter, and the lock reads unlocked until that waiter runs and
//     takes it. An Acquire arriving in that window still queues, behind
//     the woken waiter, because a waiter that is not cancelled exists.
//   - A waiter that is woken and then cancelled before it runs passes its
//     turn to the next waiter.
//   - A primitive is bound to a loop the first time a coroutine has to
//     wait on it (never when it is uncontended). Waiting on it later from
//     a coroutine of another loop returns RuntimeError("<...> is bound to
//     a different event loop").
//
// Errors are values with CPython's messages: task.RuntimeError,
// task.ValueError, [BrokenBarrierError], and the *task.CancelledError of
// a cancelled wait.
//
// String methods give CPython's repr without the object address, which
// is not reproducible: CPython's "<asyncio.locks.Lock object at 0x7f...
// [locked, waiters:2]>" reads "<asyncio.locks.Lock [locked, waiters:2]>".
package locks

import (
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// ErrLockNotAcquired is what Release returns on an unlocked Lock (and on
// a Condition whose lock is unlocked).
var ErrLockNotAcquired error = task.RuntimeError("Lock is not acquired.")

// Lock is asyncio.Lock: a lock owned by no particular task. Waiters are
// served in FIFO order, and a release does not hand the lock to the
// woken waiter (see the package documentation).
//
// The zero value is an unlocked Lock, ready to use. A Lock must not be
// copied after first use. Its methods must be called on the goroutine of
// the loop it is used with.
type Lock struct {
	loopBound
	waiters waitList
	locked  bool
}

// Locked reports whether the lock is held (locked()). It reads false
// between a Release and the moment the woken waiter runs.
func (l *Lock) Locked() bool { return l.locked }

// Acquire takes the lock, suspending co until it is its turn (acquire()).
// It returns at once if the lock is unlocked and no waiter is queued
// (waiters that are all cancelled do not count); otherwise it queues a
// waiter future and waits. The first wait binds the lock to co's loop;
// a wait from another loop returns RuntimeError("<asyncio.locks.Lock
// [...]> is bound to a different event loop").
//
// If the task is cancelled while waiting, Acquire returns its
// *task.CancelledError without the lock, and if the lock is unlocked at
// that moment it wakes the next waiter, so a cancelled waiter passes its
// turn on.
func (l *Lock) Acquire(co *coroutine.Co) error {
	if !l.locked && l.waiters.allCancelled() {
		l.locked = true
		return nil
	}
	lp, err := l.getLoop(co, l)
	if err != nil {
		return err
	}
	w := l.waiters.push(task.NewFuture[struct{}](lp))
	if err := l.waiters.await(co, w); err != nil {
		if task.IsCancelled(err) && !l.locked {
			_ = l.wakeUpFirst()
		}
		return err
	}
	l.locked = true
	return nil
}

// Release unlocks the lock and wakes the first waiter, if it is not
// woken already (release()). The lock is not handed to that waiter: it
// reads unlocked until the waiter runs. Any task or callback may release
// the lock, not only the one that acquired it. On an unlocked lock it
// returns RuntimeError("Lock is not acquired.") ([ErrLockNotAcquired]).
// If the waiter's loop is closed, the wake-up is lost and the loop's
// error (task.ErrLoopClosed) is returned.
func (l *Lock) Release() error {
	if !l.locked {
		return ErrLockNotAcquired
	}
	l.locked = false
	return l.wakeUpFirst()
}

// wakeUpFirst is _wake_up_first: only the head of the queue is looked at;
// a head already woken (done) is left alone.
func (l *Lock) wakeUpFirst() error {
	if l.waiters.head == nil {
		return nil
	}
	if f := l.waiters.head.fut; !f.Done() {
		return f.SetResult(struct{}{})
	}
	return nil
}

// With runs body while holding the lock: Python's "async with lock:".
// It acquires the lock (returning Acquire's error without running body),
// runs body, and releases the lock on the way out, also when body panics.
// It returns body's error, unless Release fails, whose error then wins
// (as an exception raised by __aexit__ replaces the body's).
func (l *Lock) With(co *coroutine.Co, body func() error) error {
	return with(co, l.Acquire, l.Release, body)
}

// String returns the repr: <asyncio.locks.Lock [unlocked]>,
// <asyncio.locks.Lock [locked, waiters:2]> (CPython's, without the
// object address).
func (l *Lock) String() string {
	state := "unlocked"
	if l.locked {
		state = "locked"
	}
	return "<asyncio.locks.Lock [" + state + l.waiters.suffix() + "]>"
}

// Event is asyncio.Event: a flag that coroutines can wait to become set.
//
// The zero value is a clear Event, ready to use. An Event must not be
// copied after first use. Its methods must be called on the goroutine of
// the loop it is used with.
type Event struct {
	loopBound
	waiters waitList
	value   bool
}

// IsSet reports whether the flag is set (is_set()).
func (e *Event) IsSet() bool { return e.value }

// Set sets the flag and wakes every waiter, in the order they started
// waiting (set()). Coroutines that wait after this return at once. On a
// set event it does nothing. Wake-ups to a closed loop are lost.
func (e *Event) Set() {
	if e.value {
		return
	}
	e.value = true
	for w := e.waiters.head; w != nil; w = w.next {
		if !w.fut.Done() {
			_ = w.fut.SetResult(struct{}{})
		}
	}
}

// Clear resets the flag (clear()). Waiters already woken by Set still
// return nil: they do not look at the flag again.
func (e *Event) Clear() { e.value = false }

// Wait suspends co until the flag is set (wait()). If it is set already,
// Wait returns nil without suspending. The first wait binds the event to
// co's loop; a wait from another loop returns RuntimeError("<...> is
// bound to a different event loop"). A cancelled wait returns the
// *task.CancelledError.
func (e *Event) Wait(co *coroutine.Co) error {
	if e.value {
		return nil
	}
	lp, err := e.getLoop(co, e)
	if err != nil {
		return err
	}
	return e.waiters.await(co, e.waiters.push(task.NewFuture[struct{}](lp)))
}

// String returns the repr: <asyncio.locks.Event [unset]>,
// <asyncio.locks.Event [set, waiters:1]>.
func (e *Event) String() string {
	state := "unset"
	if e.value {
		state = "set"
	}
	return "<asyncio.locks.Event [" + state + e.waiters.suffix() + "]>"
}
