package locks

import (
	"strconv"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// Semaphore is asyncio.Semaphore: a counter that Acquire decrements and
// Release increments; Acquire waits while it is zero. Waiters are served
// in FIFO order, and a Release reserves its slot for the waiter it wakes
// (CPython 3.13's _wake_up_next), so a coroutine arriving in between
// cannot take it.
//
// Create one with [NewSemaphore]; the zero value is a Semaphore with
// value 0. A Semaphore must not be copied after first use. Its methods
// must be called on the goroutine of the loop it is used with.
type Semaphore struct {
	loopBound
	waiters waitList
	value   int
	bound   int  // BoundedSemaphore: the initial value
	bounded bool // a BoundedSemaphore
}

// ErrNegativeSemaphore is what NewSemaphore and NewBoundedSemaphore
// return for a negative value.
var ErrNegativeSemaphore error = task.ValueError("Semaphore initial value must be >= 0")

// NewSemaphore returns a Semaphore with the given initial value
// (Semaphore(value); Python's default is 1). A negative value returns
// ValueError("Semaphore initial value must be >= 0")
// ([ErrNegativeSemaphore]) and a nil Semaphore.
func NewSemaphore(value int) (*Semaphore, error) {
	if value < 0 {
		return nil, ErrNegativeSemaphore
	}
	return &Semaphore{value: value}, nil
}

// Locked reports whether Acquire would have to wait (locked()): the value
// is zero, or a waiter that is not cancelled is queued (FIFO: those run
// first, even if the value is positive).
func (s *Semaphore) Locked() bool {
	if s.value == 0 {
		return true
	}
	return !s.waiters.allCancelled()
}

// Acquire decrements the value, suspending co until that is allowed
// (acquire()). If Locked is false it decrements and returns at once;
// otherwise it queues a waiter future and waits for a Release to reserve
// a slot for it. On its way out (also when it fails) it wakes as many
// further waiters as the value allows. The first wait binds the
// semaphore to co's loop; from another loop it returns
// RuntimeError("<...> is bound to a different event loop").
//
// If the task is cancelled while waiting, Acquire returns the
// *task.CancelledError; a slot already reserved for it is given back and
// passed to the next waiter.
func (s *Semaphore) Acquire(co *coroutine.Co) error {
	if !s.Locked() {
		s.value--
		return nil
	}
	lp, err := s.getLoop(co, s)
	if err != nil {
		return err
	}
	fut := task.NewFuture[struct{}](lp)
	err = s.waiters.await(co, s.waiters.push(fut))
	if err != nil && task.IsCancelled(err) && fut.Done() && !fut.Cancelled() {
		// Woken (a slot was reserved for us) but cancelled before we
		// ran: undo the reservation.
		s.value++
	}
	// Waiters that arrived while we waited queued behind us for FIFO's
	// sake; wake as many as the value allows.
	for s.value > 0 {
		if woke, _ := s.wakeUpNext(); !woke {
			break
		}
	}
	return err
}

// Release increments the value and wakes the first waiter not woken yet,
// reserving the slot for it (release()). Any task or callback may
// release. On a [BoundedSemaphore] already at its initial value it
// returns ValueError("BoundedSemaphore released too many times") and
// changes nothing. If the woken waiter's loop is closed, the wake-up is
// lost and task.ErrLoopClosed is returned.
func (s *Semaphore) Release() error {
	if s.bounded && s.value >= s.bound {
		return ErrReleasedTooManyTimes
	}
	s.value++
	_, err := s.wakeUpNext()
	return err
}

// wakeUpNext is _wake_up_next: wake the first waiter that is not done and
// take the slot for it. It reports whether it woke anyone, and the
// error of a wake-up lost to a closed loop.
func (s *Semaphore) wakeUpNext() (bool, error) {
	for w := s.waiters.head; w != nil; w = w.next {
		if !w.fut.Done() {
			s.value--
			return true, w.fut.SetResult(struct{}{})
		}
	}
	return false, nil
}

// With runs body while holding one unit of the semaphore: "async with
// sem:". See [Lock.With].
func (s *Semaphore) With(co *coroutine.Co, body func() error) error {
	return with(co, s.Acquire, s.Release, body)
}

// String returns the repr: <asyncio.locks.Semaphore [unlocked,
// value:2]>, <asyncio.locks.Semaphore [locked, waiters:1]> (and
// asyncio.locks.BoundedSemaphore for a bounded one).
func (s *Semaphore) String() string {
	name := "Semaphore"
	if s.bounded {
		name = "BoundedSemaphore"
	}
	state := "locked"
	if !s.Locked() {
		state = "unlocked, value:" + strconv.Itoa(s.value)
	}
	return "<asyncio.locks." + name + " [" + state + s.waiters.suffix() + "]>"
}

// BoundedSemaphore is asyncio.BoundedSemaphore: a [Semaphore] whose
// Release refuses to raise the value above its initial value, returning
// ValueError("BoundedSemaphore released too many times")
// ([ErrReleasedTooManyTimes]). Create one with [NewBoundedSemaphore].
type BoundedSemaphore struct {
	Semaphore
}

// ErrReleasedTooManyTimes is what BoundedSemaphore.Release returns when
// the value is already at its initial value.
var ErrReleasedTooManyTimes error = task.ValueError("BoundedSemaphore released too many times")

// NewBoundedSemaphore returns a BoundedSemaphore with the given initial
// value, which is also its bound (BoundedSemaphore(value)). A negative
// value returns ValueError("Semaphore initial value must be >= 0").
func NewBoundedSemaphore(value int) (*BoundedSemaphore, error) {
	if value < 0 {
		return nil, ErrNegativeSemaphore
	}
	return &BoundedSemaphore{Semaphore{value: value, bound: value, bounded: true}}, nil
}
