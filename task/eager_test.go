package task_test

// Differential tests for eager tasks (3.12, section 22 of
// asyncio-semantics.md): task.Eager() is Task(..., eager_start=True) and
// task.EagerTaskFactory is asyncio.eager_task_factory. The programs are
// in testdata/taskgroup; the helpers are in taskgroups_test.go.
//
// CPython 3.13.0's loop.create_task names a task made by a task factory
// only after the factory returns, and names it 'None' when no name is
// given (fixed in later 3.13 releases); the programs do not print such
// names.

import (
	"errors"
	"slices"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// tgtName is the programs' name(t): the task's name, or None.
func tgtName(t task.AnyTask) any {
	if t == nil {
		return nil
	}
	return t.Name()
}

// tgtNames is sorted(t.get_name() for t in asyncio.all_tasks()).
func tgtNames(co *coroutine.Co) []string {
	var names []string
	for _, t := range task.AllTasks(co) {
		names = append(names, t.Name())
	}
	slices.Sort(names)
	if names == nil {
		names = []string{}
	}
	return names
}

// tgtIn is `t in asyncio.all_tasks()`.
func tgtIn(co *coroutine.Co, t task.AnyTask) bool {
	return slices.Contains(task.AllTasks(co), t)
}

func TestEagerSyncStart(t *testing.T) {
	tgtRun(t, "eager_sync_start.py", tgtConfig{ticker: 6, mainName: "main"}, func(co *coroutine.Co, e *tgtEnv) error {
		inner := coroutine.New(func(co *coroutine.Co) (string, error) { // async def inner():
			e.p("inner runs as", tgtName(task.CurrentTask(co)))
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
			e.p("inner resumes as", tgtName(task.CurrentTask(co)))
			return "inner result", nil
		})
		outer := coroutine.New(func(co *coroutine.Co) (string, error) { // async def outer():
			e.p("outer step 1 as", tgtName(task.CurrentTask(co)))
			// t = asyncio.Task(inner(), loop=loop, name="inner", eager_start=True)
			t, err := task.NewTask(e.l, inner, task.WithName("inner"), task.Eager())
			if err != nil {
				return "", err
			}
			e.p("outer back as", tgtName(task.CurrentTask(co)), "inner done =", t.Done())
			r, err := t.Await(co)
			if err != nil {
				return "", err
			}
			e.p("outer got", r)
			return "outer result", nil
		})
		plain := func(mainTask task.AnyTask) *coroutine.Coroutine[string] { // async def plain(main_task):
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p("plain runs, current is main:", task.CurrentTask(co) == mainTask)
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
				e.p("plain resumes")
				return "plain result", nil
			})
		}
		me := task.CurrentTask(co)
		e.p("main creates")
		t, err := task.NewTask(e.l, outer, task.WithName("outer"), task.Eager())
		if err != nil {
			return err
		}
		e.p("main back as", tgtName(task.CurrentTask(co)), "outer done =", t.Done())
		e.l.SetTaskFactory(task.EagerTaskFactory)
		e.p("factory set")
		u, err := e.l.CreateTask(plain(me))
		if err != nil {
			return err
		}
		e.p("main after plain, done =", u.Done(), "current is main:", task.CurrentTask(co) == me)
		rt, err := t.Await(co)
		if err != nil {
			return err
		}
		ru, err := u.Await(co)
		if err != nil {
			return err
		}
		e.p("results", rt, ru)
		return nil
	})
}

func TestEagerNeverSuspends(t *testing.T) {
	tgtRun(t, "eager_never_suspends.py", tgtConfig{ticker: 4}, func(co *coroutine.Co, e *tgtEnv) error {
		value := func() *coroutine.Coroutine[any] { // async def value():
			return coroutine.New(func(*coroutine.Co) (any, error) {
				e.p("value runs")
				return 42, nil
			})
		}
		raises := coroutine.New(func(*coroutine.Co) (any, error) { // async def raises():
			e.p("raises runs")
			return nil, task.ValueError("eager")
		})
		awaitsDone := func(f *task.Future[any]) *coroutine.Coroutine[any] { // async def awaits_done(f):
			return coroutine.New(func(co *coroutine.Co) (any, error) {
				e.p("awaits_done runs")
				return f.Await(co)
			})
		}
		e.l.SetTaskFactory(task.EagerTaskFactory)
		t, err := task.CreateTask(co, value())
		if err != nil {
			return err
		}
		r, _ := t.Result()
		e.p("value done =", t.Done(), "result =", r)
		t.AddDoneCallback(func(task.AnyFuture) { e.p("callback of value") })
		e.p("callback added")
		et, err := task.CreateTask(co, raises)
		if err != nil {
			return err
		}
		exc, _ := et.Exception()
		e.p("raises done =", et.Done(), "exception =", pyfmt.Repr(exc))
		f := task.NewFuture[any](co)
		if err := f.SetResult("ready"); err != nil {
			return err
		}
		d, err := task.CreateTask(co, awaitsDone(f))
		if err != nil {
			return err
		}
		rd, _ := d.Result()
		e.p("awaits_done done =", d.Done(), "result =", rd)
		c, err := task.CreateTask(co, value())
		if err != nil {
			return err
		}
		e.p("cancel a done eager task:", c.Cancel())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("main end")
		return nil
	})
}

func TestEagerAllTasks(t *testing.T) {
	tgtRun(t, "eager_all_tasks.py", tgtConfig{mainName: "main"}, func(co *coroutine.Co, e *tgtEnv) error {
		finishes := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def finishes():
			me := task.CurrentTask(co)
			e.p("finishes: in all_tasks =", tgtIn(co, me), tgtNames(co))
			return tgtNone, nil
		})
		suspends := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def suspends():
			me := task.CurrentTask(co)
			e.p("suspends: in all_tasks =", tgtIn(co, me), tgtNames(co))
			return tgtNone, task.Sleep(co, 0)
		})
		counts := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def counts():
			me := task.CurrentTask(co)
			e.p("counts: in all_tasks =", tgtIn(co, me), len(task.AllTasks(co)))
			return tgtNone, nil
		})
		e.p("before", tgtNames(co))
		a, err := task.NewTask(e.l, finishes, task.WithName("finishes"), task.Eager())
		if err != nil {
			return err
		}
		e.p("after finishes", tgtNames(co), a.Done())
		b, err := task.NewTask(e.l, suspends, task.WithName("suspends"), task.Eager())
		if err != nil {
			return err
		}
		e.p("after suspends", tgtNames(co), b.Done())
		if _, err := b.Await(co); err != nil {
			return err
		}
		e.p("after await", tgtNames(co))
		e.l.SetTaskFactory(task.EagerTaskFactory)
		c, err := task.CreateTask(co, counts)
		if err != nil {
			return err
		}
		e.p("after counts", len(task.AllTasks(co)), c.Done())
		return nil
	})
}

func TestEagerGather(t *testing.T) {
	tgtRun(t, "eager_gather.py", tgtConfig{ticker: 6}, func(co *coroutine.Co, e *tgtEnv) error {
		quick := func(n int) *coroutine.Coroutine[int] { // async def quick(n):
			return coroutine.New(func(*coroutine.Co) (int, error) {
				e.p("quick", n)
				return n, nil
			})
		}
		sleepy := func(n int) *coroutine.Coroutine[int] { // async def sleepy(n):
			return coroutine.New(func(co *coroutine.Co) (int, error) {
				e.p("sleepy", n, "starts")
				if err := task.Sleep(co, 0); err != nil {
					return 0, err
				}
				e.p("sleepy", n, "ends")
				return n * 10, nil
			})
		}
		bad := func() *coroutine.Coroutine[int] { // async def bad():
			return coroutine.New(func(*coroutine.Co) (int, error) {
				e.p("bad")
				return 0, task.ValueError("bad child")
			})
		}
		e.l.SetTaskFactory(task.EagerTaskFactory)
		g := task.Gather[int](co, quick(1), quick(2), quick(3))
		e.p("gather returned, done =", g.Done())
		r, err := g.Await(co)
		if err != nil {
			return err
		}
		e.p(r)
		g = task.Gather[int](co, quick(4), sleepy(5), quick(6))
		e.p("gather returned, done =", g.Done())
		if r, err = g.Await(co); err != nil {
			return err
		}
		e.p(r)
		ge := task.GatherReturnExceptions[int](co, quick(7), bad())
		e.p("gather returned, done =", ge.Done())
		re, err := ge.Await(co)
		if err != nil {
			return err
		}
		e.p(re)
		g = task.Gather[int](co, bad(), sleepy(8))
		e.p("gather returned, done =", g.Done())
		if _, err = g.Await(co); err != nil {
			var ve task.ValueError
			if !errors.As(err, &ve) {
				return err
			}
			e.p("gather raised", ve.PyRepr())
		}
		return task.Sleep(co, 0)
	})
}

func TestEagerNotRunning(t *testing.T) {
	e := tgtNewEnv(t)
	child := func(name string) *coroutine.Coroutine[string] { // async def child(name):
		return coroutine.New(func(co *coroutine.Co) (string, error) {
			e.p(name, "runs")
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
			e.p(name, "ends")
			return name, nil
		})
	}
	e.ticker(4)
	e.l.SetTaskFactory(task.EagerTaskFactory)
	a, err := e.l.CreateTask(child("a"))
	if err != nil {
		t.Fatal(err)
	}
	e.p("a created, done =", a.Done())
	b, err := task.NewTask(e.l, child("b"), task.Eager()) // asyncio.Task(child("b"), loop=loop, eager_start=True)
	if err != nil {
		t.Fatal(err)
	}
	e.p("b created, done =", b.Done())
	r, err := e.l.RunUntilComplete(task.Gather[string](e.l, a, b))
	if err != nil {
		t.Errorf("run_until_complete: %v", err)
	}
	e.p(r)
	e.finish("eager_not_running.py")
}
