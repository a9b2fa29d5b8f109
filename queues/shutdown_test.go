package queues_test

import (
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// qtQueue is what the shutdown scenarios need of any of the three types.
type qtQueue interface {
	Get(co *coroutine.Co) (any, error)
	Put(co *coroutine.Co, v any) error
	Join(co *coroutine.Co) error
}

// TestShutdown is the twin of testdata/shutdown.py: Shutdown in both
// modes, with blocked getters, putters and joiners.
func TestShutdown(t *testing.T) {
	qtRun(t, "shutdown", func(co *coroutine.Co, o *qtOut) error {
		getter := func(name string, q qtQueue) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				v, err := q.Get(co)
				switch err {
				case nil:
					o.p(name, "got", v)
				case queues.ErrQueueShutDown:
					o.p(name, "get raised", qtR(err))
				default:
					return err
				}
				return nil
			}
		}
		putter := func(name string, q qtQueue, v any) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				switch err := q.Put(co, v); err {
				case nil:
					o.p(name, "put", v)
				case queues.ErrQueueShutDown:
					o.p(name, "put raised", qtR(err))
				default:
					return err
				}
				return nil
			}
		}
		joiner := func(name string, q qtQueue) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				if err := q.Join(co); err != nil {
					return err
				}
				o.p(name, "joined")
				return nil
			}
		}

		q := queues.New[any](1)
		g1 := qtGo(co, getter("g1", q))
		g2 := qtGo(co, getter("g2", q))
		qtMust(qtSleep0(co))
		o.p(q)
		q.Shutdown(false)
		o.p(q)
		qtMust1(task.Gather(co, g1, g2).Await(co))
		if err := q.PutNowait(1); err == queues.ErrQueueShutDown {
			o.p("put_nowait raised", qtR(err), qtR(qtStr(err)))
		}
		qtMust(putter("p0", q, 1)(co))
		if _, err := q.GetNowait(); err == queues.ErrQueueShutDown {
			o.p("get_nowait raised", qtR(err))
		}

		q = queues.New[any](2)
		qtMust(q.PutNowait("a"))
		qtMust(q.PutNowait("b"))
		p1 := qtGo(co, putter("p1", q, "c"))
		qtMust(qtSleep0(co))
		o.p(q)
		q.Shutdown(false)
		o.p(q)
		qtMust1(p1.Await(co))
		o.p(qtMust1(q.Get(co)))
		o.p(qtMust1(q.GetNowait()))
		if _, err := q.GetNowait(); err == queues.ErrQueueShutDown {
			o.p("get_nowait raised", qtR(err))
		}
		qtMust(getter("g3", q)(co))
		o.p(q)
		j := qtGo(co, joiner("j1", q))
		qtMust(qtSleep0(co))
		qtMust(q.TaskDone())
		qtMust(q.TaskDone())
		o.p(q)
		qtMust1(j.Await(co))

		q = queues.New[any](0)
		for i := range 3 {
			qtMust(q.PutNowait(i))
		}
		o.p("got", qtMust1(q.GetNowait()))
		j = qtGo(co, joiner("j2", q))
		qtMust(qtSleep0(co))
		q.Shutdown(true)
		o.p(q, q.Qsize(), q.Empty())
		qtMust(qtSleep0(co))
		o.p("j2 done:", j.Done())
		qtMust(q.TaskDone())
		qtMust1(j.Await(co))
		if _, err := q.GetNowait(); err == queues.ErrQueueShutDown {
			o.p("get_nowait raised", qtR(err))
		}
		qtMust(getter("g4", q)(co))

		q = queues.New[any](0)
		qtMust(q.PutNowait("x"))
		qtMust(q.PutNowait("y"))
		j = qtGo(co, joiner("j3", q))
		qtMust(qtSleep0(co))
		q.Shutdown(true)
		o.p(q)
		qtMust1(j.Await(co))

		q = queues.New[any](1)
		qtMust(q.PutNowait("z"))
		p2 := qtGo(co, putter("p2", q, "w"))
		qtMust(qtSleep0(co))
		o.p(q)
		q.Shutdown(true)
		o.p(q)
		g5 := qtGo(co, getter("g5", q))
		qtMust1(task.Gather(co, p2, g5).Await(co))

		q = queues.New[any](1)
		qtMust(q.PutNowait("v"))
		p3 := qtGo(co, putter("p3", q, "u"))
		qtMust(qtSleep0(co))
		o.p("got", qtMust1(q.GetNowait()))
		q.Shutdown(false)
		o.p(q)
		qtMust1(p3.Await(co))

		l := queues.NewLifo[any](0)
		qtMust(l.PutNowait(1))
		qtMust(l.PutNowait(2))
		l.Shutdown(false)
		l.Shutdown(false)
		o.p(l)
		o.p(qtMust1(l.GetNowait()))
		l.Shutdown(true)
		o.p(l)
		qtMust(l.TaskDone())
		if err := l.TaskDone(); err != nil {
			o.p(qtR(err))
		}

		q = queues.New[any](0)
		g6 := qtGo(co, getter("g6", q))
		g7 := qtGo(co, getter("g7", q))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait("last"))
		q.Shutdown(false)
		o.p(q)
		qtMust1(task.Gather(co, g6, g7).Await(co))

		pq := queues.NewOrderedPriority[int](0)
		for _, v := range []int{3, 1, 2} {
			qtMust(pq.PutNowait(v))
		}
		pq.Shutdown(false)
		o.p(pq, qtDrain[int](pq))
		return nil
	})
}
