package locks

import (
	"strconv"
	"sync"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// This file is mixins.py (the loop binding every primitive shares) plus
// the FIFO of waiter futures that locks.py keeps in a collections.deque.

// bindMu guards the first binding of a primitive to a loop, as CPython's
// module-level _global_lock does. It makes the binding itself safe; the
// rest of a primitive's state belongs to the goroutine of its loop.
var bindMu sync.Mutex

// loopBound is _LoopBoundMixin: the loop a primitive is bound to, nil
// until the primitive first has to create a waiter future.
type loopBound struct {
	loop task.EventLoop
}

// getLoop is _LoopBoundMixin._get_loop. It is called only on contention,
// when a waiter future must be created: the first call binds the loop
// running co; a later call from a coroutine of another loop returns
// RuntimeError("<repr> is bound to a different event loop"), where repr
// is self's String at that moment. A co that is not run by a task has no
// running loop: the error is task.ErrNoRunningLoop and nothing is bound.
func (b *loopBound) getLoop(co *coroutine.Co, self interface{ String() string }) (task.EventLoop, error) {
	l, err := task.GetRunningLoop(co)
	if err != nil {
		return nil, err
	}
	bindMu.Lock()
	if b.loop == nil {
		b.loop = l
	}
	bound := b.loop
	bindMu.Unlock()
	if bound != l {
		return nil, task.RuntimeError(self.String() + " is bound to a different event loop")
	}
	return l, nil
}

// waiter is one entry of a waitList: the future a suspended coroutine
// awaits.
type waiter struct {
	fut        *task.Future[struct{}]
	prev, next *waiter
	list       *waitList // nil once removed
}

// waitList is the deque of waiter futures, oldest first. Entries are
// appended by the coroutine that waits and removed by that same coroutine
// when it resumes (the "finally: self._waiters.remove(fut)" of locks.py),
// in O(1). Its zero value is an empty list.
type waitList struct {
	head, tail *waiter
	n          int
}

// push appends fut and returns its entry.
func (w *waitList) push(fut *task.Future[struct{}]) *waiter {
	e := &waiter{fut: fut, prev: w.tail, list: w}
	if w.tail != nil {
		w.tail.next = e
	} else {
		w.head = e
	}
	w.tail = e
	w.n++
	return e
}

// remove unlinks e; removing an entry twice does nothing.
func (w *waitList) remove(e *waiter) {
	if e.list != w {
		return
	}
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		w.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		w.tail = e.prev
	}
	e.prev, e.next, e.list = nil, nil, nil
	w.n--
}

// len is len(self._waiters).
func (w *waitList) len() int { return w.n }

// allCancelled reports whether every waiter's future is cancelled (true
// for an empty list): all(w.cancelled() for w in self._waiters).
func (w *waitList) allCancelled() bool {
	for e := w.head; e != nil; e = e.next {
		if !e.fut.Cancelled() {
			return false
		}
	}
	return true
}

// await suspends co on fut, whose entry in w is e, and removes the entry
// when co resumes. The deferred removal also runs when the coroutine is
// closed while it waits (its loop closing), as a Python finally clause
// runs on GeneratorExit.
func (w *waitList) await(co *coroutine.Co, e *waiter) error {
	defer w.remove(e)
	_, err := e.fut.Await(co)
	return err
}

// suffix formats the ", waiters:N" part of a repr.
func (w *waitList) suffix() string {
	if w.n == 0 {
		return ""
	}
	return ", waiters:" + strconv.Itoa(w.n)
}

// with is _ContextManagerMixin: acquire, run body, release on the way out
// (also when body panics). Like __aexit__, an error from release replaces
// the body's error; otherwise the body's error is returned.
func with(co *coroutine.Co, acquire func(*coroutine.Co) error, release func() error, body func() error) (err error) {
	if err := acquire(co); err != nil {
		return err
	}
	defer func() {
		if rerr := release(); rerr != nil {
			err = rerr
		}
	}()
	return body()
}
