package locks

import (
	"strconv"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// BrokenBarrierError is asyncio.BrokenBarrierError: a [Barrier] was
// aborted or reset while a coroutine waited on it ("Abort or reset of
// barrier"), or a coroutine arrived at an aborted barrier ("Barrier
// aborted"). Every BrokenBarrierError matches [ErrBrokenBarrier] under
// errors.Is. As BrokenBarrierError is a subclass of RuntimeError in
// Python, errors.As(err, &rt) with a task.RuntimeError rt also succeeds,
// with the same message.
type BrokenBarrierError string

// ErrBrokenBarrier matches every BrokenBarrierError under errors.Is.
var ErrBrokenBarrier error = BrokenBarrierError("barrier is broken")

// Error returns the message.
func (e BrokenBarrierError) Error() string { return string(e) }

// Is makes every BrokenBarrierError match every other one (and so
// ErrBrokenBarrier).
func (e BrokenBarrierError) Is(target error) bool {
	_, ok := target.(BrokenBarrierError)
	return ok
}

// Unwrap gives the task.RuntimeError this error is a kind of.
func (e BrokenBarrierError) Unwrap() error { return task.RuntimeError(e) }

// PyRepr is Python's repr: BrokenBarrierError('Barrier aborted').
func (e BrokenBarrierError) PyRepr() string {
	return "BrokenBarrierError(" + task.RuntimeError(e).PyRepr()[len("RuntimeError("):]
}

// PyStr is the message.
func (e BrokenBarrierError) PyStr() string { return string(e) }

// barrierState is _BarrierState.
type barrierState uint8

const (
	filling barrierState = iota
	draining
	resetting
	broken
)

func (s barrierState) String() string {
	switch s {
	case draining:
		return "draining"
	case resetting:
		return "resetting"
	case broken:
		return "broken"
	}
	return "filling"
}

// Barrier is asyncio.Barrier: parties coroutines wait until all of them
// have arrived, then all go on. The barrier can be used again once they
// have all left.
//
// When the last party arrives, it goes on at once (it holds the
// barrier's lock) and the others follow in the order they arrived, each
// getting the lock back in turn. Coroutines that arrive while the
// previous round is still leaving wait for it to finish.
//
// Create one with [NewBarrier]; the zero value is not usable. A Barrier
// must not be copied after first use. Its methods must be called on the goroutine of the loop it is used
// with; it is bound to a loop through its internal Condition.
type Barrier struct {
	cond    *Condition
	parties int
	state   barrierState
	count   int
}

// NewBarrier returns a barrier for parties coroutines (Barrier(parties)).
// parties < 1 returns ValueError("parties must be > 0") and a nil
// Barrier.
func NewBarrier(parties int) (*Barrier, error) {
	if parties < 1 {
		return nil, task.ValueError("parties must be > 0")
	}
	return &Barrier{cond: NewCondition(nil), parties: parties}, nil
}

// Wait suspends co until parties coroutines are waiting, and returns the
// caller's arrival index, 0 for the first to arrive up to parties-1 for
// the last (wait()). If the barrier is aborted, or reset while co waits,
// Wait returns BrokenBarrierError("Abort or reset of barrier"); arriving
// at an aborted barrier returns BrokenBarrierError("Barrier aborted").
// A cancelled wait returns the *task.CancelledError and leaves the other
// parties waiting.
func (b *Barrier) Wait(co *coroutine.Co) (index int, err error) {
	err = b.cond.With(co, func() error {
		// Block while the previous round drains or a reset completes.
		if err := b.cond.WaitFor(co, func() bool { return b.state != draining && b.state != resetting }); err != nil {
			return err
		}
		if b.state == broken {
			return BrokenBarrierError("Barrier aborted")
		}
		index = b.count
		b.count++
		var werr error
		if index+1 == b.parties {
			// The last arriver releases the others.
			b.state = draining
			_ = b.cond.NotifyAll()
		} else {
			werr = b.cond.WaitFor(co, func() bool { return b.state != filling })
			if werr == nil && (b.state == broken || b.state == resetting) {
				werr = BrokenBarrierError("Abort or reset of barrier")
			}
		}
		b.count--
		b.exit()
		return werr
	})
	if err != nil {
		return 0, err
	}
	return index, nil
}

// exit is _exit: the last coroutine to leave ends the draining or
// resetting and wakes those waiting for that.
func (b *Barrier) exit() {
	if b.count == 0 {
		if b.state == resetting || b.state == draining {
			b.state = filling
		}
		_ = b.cond.NotifyAll()
	}
}

// With runs body with the index Wait returned: "async with barrier as
// index:". If Wait fails, body does not run and its error is returned.
func (b *Barrier) With(co *coroutine.Co, body func(index int) error) error {
	index, err := b.Wait(co)
	if err != nil {
		return err
	}
	return body(index)
}

// Reset puts the barrier back in its initial state (reset()); it may
// suspend co to take the barrier's lock. Coroutines waiting on it get
// BrokenBarrierError("Abort or reset of barrier"); once they have left,
// the barrier fills again.
func (b *Barrier) Reset(co *coroutine.Co) error {
	return b.cond.With(co, func() error {
		if b.count > 0 {
			b.state = resetting
		} else {
			b.state = filling
		}
		return b.cond.NotifyAll()
	})
}

// Abort puts the barrier in the broken state (abort()); it may suspend co
// to take the barrier's lock. Coroutines waiting on it, and every later
// Wait, get a BrokenBarrierError. Reset repairs it.
func (b *Barrier) Abort(co *coroutine.Co) error {
	return b.cond.With(co, func() error {
		b.state = broken
		return b.cond.NotifyAll()
	})
}

// Parties returns the number of coroutines needed to trip the barrier
// (parties).
func (b *Barrier) Parties() int { return b.parties }

// NWaiting returns how many coroutines wait in the current filling round
// (n_waiting); it is 0 while the barrier drains, resets or is broken.
func (b *Barrier) NWaiting() int {
	if b.state == filling {
		return b.count
	}
	return 0
}

// Broken reports whether the barrier is broken (broken).
func (b *Barrier) Broken() bool { return b.state == broken }

// String returns the repr: <asyncio.locks.Barrier [filling,
// waiters:1/3]>, <asyncio.locks.Barrier [broken]>.
func (b *Barrier) String() string {
	extra := b.state.String()
	if b.state != broken {
		extra += ", waiters:" + strconv.Itoa(b.NWaiting()) + "/" + strconv.Itoa(b.parties)
	}
	return "<asyncio.locks.Barrier [" + extra + "]>"
}
