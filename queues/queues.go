// Package queues is asyncio's queues module (CPython 3.13's
// Lib/asyncio/queues.py): first-in first-out [Queue], [PriorityQueue] and
// last-in first-out [LifoQueue], for handing values from producer tasks to
// consumer tasks running on one event loop.
//
// Each operation behaves as its Python counterpart does, step for step, so
// a Go program and its Python twin wake their tasks in the same order:
//
//   - Blocked getters and putters wait on futures kept in two FIFO queues.
//     PutNowait wakes the first getter that is still waiting, GetNowait the
//     first putter. The item is not reserved for the woken task: it only
//     re-checks the queue when it next runs, and if another caller (for
//     example GetNowait) took the item in between, it waits again at the
//     back of the line.
//   - A waiting getter or putter that is cancelled removes itself. If it had
//     already been woken and the item (the free slot) is still there, it
//     passes the wakeup on to the next in line.
//   - Each PutNowait adds one unfinished task; TaskDone removes one; Join
//     waits until none are left.
//   - Shutdown (new in 3.13) makes Put fail, makes Get fail once the queue
//     is empty (at once with immediate=true, which also discards the items)
//     and wakes every blocked caller.
//   - A queue binds to an event loop the first time a caller has to wait
//     (asyncio's _LoopBoundMixin); waiting on it later from a task of
//     another loop returns a task.RuntimeError. Operations that need not
//     wait never check the loop.
//
// Like every asyncio object, a queue is not safe for concurrent use: call
// its methods only on the goroutine of the loop the queue is used with,
// that is from coroutines run by that loop's tasks and from its callbacks.
// Another goroutine must go through the loop's CallSoonThreadsafe.
//
// The blocking methods (Put, Get, Join) take the *coroutine.Co of the
// calling coroutine, which must be running in a task; they run inline, like
// Python's "await q.get()", and suspend the task only when they must wait.
package queues

import (
	"fmt"
	"strings"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/heapq"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// kind selects how a queue stores its items (the _init, _put and _get
// overrides of the Python subclasses). The zero value is deliberately not
// a valid kind, so that a zero queue fails loudly instead of acting as
// some other kind of queue.
type kind uint8

const (
	kindFIFO kind = iota + 1
	kindLIFO
	kindPriority
)

// name is the Python class name, used by String.
func (k kind) name() string {
	switch k {
	case kindFIFO:
		return "Queue"
	case kindLIFO:
		return "LifoQueue"
	case kindPriority:
		return "PriorityQueue"
	}
	return "<zero queue>"
}

const zeroQueue = "queues: use of a zero queue value; create queues with New, NewLifo or NewPriority"

// waiter is the future a blocked getter or putter waits on. Its result
// carries nothing: being woken only means "look again".
type waiter = *task.Future[struct{}]

// waiterQueue is a FIFO of waiters with deque's popleft and remove. The
// live waiters are ws[head:]; popping moves head on instead of reslicing,
// so the backing array is reused rather than reallocated as waiters come
// and go (the steady state of a queue with maxsize 1).
type waiterQueue struct {
	ws   []waiter
	head int
}

func (q *waiterQueue) len() int { return len(q.ws) - q.head }

func (q *waiterQueue) pushBack(w waiter) {
	if q.head > 0 && len(q.ws) == cap(q.ws) {
		// Full at the back but with room at the front: slide down.
		n := copy(q.ws, q.ws[q.head:])
		clear(q.ws[n:])
		q.ws, q.head = q.ws[:n], 0
	}
	q.ws = append(q.ws, w)
}

func (q *waiterQueue) popFront() waiter {
	w := q.ws[q.head]
	q.ws[q.head] = nil
	q.head++
	if q.head == len(q.ws) {
		q.ws, q.head = q.ws[:0], 0
	}
	return w
}

// remove deletes the first occurrence of w and reports whether there was
// one (deque.remove, without the ValueError).
func (q *waiterQueue) remove(w waiter) bool {
	for i := q.head; i < len(q.ws); i++ {
		if q.ws[i] == w {
			copy(q.ws[i:], q.ws[i+1:])
			q.ws[len(q.ws)-1] = nil
			q.ws = q.ws[:len(q.ws)-1]
			if q.head == len(q.ws) {
				q.ws, q.head = q.ws[:0], 0
			}
			return true
		}
	}
	return false
}

// wakeNext pops waiters from the front until it finds one that is not done
// and sets its result (_wakeup_next). The error is the one SetResult
// reports, which is non-nil only when the waiter's loop is closed.
func (q *waiterQueue) wakeNext() error {
	for q.len() > 0 {
		if w := q.popFront(); !w.Done() {
			return w.SetResult(struct{}{})
		}
	}
	return nil
}

// wakeAll pops every waiter and sets the result of those not done yet.
// Errors from closed loops are ignored so that every waiter is visited.
func (q *waiterQueue) wakeAll() {
	for q.len() > 0 {
		if w := q.popFront(); !w.Done() {
			_ = w.SetResult(struct{}{})
		}
	}
}

// base holds the state and the methods shared by the three queue types,
// which embed it: CPython's Queue class, with its storage chosen by kind.
type base[T any] struct {
	kind       kind
	maxsize    int
	items      []T               // in FIFO order, in LIFO push order, or a heap
	less       func(a, b T) bool // PriorityQueue only
	getters    waiterQueue
	putters    waiterQueue
	unfinished int
	finished   event // set when unfinished is 0
	isShutdown bool
	loop       task.EventLoop // bound on first contention
}

func (q *base[T]) init(k kind, maxsize int, less func(a, b T) bool) {
	q.kind = k
	q.maxsize = maxsize
	q.less = less
	_ = q.finished.set() // no waiters yet, so this cannot fail
}

// put stores an item (_put).
func (q *base[T]) put(v T) {
	switch q.kind {
	case kindFIFO, kindLIFO:
		q.items = append(q.items, v)
	case kindPriority:
		heapq.Push(&q.items, v, q.less)
	default:
		panic(zeroQueue)
	}
}

// get removes and returns the next item, which must exist (_get).
func (q *base[T]) get() T {
	var zero T
	switch q.kind {
	case kindFIFO:
		v := q.items[0]
		q.items[0] = zero
		q.items = q.items[1:]
		return v
	case kindLIFO:
		n := len(q.items) - 1
		v := q.items[n]
		q.items[n] = zero
		q.items = q.items[:n]
		return v
	case kindPriority:
		return heapq.Pop(&q.items, q.less)
	}
	panic(zeroQueue)
}

// getLoop is _LoopBoundMixin._get_loop: it binds the queue to the running
// loop of co the first time, and refuses any other loop afterwards.
func (q *base[T]) getLoop(co *coroutine.Co) (task.EventLoop, error) {
	l, err := task.GetRunningLoop(co)
	if err != nil {
		return nil, err
	}
	if q.loop == nil {
		q.loop = l
	}
	if l != q.loop {
		return nil, task.RuntimeError(q.repr() + " is bound to a different event loop")
	}
	return l, nil
}

// wait parks the caller on a new waiter at the back of ws until someone
// wakes it: the body of the while loops of put() and get(). If the wait
// ends in an error (a cancellation, or the coroutine being closed), the
// waiter is cancelled and removed, and if it had already been woken while
// the condition it waited for still holds (stillBlocked reports false),
// the wakeup goes to the next waiter, as CPython's bare except clause does.
func (q *base[T]) wait(co *coroutine.Co, ws *waiterQueue, stillBlocked func() bool) error {
	l, err := q.getLoop(co)
	if err != nil {
		return err
	}
	w := task.NewFuture[struct{}](l)
	ws.pushBack(w)
	woken := false
	// A deferred function, so that it also runs when the coroutine is
	// closed (Python's GeneratorExit) and Yield does not return.
	defer func() {
		if woken {
			return
		}
		w.Cancel()
		ws.remove(w)
		if !stillBlocked() && !w.Cancelled() {
			_ = ws.wakeNext()
		}
	}()
	_, err = w.Await(co)
	woken = err == nil
	return err
}

// Qsize returns the number of items in the queue (qsize()).
func (q *base[T]) Qsize() int { return len(q.items) }

// Maxsize returns the capacity the queue was created with (maxsize); zero
// or less means unbounded.
func (q *base[T]) Maxsize() int { return q.maxsize }

// Empty reports whether the queue holds no items (empty()).
func (q *base[T]) Empty() bool { return len(q.items) == 0 }

// Full reports whether the queue holds maxsize items (full()). An
// unbounded queue (maxsize <= 0) is never full.
func (q *base[T]) Full() bool {
	if q.maxsize <= 0 {
		return false
	}
	return len(q.items) >= q.maxsize
}

// Put adds v to the queue, first waiting while the queue is full: Python's
// "await q.put(v)". co is the calling coroutine's *coroutine.Co; it must be
// running in a task.
//
// A putter that has to wait joins the back of the putters' line and is
// woken by GetNowait (or Get) when a slot frees up; it then checks again
// and may have to wait once more if another caller filled the slot first.
// It returns ErrQueueShutDown if the queue is shut down, before or while
// it waits; the error of the wait if the task is cancelled while it waits
// (a *task.CancelledError, in which case v is not added); and a
// task.RuntimeError if it must wait on a queue bound to another loop.
func (q *base[T]) Put(co *coroutine.Co, v T) error {
	for q.Full() {
		if q.isShutdown {
			return ErrQueueShutDown
		}
		if err := q.wait(co, &q.putters, q.Full); err != nil {
			return err
		}
	}
	return q.PutNowait(v)
}

// PutNowait adds v to the queue without waiting (put_nowait()). It returns
// ErrQueueShutDown after Shutdown, and ErrQueueFull if the queue holds
// maxsize items. Otherwise it stores v, counts one more unfinished task
// (see TaskDone) and wakes the first waiting getter, if any.
//
// If that getter waits on a loop that has since been closed, the item stays
// in the queue and the loop's task.ErrLoopClosed is returned, as CPython
// raises RuntimeError('Event loop is closed') from put_nowait.
func (q *base[T]) PutNowait(v T) error {
	if q.isShutdown {
		return ErrQueueShutDown
	}
	if q.Full() {
		return ErrQueueFull
	}
	q.put(v)
	q.unfinished++
	q.finished.clear()
	return q.getters.wakeNext()
}

// Get removes and returns the next item, first waiting while the queue is
// empty: Python's "await q.get()". co is the calling coroutine's
// *coroutine.Co; it must be running in a task.
//
// A getter that has to wait joins the back of the getters' line and is
// woken by PutNowait (or Put). It is not handed the item: it checks the
// queue again when it runs, and if a GetNowait took the item first it
// waits again, at the back of the line. Get returns ErrQueueShutDown if
// the queue is shut down and empty (before or after waiting), the error of
// the wait if the task is cancelled while it waits (a *task.CancelledError;
// a wakeup it received then passes to the next getter), and a
// task.RuntimeError if it must wait on a queue bound to another loop.
func (q *base[T]) Get(co *coroutine.Co) (T, error) {
	for q.Empty() {
		if q.isShutdown {
			var zero T
			return zero, ErrQueueShutDown
		}
		if err := q.wait(co, &q.getters, q.Empty); err != nil {
			var zero T
			return zero, err
		}
	}
	return q.GetNowait()
}

// GetNowait removes and returns the next item without waiting
// (get_nowait()). On an empty queue it returns ErrQueueShutDown if the
// queue has been shut down and ErrQueueEmpty otherwise. Taking an item
// wakes the first waiting putter, if any. It does not count as a finished
// task: call TaskDone for that.
//
// If that putter waits on a loop that has since been closed, GetNowait
// returns the item together with the loop's task.ErrLoopClosed (CPython
// raises RuntimeError('Event loop is closed') after removing the item).
func (q *base[T]) GetNowait() (T, error) {
	if q.Empty() {
		var zero T
		if q.isShutdown {
			return zero, ErrQueueShutDown
		}
		return zero, ErrQueueEmpty
	}
	v := q.get()
	return v, q.putters.wakeNext()
}

// TaskDone records that one item taken from the queue has been fully
// processed (task_done()). Consumers call it once per item they got; when
// the count of unfinished items drops to zero, every task blocked in Join
// resumes. Calling it more often than items were put returns
// task.ValueError("task_done() called too many times") and changes
// nothing.
func (q *base[T]) TaskDone() error {
	if q.unfinished <= 0 {
		return task.ValueError("task_done() called too many times")
	}
	q.unfinished--
	if q.unfinished == 0 {
		return q.finished.set()
	}
	return nil
}

// Join waits until every item put into the queue has been marked done
// with TaskDone: Python's "await q.join()". It returns at once, without
// suspending, when there are no unfinished items. co is the calling
// coroutine's *coroutine.Co; it must be running in a task. It returns the
// error of the wait if the task is cancelled while waiting. The first Join
// that has to wait binds the queue's internal event to its loop (the
// binding is separate from that of Put and Get, as in CPython, where it
// belongs to an asyncio.Event); a Join that has to wait from a task of
// another loop afterwards returns a task.RuntimeError.
func (q *base[T]) Join(co *coroutine.Co) error {
	if q.unfinished > 0 {
		return q.finished.wait(co)
	}
	return nil
}

// Shutdown shuts the queue down (shutdown(immediate), new in Python 3.13).
// From then on Put and PutNowait return ErrQueueShutDown, and Get and
// GetNowait return it once the queue is empty. With immediate true the
// remaining items are discarded at once, each counting as a finished task
// (so Join may resume), and gets fail straight away. Every blocked getter
// and putter is woken; putters then return ErrQueueShutDown, getters too
// unless items are left to take. Shutting down twice is allowed.
//
// Unlike CPython, which stops at the first waiter whose loop is closed
// (raising RuntimeError), Shutdown wakes every waiter and reports nothing.
func (q *base[T]) Shutdown(immediate bool) {
	q.isShutdown = true
	if immediate {
		for !q.Empty() {
			q.get()
			if q.unfinished > 0 {
				q.unfinished--
			}
		}
		if q.unfinished == 0 {
			_ = q.finished.set()
		}
	}
	q.getters.wakeAll()
	q.putters.wakeAll()
}

// format is CPython's Queue._format.
func (q *base[T]) format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "maxsize=%d", q.maxsize)
	if len(q.items) > 0 {
		b.WriteString(" _queue=")
		b.WriteString(pyfmt.Repr(q.items))
	}
	if n := q.getters.len(); n > 0 {
		fmt.Fprintf(&b, " _getters[%d]", n)
	}
	if n := q.putters.len(); n > 0 {
		fmt.Fprintf(&b, " _putters[%d]", n)
	}
	if q.unfinished != 0 {
		fmt.Fprintf(&b, " tasks=%d", q.unfinished)
	}
	if q.isShutdown {
		b.WriteString(" shutdown")
	}
	return b.String()
}

// String is Python's str() of the queue, which print() shows:
// <Queue maxsize=0 _queue=[1, 2] tasks=2>. Items are shown with Python's
// repr (package pyfmt), in storage order: a PriorityQueue shows its heap.
// The waiting getters and putters, the unfinished count and the shutdown
// flag appear only when they are not zero.
func (q *base[T]) String() string {
	return "<" + q.kind.name() + " " + q.format() + ">"
}

// repr is Python's repr(), with the object's address, as in the message of
// the loop-binding error.
func (q *base[T]) repr() string {
	return fmt.Sprintf("<%s at %p %s>", q.kind.name(), q, q.format())
}

// Queue is asyncio.Queue: a first-in first-out queue for coordinating
// producer and consumer tasks. Create one with [New]; the zero value is
// not usable. All its methods must be called on the goroutine of the event
// loop the queue is used with (see the package documentation).
type Queue[T any] struct {
	base[T]
}

// New returns an empty FIFO queue (asyncio.Queue(maxsize)). With maxsize
// greater than zero, Put waits while the queue holds maxsize items and
// PutNowait fails with ErrQueueFull; zero or a negative maxsize means
// unbounded. The queue is bound to no loop until a caller first has to
// wait on it.
func New[T any](maxsize int) *Queue[T] {
	q := &Queue[T]{}
	q.init(kindFIFO, maxsize, nil)
	return q
}
