package queues_test

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// TestStealAndRequeue is the twin of testdata/steal.py: a woken getter or
// putter is not handed the item or the slot; if someone takes it first, the
// woken task waits again at the back of the line.
func TestStealAndRequeue(t *testing.T) {
	qtRun(t, "steal", func(co *coroutine.Co, o *qtOut) error {
		q := queues.New[any](0)
		getter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				o.p(name, "waiting")
				v, err := q.Get(co)
				qtMust(err)
				o.p(name, "got", v)
				return nil
			}
		}
		t1 := qtGo(co, getter("g1"))
		t2 := qtGo(co, getter("g2"))
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait("a"))
		o.p(q)
		o.p("stolen", qtMust1(q.GetNowait()))
		o.p(q)
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait("b"))
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait("c"))
		qtMust1(task.Gather(co, t1, t2).Await(co))
		o.p(q)

		thief := func(co *coroutine.Co) error {
			o.p("thief got", qtMust1(q.Get(co)))
			return nil
		}
		t1 = qtGo(co, getter("g3"))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait("d"))
		t2 = qtGo(co, thief)
		o.p(q)
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait("e"))
		qtMust1(t1.Await(co))
		qtMust1(t2.Await(co))

		p := queues.New[any](1)
		qtMust(p.PutNowait(0))
		putter := func(name string, v any) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				o.p(name, "waiting")
				qtMust(p.Put(co, v))
				o.p(name, "put", v)
				return nil
			}
		}
		t1 = qtGo(co, putter("p1", 1))
		t2 = qtGo(co, putter("p2", 2))
		qtMust(qtSleep0(co))
		o.p(p)
		o.p("got", qtMust1(p.GetNowait()))
		o.p(p)
		qtMust(p.PutNowait("x"))
		o.p(p)
		qtMust(qtSleep0(co))
		o.p(p)
		o.p("got", qtMust1(p.GetNowait()))
		qtMust(qtSleep0(co))
		o.p(p)
		o.p("got", qtMust1(p.GetNowait()))
		qtMust(qtSleep0(co))
		o.p("got", qtMust1(p.GetNowait()))
		qtMust1(task.Gather(co, t1, t2).Await(co))
		o.p(p)

		var ts []task.Awaitable[struct{}]
		for i := range 4 {
			ts = append(ts, qtGo(co, getter(fmt.Sprintf("w%d", i))))
		}
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait(1))
		qtMust(q.PutNowait(2))
		qtMust(q.PutNowait(3))
		o.p(q)
		o.p("stolen", qtMust1(q.GetNowait()))
		qtMust(qtSleep0(co))
		o.p(q)
		qtMust(q.PutNowait(4))
		qtMust(q.PutNowait(5))
		qtMust1(task.Gather(co, ts...).Await(co))
		o.p(q)
		return nil
	})
}
