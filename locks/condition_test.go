package locks

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestCondition: misuse messages, Notify(n) and NotifyAll, woken
// waiters taking the lock back one by one in FIFO order, WaitFor, and a
// lock shared by two conditions.
func TestCondition(t *testing.T) {
	lkTwin(t, "condition", func(co *coroutine.Co, p lkPrint) error {
		cond := NewCondition(nil)
		waiter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				return cond.With(co, func() error {
					p(name, "waits")
					if err := cond.Wait(co); err != nil {
						return err
					}
					p(name, "woke:", true, "locked() =", cond.Locked())
					if err := lkSleep0(co); err != nil {
						return err
					}
					p(name, "leaves")
					return nil
				})
			}
		}
		p("new:", cond)
		if err := cond.Wait(co); err != nil {
			p("wait:", pyfmt.Repr(err))
		}
		if err := cond.Notify(1); err != nil {
			p("notify:", pyfmt.Repr(err))
		}
		if err := cond.NotifyAll(); err != nil {
			p("notify_all:", pyfmt.Repr(err))
		}
		if err := cond.Release(); err != nil {
			p("release:", pyfmt.Repr(err))
		}

		var ts []*task.Task[struct{}]
		for i := range 4 {
			ts = append(ts, lkSpawn(co, waiter(fmt.Sprintf("w%d", i))))
		}
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("waiting:", cond)
		err := cond.With(co, func() error {
			if err := cond.Notify(2); err != nil {
				return err
			}
			p("notified 2:", cond)
			if err := cond.Notify(1); err != nil {
				return err
			}
			p("notified 1 more:", cond)
			if err := lkSleep0(co); err != nil {
				return err
			}
			p("still holding:", cond)
			return nil
		})
		if err != nil {
			return err
		}
		p("released")
		for range 8 {
			if err := lkSleep0(co); err != nil {
				return err
			}
		}
		p("after:", cond)
		if err := cond.With(co, cond.NotifyAll); err != nil {
			return err
		}
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("all done:", cond)

		var box []int
		c := lkSpawn(co, func(co *coroutine.Co) error {
			return cond.With(co, func() error {
				if err := cond.WaitFor(co, func() bool { return len(box) >= 2 }); err != nil {
					return err
				}
				p("consumer: predicate ->", true)
				p("consumer got", box)
				return nil
			})
		})
		for i := range 3 {
			if err := lkSleep0(co); err != nil {
				return err
			}
			err := cond.With(co, func() error {
				box = append(box, i)
				p("producer put", i)
				return cond.Notify(1)
			})
			if err != nil {
				return err
			}
		}
		if _, err := c.Await(co); err != nil {
			return err
		}

		lock := &Lock{}
		c1 := NewCondition(lock)
		c2 := NewCondition(lock)
		err = c1.With(co, func() error {
			p("shared lock:", c1, c2, lock)
			return nil
		})
		if err != nil {
			return err
		}
		p("shared lock:", c1, c2, lock)
		return nil
	})
}
