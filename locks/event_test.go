package locks

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// TestEvent: Set wakes every waiter in FIFO order, Clear does not
// un-wake them, Wait on a set event does not yield, a cancelled waiter
// leaves the others alone.
func TestEvent(t *testing.T) {
	lkTwin(t, "event", func(co *coroutine.Co, p lkPrint) error {
		waiter := func(name string, ev *Event) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				p(name, "waits")
				if err := ev.Wait(co); err != nil {
					return err
				}
				p(name, "woke:", true, "is_set() =", ev.IsSet())
				return nil
			}
		}
		var ev Event
		p("new:", &ev, ev.IsSet())
		var ts []*task.Task[struct{}]
		for i := range 3 {
			ts = append(ts, lkSpawn(co, waiter(fmt.Sprintf("w%d", i), &ev)))
		}
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("waiting:", &ev)
		ev.Set()
		p("set:", &ev)
		ev.Clear()
		p("cleared:", &ev)
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("all woke:", &ev)

		ev.Set()
		tk := lkSpawn(co, func(co *coroutine.Co) error {
			for i := range 3 {
				p("tick", i)
				if err := lkSleep0(co); err != nil {
					return err
				}
			}
			return nil
		})
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("main waits on a set event")
		if err := ev.Wait(co); err != nil {
			return err
		}
		p("main passed without yielding")
		if _, err := tk.Await(co); err != nil {
			return err
		}

		ev.Clear()
		a := lkSpawn(co, waiter("a", &ev))
		b := lkSpawn(co, waiter("b", &ev))
		if err := lkSleep0(co); err != nil {
			return err
		}
		a.Cancel()
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("a cancelled:", a.Cancelled(), &ev)
		ev.Set()
		ev.Set()
		if _, err := b.Await(co); err != nil {
			return err
		}
		p("end:", &ev)
		return nil
	})
}
