package queues_test

import (
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// TestCancelWaiters is the twin of testdata/cancel.py: cancelling tasks
// that wait in Get, Put and Join, before and after they were woken.
func TestCancelWaiters(t *testing.T) {
	qtRun(t, "cancel", func(co *coroutine.Co, o *qtOut) error {
		q := queues.New[int](0)
		getter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				v, err := q.Get(co)
				if task.IsCancelled(err) {
					o.p(name, "cancelled", qtR(err), q)
					return err
				}
				qtMust(err)
				o.p(name, "got", v)
				return nil
			}
		}
		settle := func(ts ...*task.Task[struct{}]) {
			var cancelled []bool
			for _, tk := range ts {
				if _, err := tk.Await(co); err != nil && !task.IsCancelled(err) {
					panic(err)
				}
				cancelled = append(cancelled, tk.Cancelled())
			}
			o.p(cancelled)
		}

		g1 := qtGo(co, getter("g1"))
		g2 := qtGo(co, getter("g2"))
		qtMust(qtSleep0(co))
		o.p(q)
		g1.Cancel()
		o.p(q)
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait(1))
		settle(g1, g2)

		g3 := qtGo(co, getter("g3"))
		g4 := qtGo(co, getter("g4"))
		g5 := qtGo(co, getter("g5"))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait(2))
		o.p(q)
		g3.Cancel("stop")
		o.p(q)
		qtMust(qtSleep0(co))
		o.p(q)
		settle(g3, g4)
		o.p(q)
		g5.Cancel()
		settle(g5)
		o.p(q)

		g6 := qtGo(co, getter("g6"))
		g7 := qtGo(co, getter("g7"))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait(3))
		g6.Cancel()
		o.p("stolen", qtMust1(q.GetNowait()))
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait(4))
		settle(g6, g7)

		p := queues.New[string](1)
		qtMust(p.PutNowait("full"))
		putter := func(name, v string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				err := p.Put(co, v)
				if task.IsCancelled(err) {
					o.p(name, "cancelled", qtR(err), p)
					return err
				}
				qtMust(err)
				o.p(name, "put", v)
				return nil
			}
		}
		p1 := qtGo(co, putter("p1", "a"))
		p2 := qtGo(co, putter("p2", "b"))
		p3 := qtGo(co, putter("p3", "c"))
		qtMust(qtSleep0(co))
		o.p(p)
		p1.Cancel()
		qtMust(qtSleep0(co))
		o.p(p)
		o.p("got", qtMust1(p.GetNowait()))
		p2.Cancel()
		qtMust(qtSleep0(co))
		o.p(p)
		settle(p1, p2, p3)
		o.p(p)

		j := qtGo(co, func(co *coroutine.Co) error {
			err := p.Join(co)
			if task.IsCancelled(err) {
				o.p("joiner cancelled", qtR(err))
			}
			return err
		})
		qtMust(qtSleep0(co))
		j.Cancel("enough")
		settle(j)

		g8 := qtGo(co, getter("g8"))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait(5))
		g8.Cancel()
		settle(g8)
		o.p(q, qtMust1(q.GetNowait()))
		return nil
	})
}
