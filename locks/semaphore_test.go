package locks

import (
	"errors"
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestSemaphore: FIFO, the slot a release reserves for the waiter it
// wakes, a woken-then-cancelled waiter giving its slot back, Acquire
// waking more waiters on its way out, BoundedSemaphore, misuse.
func TestSemaphore(t *testing.T) {
	lkTwin(t, "semaphore", func(co *coroutine.Co, p lkPrint) error {
		user := func(name string, sem *Semaphore, hold int) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				p(name, "wants a slot, locked() =", sem.Locked())
				if err := sem.Acquire(co); err != nil {
					if task.IsCancelled(err) {
						p(name, "cancelled, value =", sem.value)
					}
					return err
				}
				p(name, "got a slot, value =", sem.value)
				for range hold {
					if err := lkSleep0(co); err != nil {
						return err
					}
				}
				if err := sem.Release(); err != nil {
					return err
				}
				p(name, "released, value =", sem.value)
				return nil
			}
		}
		mustSem := func(v int) *Semaphore {
			s, err := NewSemaphore(v)
			if err != nil {
				panic(err)
			}
			return s
		}
		if _, err := NewSemaphore(-1); err != nil {
			p("Semaphore(-1):", pyfmt.Repr(err))
		}
		if _, err := NewBoundedSemaphore(-1); err != nil {
			p("BoundedSemaphore(-1):", pyfmt.Repr(err))
		}

		sem := mustSem(2)
		p("new:", sem)
		var ts []*task.Task[struct{}]
		for i := range 5 {
			ts = append(ts, lkSpawn(co, user(fmt.Sprintf("u%d", i), sem, 2)))
		}
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("all arrived:", sem)
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("done:", sem)

		sem = mustSem(1)
		if err := sem.Acquire(co); err != nil {
			return err
		}
		a := lkSpawn(co, user("a", sem, 1))
		if err := lkSleep0(co); err != nil {
			return err
		}
		if err := sem.Release(); err != nil {
			return err
		}
		p("released for a:", sem, "value =", sem.value)
		b := lkSpawn(co, user("b", sem, 1))
		if _, err := lkGather(co, a, b); err != nil {
			return err
		}
		p("reserved:", sem)

		if err := sem.Acquire(co); err != nil {
			return err
		}
		c := lkSpawn(co, user("c", sem, 1))
		d := lkSpawn(co, user("d", sem, 1))
		if err := lkSleep0(co); err != nil {
			return err
		}
		if err := sem.Release(); err != nil {
			return err
		}
		p("released for c:", sem, "cancel c ->", c.Cancel())
		if _, err := lkGatherRE(co, c, d); err != nil {
			return err
		}
		p("cancelled:", sem)

		sem = mustSem(0)
		ts = nil
		for i := range 3 {
			ts = append(ts, lkSpawn(co, user(fmt.Sprintf("v%d", i), sem, 1)))
		}
		if err := lkSleep0(co); err != nil {
			return err
		}
		if err := sem.Release(); err != nil {
			return err
		}
		if err := sem.Release(); err != nil {
			return err
		}
		p("two released:", sem, "value =", sem.value)
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("end:", sem)

		sem = mustSem(1)
		if err := sem.Acquire(co); err != nil {
			return err
		}
		e := lkSpawn(co, user("e", sem, 1))
		if err := lkSleep0(co); err != nil {
			return err
		}
		e.Cancel()
		if err := lkSleep0(co); err != nil {
			return err
		}
		if err := sem.Release(); err != nil {
			return err
		}
		p("e gone:", sem, e.Cancelled())
		err := sem.With(co, func() error {
			p("async with:", sem)
			return nil
		})
		if err != nil {
			return err
		}
		p("after async with:", sem)

		bs, err := NewBoundedSemaphore(2)
		if err != nil {
			return err
		}
		p("bounded:", bs)
		if err := bs.Acquire(co); err != nil {
			return err
		}
		if err := bs.Release(); err != nil {
			return err
		}
		if err := bs.Release(); err != nil {
			p("over-release:", pyfmt.Repr(err), bs)
		}
		err = bs.With(co, func() error {
			return bs.Release()
		})
		if err != nil {
			p("over-release in async with:", pyfmt.Repr(err), bs)
		}
		return nil
	})
}

// TestSemaphoreErrors checks the error values and types.
func TestSemaphoreErrors(t *testing.T) {
	var ve task.ValueError
	if s, err := NewSemaphore(-1); s != nil || !errors.Is(err, ErrNegativeSemaphore) || !errors.As(err, &ve) {
		t.Fatalf("NewSemaphore(-1) = %v, %v", s, err)
	}
	bs, err := NewBoundedSemaphore(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := bs.Release(); !errors.Is(err, ErrReleasedTooManyTimes) || bs.value != 0 {
		t.Fatalf("over-release = %v, value %d", err, bs.value)
	}
	s, err := NewSemaphore(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Release(); err != nil || s.value != 1 {
		t.Fatalf("Semaphore.Release = %v, value %d (an unbounded semaphore may go above its start)", err, s.value)
	}
}
