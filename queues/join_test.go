package queues_test

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// TestJoinTaskDone is the twin of testdata/join.py: Join returns at once
// when nothing is unfinished, waits otherwise, and all joiners resume when
// TaskDone brings the count to zero.
func TestJoinTaskDone(t *testing.T) {
	qtRun(t, "join", func(co *coroutine.Co, o *qtOut) error {
		q := queues.New[any](0)
		joiner := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				o.p(name, "join start")
				if err := q.Join(co); err != nil {
					return err
				}
				o.p(name, "join done")
				return nil
			}
		}
		tk := qtGo(co, joiner("early"))
		qtMust(qtSleep0(co))
		o.p("early done:", tk.Done())

		for i := range 3 {
			qtMust(q.PutNowait(i))
		}
		j1 := qtGo(co, joiner("j1"))
		j2 := qtGo(co, joiner("j2"))
		qtMust(qtSleep0(co))
		o.p(q)
		for !q.Empty() {
			v := qtMust1(q.GetNowait())
			o.p("work", v)
			qtMust(qtSleep0(co))
			qtMust(q.TaskDone())
			o.p("done", v, q, j1.Done())
		}
		o.p("before gather", j1.Done(), j2.Done())
		qtMust1(task.Gather(co, j1, j2).Await(co))
		o.p(q)

		m := qtGo(co, func(co *coroutine.Co) error { o.p("marker ran"); return nil })
		qtMust(q.Join(co))
		o.p("after join, marker done:", m.Done())
		qtMust1(m.Await(co))

		if err := q.TaskDone(); err != nil {
			o.p(qtR(err))
		}

		qtMust(q.PutNowait("x"))
		qtMust1(q.GetNowait())
		j3 := qtGo(co, joiner("j3"))
		qtMust(qtSleep0(co))
		qtMust(q.PutNowait("y"))
		qtMust(q.TaskDone())
		qtMust(qtSleep0(co))
		o.p("j3 done:", j3.Done(), q)
		qtMust(q.TaskDone())
		o.p("j3 done:", j3.Done(), q)
		qtMust1(j3.Await(co))

		qtMust(q.PutNowait("z"))
		j4 := qtGo(co, joiner("j4"))
		j5 := qtGo(co, joiner("j5"))
		qtMust(qtSleep0(co))
		j4.Cancel()
		if _, err := j4.Await(co); task.IsCancelled(err) {
			o.p("j4", qtR(err))
		}
		o.p("j5 done:", j5.Done())
		qtMust1(q.GetNowait())
		qtMust(q.TaskDone())
		qtMust1(j5.Await(co))

		w := queues.New[int](0)
		worker := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				for {
					v, err := w.Get(co)
					if err != nil {
						return err
					}
					for range v { // v loop iterations of work
						if err := qtSleep0(co); err != nil {
							return err
						}
					}
					o.p(name, "finished", v)
					qtMust(w.TaskDone())
				}
			}
		}
		for _, v := range []int{5, 1, 3, 2, 4} {
			qtMust(w.PutNowait(v))
		}
		var ws []*task.Task[struct{}]
		for i := range 2 {
			ws = append(ws, qtGo(co, worker(fmt.Sprintf("w%d", i))))
		}
		qtMust(w.Join(co))
		o.p("all done", w)
		var aws []task.Awaitable[struct{}]
		for _, wk := range ws {
			wk.Cancel()
			aws = append(aws, wk)
		}
		o.p(qtMust1(task.GatherReturnExceptions(co, aws...).Await(co)))
		return nil
	})
}
