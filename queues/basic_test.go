package queues_test

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// TestBasic is the twin of testdata/basic.py: sizes, the nowait calls, the
// errors, task_done misuse, and String in each state.
func TestBasic(t *testing.T) {
	qtRun(t, "basic", func(co *coroutine.Co, o *qtOut) error {
		q := queues.New[any](2)
		o.p(q, q.Qsize(), q.Maxsize(), q.Empty(), q.Full())
		qtMust(q.PutNowait(1))
		qtMust(q.PutNowait("two"))
		o.p(q, q.Qsize(), q.Empty(), q.Full())
		if err := q.PutNowait(3); err == queues.ErrQueueFull {
			o.p("put_nowait:", qtR(err), qtR(qtStr(err)))
		}
		o.p(qtMust1(q.GetNowait()), qtMust1(q.GetNowait()))
		if _, err := q.GetNowait(); err == queues.ErrQueueEmpty {
			o.p("get_nowait:", qtR(err), qtR(qtStr(err)))
		}
		o.p(q)
		qtMust(q.TaskDone())
		o.p(q)
		qtMust(q.TaskDone())
		if err := q.TaskDone(); err != nil {
			o.p("task_done:", qtR(err))
		}
		o.p(q)

		// Put and Get that need not wait do not suspend.
		tk := qtGo(co, func(co *coroutine.Co) error { o.p("other ran"); return nil })
		qtMust(q.Put(co, "x"))
		qtMust(q.Put(co, "y"))
		o.p("put twice, other done:", tk.Done())
		o.p(qtMust1(q.Get(co)), qtMust1(q.Get(co)))
		o.p("got twice, other done:", tk.Done())
		qtMust1(tk.Await(co))

		u := queues.New[int](0)
		for i := range 5 {
			qtMust(u.PutNowait(i))
		}
		o.p(u, u.Full(), u.Qsize())
		n := queues.New[any](-1)
		qtMust(n.PutNowait(nil))
		qtMust(n.PutNowait([]any{1, "a"}))
		o.p(n, n.Full(), n.Maxsize())

		// Waiting getters and putters show in String.
		g := queues.New[string](1)
		getter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				v, err := g.Get(co)
				qtMust(err)
				o.p(name, "got", v)
				return nil
			}
		}
		putter := func(name, v string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				qtMust(g.Put(co, v))
				o.p(name, "put", v)
				return nil
			}
		}
		t1 := qtGo(co, getter("g1"))
		t2 := qtGo(co, getter("g2"))
		qtMust(qtSleep0(co))
		o.p(g)
		qtMust(g.PutNowait("a"))
		o.p(g)
		qtMust(qtSleep0(co))
		o.p(g)
		qtMust(g.Put(co, "b"))
		qtMust1(t1.Await(co))
		qtMust1(t2.Await(co))
		o.p(g)
		qtMust(g.PutNowait("c"))
		t3 := qtGo(co, putter("p1", "d"))
		t4 := qtGo(co, putter("p2", "e"))
		qtMust(qtSleep0(co))
		o.p(g)
		o.p("got", qtMust1(g.Get(co)))
		o.p(g)
		qtMust1(t3.Await(co))
		o.p(g)
		o.p("got", qtMust1(g.Get(co)))
		qtMust1(t4.Await(co))
		o.p(g)
		return nil
	})
}

// TestProducerConsumer is the twin of testdata/prodcons.py: a producer and
// consumers on a bounded and on an unbounded queue.
func TestProducerConsumer(t *testing.T) {
	qtRun(t, "prodcons", func(co *coroutine.Co, o *qtOut) error {
		producer := func(co *coroutine.Co, q *queues.Queue[*int], n int) {
			for i := range n {
				o.p("put", i, "qsize", q.Qsize(), "full", q.Full())
				qtMust(q.Put(co, &i))
			}
			o.p("producer done")
		}
		consumer := func(q *queues.Queue[*int], name string) func(co *coroutine.Co) (int, error) {
			return func(co *coroutine.Co) (int, error) {
				count := 0
				for {
					v, err := q.Get(co)
					if err != nil {
						return count, err
					}
					if v == nil {
						o.p(name, "stops")
						return count, q.TaskDone()
					}
					o.p(name, "got", *v)
					qtMust(qtSleep0(co))
					count++
					qtMust(q.TaskDone())
					o.p(name, "done", *v)
				}
			}
		}
		q := queues.New[*int](2)
		var tasks []task.Awaitable[int]
		for i := range 3 {
			tasks = append(tasks, qtGoV(co, consumer(q, fmt.Sprintf("c%d", i))))
		}
		producer(co, q, 8)
		for range tasks {
			qtMust(q.Put(co, nil))
		}
		o.p("sentinels queued", q)
		qtMust(q.Join(co))
		o.p("joined", q)
		o.p(qtMust1(task.Gather(co, tasks...).Await(co)))

		q = queues.New[*int](0)
		tasks = nil
		for i := range 2 {
			tasks = append(tasks, qtGoV(co, consumer(q, fmt.Sprintf("d%d", i))))
		}
		producer(co, q, 4)
		qtMust(q.PutNowait(nil))
		qtMust(q.PutNowait(nil))
		qtMust(q.Join(co))
		o.p(qtMust1(task.Gather(co, tasks...).Await(co)))
		return nil
	})
}
