package locks

import (
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestConditionCancel: 3.13's cancellation path of Condition.Wait. The
// lock is always taken back before the CancelledError comes out (also
// when cancelled again while taking it back: the last cancellation is
// returned), and a waiter notified then cancelled passes the
// notification on.
func TestConditionCancel(t *testing.T) {
	lkTwin(t, "condition_cancel", func(co *coroutine.Co, p lkPrint) error {
		cond := NewCondition(nil)
		waiter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				return cond.With(co, func() error {
					p(name, "waits")
					if err := cond.Wait(co); err != nil {
						if task.IsCancelled(err) {
							p(name, "cancelled:", pyfmt.Repr(err), "locked() =", cond.Locked())
						}
						return err
					}
					p(name, "woke, locked() =", cond.Locked())
					return nil
				})
			}
		}
		sleep0 := func(n int) error {
			for range n {
				if err := lkSleep0(co); err != nil {
					return err
				}
			}
			return nil
		}

		// 1.
		w := lkSpawn(co, waiter("w"))
		if err := sleep0(1); err != nil {
			return err
		}
		if err := cond.Acquire(co); err != nil {
			return err
		}
		w.Cancel("stop")
		if err := sleep0(3); err != nil {
			return err
		}
		p("1: main holds the lock:", cond, "w done:", w.Done())
		if err := cond.Release(); err != nil {
			return err
		}
		if _, err := lkGatherRE(co, w); err != nil {
			return err
		}
		p("1: w cancelled:", w.Cancelled(), cond)

		// 2.
		a := lkSpawn(co, waiter("a"))
		b := lkSpawn(co, waiter("b"))
		c := lkSpawn(co, waiter("c"))
		if err := sleep0(1); err != nil {
			return err
		}
		err := cond.With(co, func() error {
			if err := cond.Notify(1); err != nil {
				return err
			}
			p("2: notified one, cancel a ->", a.Cancel())
			return nil
		})
		if err != nil {
			return err
		}
		if _, err := lkGatherRE(co, a, b); err != nil {
			return err
		}
		p("2: a cancelled:", a.Cancelled(), "b done:", b.Done(), "c done:", c.Done(), cond)
		if err := cond.With(co, cond.NotifyAll); err != nil {
			return err
		}
		if _, err := c.Await(co); err != nil {
			return err
		}

		// 3.
		d := lkSpawn(co, waiter("d"))
		if err := sleep0(1); err != nil {
			return err
		}
		if err := cond.Acquire(co); err != nil {
			return err
		}
		if err := cond.Notify(1); err != nil {
			return err
		}
		if err := sleep0(1); err != nil {
			return err
		}
		p("3: d woke and queued for the lock:", cond.Lock())
		d.Cancel("first")
		if err := sleep0(1); err != nil {
			return err
		}
		d.Cancel("second")
		if err := sleep0(1); err != nil {
			return err
		}
		p("3: d cancelling() =", d.Cancelling(), "done:", d.Done())
		if err := cond.Release(); err != nil {
			return err
		}
		if _, err := lkGatherRE(co, d); err != nil {
			return err
		}
		p("3:", cond)

		// 4.
		e := lkSpawn(co, func(co *coroutine.Co) error {
			return cond.With(co, func() error {
				err := cond.WaitFor(co, func() bool { return false })
				if task.IsCancelled(err) {
					p("4: wait_for cancelled, locked() =", cond.Locked())
				}
				return err
			})
		})
		if err := sleep0(1); err != nil {
			return err
		}
		e.Cancel()
		if _, err := lkGatherRE(co, e); err != nil {
			return err
		}
		p("4:", e.Cancelled(), cond)
		return nil
	})
}
