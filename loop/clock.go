package loop

import (
	"errors"
	"math"
	"sync/atomic"
	"time"

	"github.com/goasyncio/goasyncio/task"
)

// This file answers "what time is it on the loop?" CPython's loop.time()
// reads time.monotonic() afresh on every call. We read time through a
// clock: the real one, or a virtual one that only moves when the loop has
// nothing to do and jumps straight to the next timer.

// clock is the loop's source of time, in seconds.
type clock interface {
	now() float64
}

// realClock is monotonic time since the loop was created.
type realClock struct{ start time.Time }

func (c *realClock) now() float64 { return time.Since(c.start).Seconds() }

// virtualClock starts at 0 and moves only when the loop has nothing to do:
// then it moves on by the select timeout, rounded up to whole milliseconds
// as epoll does, so it lands on (or just past) the next timer. Every read also moves it on by one
// nanosecond, the way a real clock moves between two reads: two
// call_later(0.1) made one after the other get increasing deadlines, as
// they do under CPython, instead of a tie that heapq would order
// differently. Only an explicit call_at with the same time makes a tie.
// Reads may come from any goroutine (Time is safe anywhere), so the time
// is kept as float64 bits in an atomic word.
type virtualClock struct{ bits atomic.Uint64 }

// virtualTick is how far the virtual clock moves on each read.
const virtualTick = 1e-9

func (c *virtualClock) now() float64 {
	for {
		old := c.bits.Load()
		t := math.Float64frombits(old) + virtualTick
		if c.bits.CompareAndSwap(old, math.Float64bits(t)) {
			return t
		}
	}
}

// advanceBy moves the time on by d seconds.
func (c *virtualClock) advanceBy(d float64) {
	for {
		old := c.bits.Load()
		if c.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

// peek returns the time without moving it.
func (c *virtualClock) peek() float64 { return math.Float64frombits(c.bits.Load()) }

func (c *virtualClock) advanceTo(t float64) {
	for {
		old := c.bits.Load()
		if t <= math.Float64frombits(old) || c.bits.CompareAndSwap(old, math.Float64bits(t)) {
			return
		}
	}
}

// Advance moves a virtual clock on by d the way the loop itself would
// spend that time: it runs whatever is ready, then repeatedly moves time
// to the next timer due within d (rounded up to the millisecond, as the
// loop's own waits are) and runs the loop there, and finally moves time to
// exactly d later and runs what is due. It returns when the loop is idle
// at the new time (everything left waits for a later timer or for outside
// work). Advance(0) runs the loop until idle without moving time. It is
// for tests that drive time by hand; without the virtual clock it returns
// ErrNotVirtual. Like RunForever, it must not be called while the loop is
// running.
func (l *Loop) Advance(d time.Duration) error {
	if l.virtual == nil {
		return ErrNotVirtual
	}
	if l.closed.Load() {
		return task.ErrLoopClosed
	}
	if l.running.Load() {
		return task.ErrLoopRunning
	}
	g, err := l.enterRunning()
	if err != nil {
		return err
	}
	l.running.Store(true)
	l.goid.Store(g)
	defer func() {
		l.stopping = false
		l.running.Store(false)
		l.leaveRunning(g)
	}()
	target := l.virtual.peek() + max(d, 0).Seconds()
	for {
		if err := l.runUntilIdle(); err != nil {
			return err
		}
		now := l.virtual.peek()
		if len(l.scheduled) == 0 || l.scheduled[0].When() > target {
			if target > now {
				l.virtual.advanceTo(target)
			}
			return l.runUntilIdle()
		}
		wake := now + math.Ceil((l.scheduled[0].When()-now)*1e3)*1e-3
		l.virtual.advanceTo(min(wake, target))
	}
}

// runUntilIdle runs iterations while something is ready or due now.
func (l *Loop) runUntilIdle() error {
	for {
		l.drainThreadsafe()
		due := len(l.scheduled) > 0 && l.scheduled[0].When() < l.virtual.peek()+clockResolution
		if l.ready.len() == 0 && !due {
			return nil
		}
		if err := l.runOnce(); err != nil {
			return err
		}
	}
}

// NextTimer returns the deadline of the earliest scheduled timer that is
// not cancelled, and false if there is none. Call it on the loop's
// goroutine, or while the loop is not running.
func (l *Loop) NextTimer() (float64, bool) {
	best, ok := 0.0, false
	for _, th := range l.scheduled {
		if !th.Cancelled() && (!ok || th.When() < best) {
			best, ok = th.When(), true
		}
	}
	return best, ok
}

// ErrNotVirtual is returned by Advance on a loop without the virtual clock.
var ErrNotVirtual = errors.New("loop: Advance needs a loop with the virtual clock (WithVirtualClock)")
