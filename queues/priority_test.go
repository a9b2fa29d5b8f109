package queues_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// qtJob compares on its priority only, so jobs of equal priority tie.
type qtJob struct {
	prio int
	name string
}

func (j qtJob) PyRepr() string { return fmt.Sprintf("Job(%d, %s)", j.prio, pyfmt.Repr(j.name)) }

func qtJobLess(a, b qtJob) bool { return a.prio < b.prio }

// qtTupleLess compares (priority, sequence, data) tuples on their first
// two elements, which is all Python compares when the sequence numbers
// are distinct.
func qtTupleLess(a, b pyfmt.Tuple) bool {
	if a[0].(int) != b[0].(int) {
		return a[0].(int) < b[0].(int)
	}
	return a[1].(int) < b[1].(int)
}

// qtDrain gets every item with GetNowait.
func qtDrain[T any](q interface {
	Qsize() int
	GetNowait() (T, error)
}) []T {
	var out []T
	for range q.Qsize() {
		out = append(out, qtMust1(q.GetNowait()))
	}
	return out
}

// TestPriority is the twin of testdata/priority.py: heapq order including
// ties and NaN, and blocking on a bounded priority queue.
func TestPriority(t *testing.T) {
	qtRun(t, "priority", func(co *coroutine.Co, o *qtOut) error {
		q := queues.NewPriority(0, qtJobLess)
		for _, j := range []qtJob{{1, "a"}, {1, "b"}, {0, "c"}, {1, "d"}, {1, "e"},
			{0, "f"}, {2, "g"}, {1, "h"}, {0, "i"}, {1, "j"}} {
			qtMust(q.PutNowait(j))
		}
		o.p(q)
		var out []string
		for !q.Empty() {
			out = append(out, qtMust1(q.GetNowait()).name)
			if len(out) == 4 {
				qtMust(q.PutNowait(qtJob{0, "k"}))
				qtMust(q.PutNowait(qtJob{1, "l"}))
				o.p(q)
			}
		}
		o.p(strings.Join(out, ""))

		tq := queues.NewPriority(0, qtTupleLess)
		for seq, e := range []struct {
			prio int
			data string
		}{{2, "x"}, {1, "y"}, {2, "z"}, {1, "w"}} {
			qtMust(tq.PutNowait(pyfmt.Tuple{e.prio, seq, e.data}))
		}
		o.p(tq)
		o.p(qtDrain[pyfmt.Tuple](tq))

		n := queues.NewOrderedPriority[int](0)
		for _, v := range []int{5, 3, 8, 1, 3, 9, 0} {
			qtMust(n.PutNowait(v))
		}
		o.p(n)
		o.p(qtDrain[int](n))

		s := queues.NewOrderedPriority[string](0)
		for _, v := range []string{"pear", "apple", "fig", "Banana"} {
			qtMust(s.PutNowait(v))
		}
		o.p(qtDrain[string](s))

		nan := math.NaN()
		f := queues.NewOrderedPriority[float64](0)
		for _, v := range []float64{3.0, nan, 1.0, 2.0, nan, 0.5} {
			qtMust(f.PutNowait(v))
		}
		o.p(f)
		o.p(qtDrain[float64](f))

		b := queues.NewOrderedPriority[int](2)
		g := qtGo(co, func(co *coroutine.Co) error {
			o.p("g", "got", qtMust1(b.Get(co)))
			return nil
		})
		qtMust(qtSleep0(co))
		o.p(b)
		qtMust(b.Put(co, 7))
		qtMust1(g.Await(co))
		for _, v := range []int{4, 2, 6, 1} {
			qtGo(co, func(co *coroutine.Co) error {
				qtMust(b.Put(co, v))
				o.p("put", v)
				return nil
			})
		}
		qtMust(qtSleep0(co))
		o.p(b)
		for b.Qsize() > 0 || len(task.AllTasks(co)) > 1 {
			o.p("got", qtMust1(b.Get(co)))
			qtMust(qtSleep0(co))
		}
		o.p(b)
		return nil
	})
}

// TestLifo is the twin of testdata/lifo.py.
func TestLifo(t *testing.T) {
	qtRun(t, "lifo", func(co *coroutine.Co, o *qtOut) error {
		q := queues.NewLifo[any](0)
		for i := range 5 {
			qtMust(q.PutNowait(i))
		}
		o.p(q)
		o.p(qtMust1(q.GetNowait()), qtMust1(q.GetNowait()))
		qtMust(q.PutNowait("x"))
		o.p(q)
		o.p(qtDrain[any](q))
		if _, err := q.GetNowait(); err != nil {
			o.p(qtR(err))
		}

		b := queues.NewLifo[any](2)
		getter := func(name string) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				o.p(name, "got", qtMust1(b.Get(co)))
				return nil
			}
		}
		putter := func(name string, v any) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				qtMust(b.Put(co, v))
				o.p(name, "put", v)
				return nil
			}
		}
		var gs []task.Awaitable[struct{}]
		for i := range 2 {
			gs = append(gs, qtGo(co, getter(fmt.Sprintf("g%d", i))))
		}
		qtMust(qtSleep0(co))
		o.p(b)
		qtMust(b.PutNowait("a"))
		qtMust(b.PutNowait("b"))
		o.p(b)
		qtMust1(task.Gather(co, gs...).Await(co))
		qtMust(b.PutNowait(1))
		qtMust(b.PutNowait(2))
		if err := b.PutNowait(3); err != nil {
			o.p(qtR(err))
		}
		var ps []task.Awaitable[struct{}]
		for i := range 2 {
			ps = append(ps, qtGo(co, putter(fmt.Sprintf("p%d", i), 3+i)))
		}
		qtMust(qtSleep0(co))
		o.p(b)
		o.p("got", qtMust1(b.Get(co)))
		qtMust(qtSleep0(co))
		o.p(b)
		o.p("got", qtMust1(b.Get(co)))
		o.p("got", qtMust1(b.Get(co)))
		qtMust1(task.Gather(co, ps...).Await(co))
		o.p(b)
		o.p(qtDrain[any](b))
		for range 6 {
			qtMust(b.TaskDone())
		}
		qtMust(b.Join(co))
		o.p(b)
		return nil
	})
}
