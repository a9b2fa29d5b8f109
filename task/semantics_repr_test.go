package task_test

// Twins found by differential fuzzing: which CancelledError a cancelled
// gather ends with, task names under a task factory (3.13.0), reprs
// (callbacks of tasks, reprlib-shortened results, asyncio's own callback
// names) and the never-retrieved report of a gather.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// rprChild is async def child(d): await asyncio.sleep(d); return d.
func rprChild(d time.Duration) *coroutine.Coroutine[time.Duration] {
	return coroutine.New(func(co *coroutine.Co) (time.Duration, error) {
		return task.SleepValue(co, d, d)
	})
}

func TestSem49GatherCancelLastChild(t *testing.T) {
	semRun(t, "gather_cancel_last_child.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		g := task.GatherReturnExceptions(co, rprChild(10*time.Second), rprChild(10*time.Millisecond))
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		e.p("cancel:", g.Cancel("stop"))
		if _, err := g.Await(co); semCancelled(err) != nil {
			e.p("gather 1:", pyfmt.Repr(err))
		}

		fut := task.NewFuture[any](co)
		_ = fut.SetResult("x")
		waiter := coroutine.New(func(co *coroutine.Co) ([]any, error) {
			child := coroutine.New(func(co *coroutine.Co) (any, error) {
				return task.SleepValue[any](co, 10*time.Second, 10)
			})
			return task.Gather[any](co, child, fut).Await(co)
		})
		tk, err := task.CreateTask(co, waiter)
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel task:", tk.Cancel("c6a"))
		if _, err := tk.Await(co); semCancelled(err) != nil {
			e.p("gather 2:", pyfmt.Repr(err))
		}

		g3 := task.Gather(co, rprChild(10*time.Millisecond), rprChild(10*time.Second))
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		e.p("cancel:", g3.Cancel("last"))
		if _, err := g3.Await(co); semCancelled(err) != nil {
			e.p("gather 3:", pyfmt.Repr(err))
		}
		return nil
	})
}

func TestSem49TaskFactoryNames(t *testing.T) {
	semRun(t, "task_factory_names.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		// Task-N numbers are process-wide, and other tests took some:
		// print them counted from this program's main task, Task-1 in
		// the Python twin.
		base := rprTaskNum(t, task.CurrentTask(co).Name()) - 1
		name := func(tk task.AnyTask) string {
			if n := tk.Name(); strings.HasPrefix(n, "Task-") {
				return fmt.Sprintf("Task-%d", rprTaskNum(t, n)-base)
			}
			return tk.Name()
		}
		f := func(tag string) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p(tag, "inside:", name(task.CurrentTask(co)))
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
				e.p(tag, "inside later:", name(task.CurrentTask(co)))
				return tag, nil
			})
		}
		l := e.l
		a, err := task.CreateTask(co, f("a"))
		if err != nil {
			return err
		}
		e.p("a outside:", name(a))
		if _, err := a.Await(co); err != nil {
			return err
		}
		l.SetTaskFactory(task.EagerTaskFactory)
		b, err := task.CreateTask(co, f("b"))
		if err != nil {
			return err
		}
		e.p("b outside:", name(b))
		c, err := task.CreateTask(co, f("c"), task.WithName("C"))
		if err != nil {
			return err
		}
		e.p("c outside:", name(c))
		d, err := task.EnsureFuture[string](co, f("d"))
		if err != nil {
			return err
		}
		e.p("d outside:", name(d.(task.AnyTask)))
		res, err := task.Gather[string](co, b, c, d, f("e")).Await(co)
		if err != nil {
			return err
		}
		e.p(res)
		l.SetTaskFactory(nil)
		g, err := task.CreateTask(co, f("g"))
		if err != nil {
			return err
		}
		e.p("g outside:", name(g))
		_, err = g.Await(co)
		return err
	})
}

// rprTaskNum returns N of the name Task-N.
func rprTaskNum(t *testing.T, name string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(name, "Task-"))
	if err != nil {
		t.Fatalf("task name %q is not Task-N", name)
	}
	return n
}

// rprCb1 is def cb1(f): pass.
func rprCb1(task.AnyFuture) {}

func TestSem49ReprCallbacksReprlib(t *testing.T) {
	semRun(t, "repr_callbacks_reprlib.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		work := func(v any) *coroutine.Coroutine[any] {
			return coroutine.New(func(co *coroutine.Co) (any, error) {
				return task.SleepValue(co, 0, v)
			})
		}
		r := func(x any) string {
			// The Go names stand for the Python ones.
			return strings.NewReplacer("rprCb1()", "cb1()", "coro=<TestSem49ReprCallbacksReprlib()", "coro=<work()").Replace(pyfmt.Repr(x))
		}
		tk, err := task.CreateTask(co, work(strings.Repeat("x", 40)), task.WithName("T"))
		if err != nil {
			return err
		}
		tk.AddDoneCallback(rprCb1)
		e.p(r(tk))
		v, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p(r(v))
		e.p(r(tk))
		for _, v := range []any{
			strings.Repeat("y", 29),
			[]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
			pyfmt.Dict{{Key: "b", Value: 1}, {Key: "a", Value: 2}, {Key: "d", Value: 4}, {Key: "c", Value: 3}, {Key: "e", Value: 5}},
			12345,
		} {
			f := task.NewFuture[any](co)
			_ = f.SetResult(v)
			e.p(r(f))
		}
		inner := task.NewFuture[int](co)
		outer, err := task.Shield[int](co, inner)
		if err != nil {
			return err
		}
		e.p(r(inner))
		e.p(r(outer))
		_ = inner.SetResult(1)
		if _, err := outer.Await(co); err != nil {
			return err
		}
		w1, w2 := task.NewFuture[any](co), task.NewFuture[any](co)
		waiter, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			_, _, err := task.Wait(co, []*task.Future[any]{w1, w2}, task.NoTimeout, task.AllCompleted)
			return 0, err
		}), task.WithName("W"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p(r(w1))
		_ = w1.SetResult(nil)
		_ = w2.SetResult(nil)
		if _, err := waiter.Await(co); err != nil {
			return err
		}
		g := task.Gather(co, work(1), work(2))
		e.p(r(g))
		res, err := g.Await(co)
		if err != nil {
			return err
		}
		e.p(r(res))
		e.p(r(g))
		return nil
	})
}

// TestSem49GatherNeverRetrieved runs its loop by hand, to install the
// handler that prints the report.
func TestSem49GatherNeverRetrieved(t *testing.T) {
	var out strings.Builder
	p := func(args ...any) { pyfmt.Fprintln(&out, args...) }
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	l.SetExceptionHandler(func(_ *loop.Loop, ctx task.ExceptionContext) {
		p("handler:", ctx.Message, "|", pyfmt.Repr(ctx.Exception))
	})
	boom := coroutine.New(func(*coroutine.Co) (int, error) { return 0, task.ValueError("boom") })
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		g := task.Gather(co, boom)
		if err := task.Sleep(co, 10*time.Millisecond); err != nil {
			return 0, err
		}
		p("done", g.Done(), "cancel ->", g.Cancel())
		return 0, nil
	})
	if _, err := l.RunUntilComplete(main); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	p("closed")
	difftest.Compare(t, out.String(), filepath.Join("testdata", "sem49", "gather_never_retrieved.py"))
}

func TestSem49VirtualClockIdleReads(t *testing.T) {
	semRun(t, "virtual_clock_idle_reads.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		l := e.l
		t0 := l.Time()
		for range 3 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		e.p("ns since t0:", int(math.RoundToEven((l.Time()-t0)*1e9)))
		if _, err := l.CallAt(t0+0.001+6e-9, func() { e.p("A call_at(t0+1ms+6ns)") }); err != nil {
			return err
		}
		if _, err := l.CallLater(time.Millisecond, func() { e.p("B call_later(1ms)") }); err != nil {
			return err
		}
		return task.Sleep(co, 2*time.Millisecond)
	})
}

func TestSem49EagerDoneAndMisuse(t *testing.T) {
	semRun(t, "eager_done_and_misuse.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		r := func(x any) string {
			return strings.ReplaceAll(pyfmt.Repr(x), "coro=<TestSem49EagerDoneAndMisuse()", "coro=<suspends()")
		}
		ret := coroutine.New(func(*coroutine.Co) (any, error) { return 1, nil })
		boom := coroutine.New(func(*coroutine.Co) (any, error) { return nil, task.ValueError("direct") })
		suspends := coroutine.New(func(co *coroutine.Co) (any, error) { return task.SleepValue[any](co, 0, "later") })
		t1, err := task.CreateTask(co, ret, task.Eager(), task.WithName("t1"))
		if err != nil {
			return err
		}
		e.p(r(t1), t1.Coro())
		t2, err := task.CreateTask(co, boom, task.Eager(), task.WithName("t2"))
		if err != nil {
			return err
		}
		e.p(r(t2), t2.Coro())
		_, _ = t2.Exception()
		t3, err := task.CreateTask(co, suspends, task.Eager(), task.WithName("t3"))
		if err != nil {
			return err
		}
		e.p(r(t3), t3.Coro() != nil)
		v, err := t3.Await(co)
		if err != nil {
			return err
		}
		e.p(v, r(t3))

		s := coroutine.New(func(co *coroutine.Co) (string, error) {
			return task.SleepValue(co, 10*time.Millisecond, "slept")
		})
		awaits := func(c *coroutine.Coroutine[string]) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) { return c.Await(co) })
		}
		a, err := task.CreateTask(co, awaits(s))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		b, err := task.CreateTask(co, awaits(s))
		if err != nil {
			return err
		}
		if _, err := b.Await(co); errors.Is(err, coroutine.ErrBeingAwaited) {
			e.p("second awaiter:", pyfmt.Repr(err))
		}
		got, err := a.Await(co)
		if err != nil {
			return err
		}
		e.p("first awaiter:", got)

		var holder *coroutine.Coroutine[string]
		holder = coroutine.New(func(co *coroutine.Co) (string, error) { return holder.Await(co) })
		ht, err := task.CreateTask(co, holder)
		if err != nil {
			return err
		}
		if _, err := ht.Await(co); errors.Is(err, coroutine.ErrAlreadyRunning) {
			e.p("self await:", pyfmt.Repr(err))
		}

		f := task.NewFuture[int](co)
		if err := f.SetException(nil); err != nil {
			e.p("set_exception(None):", pyfmt.Repr(err))
		}
		return nil
	})
}

func TestSem49SelfAwaitFlag(t *testing.T) {
	semRun(t, "self_await_flag.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		short := func(err error) string { return strings.Split(err.Error(), ":")[0] }
		var tk *task.Task[int]
		selfWaiter := coroutine.New(func(co *coroutine.Co) (int, error) {
			if _, err := tk.Await(co); semIsRuntime(err) {
				e.p("self_waiter:", short(err))
			}
			return task.SleepValue(co, 0, 5)
		})
		otherWaiter := coroutine.New(func(co *coroutine.Co) (int, error) {
			if _, err := tk.Await(co); semIsRuntime(err) {
				e.p("other_waiter:", short(err))
			}
			return 0, nil
		})
		var err error
		if tk, err = task.CreateTask(co, selfWaiter, task.WithName("t")); err != nil {
			return err
		}
		w, err := task.CreateTask(co, otherWaiter, task.WithName("w"))
		if err != nil {
			return err
		}
		if _, err := w.Await(co); err != nil {
			return err
		}
		if v, err := tk.Await(co); semIsRuntime(err) {
			e.p("main:", err.Error())
		} else {
			e.p("t after:", v)
		}
		for range 3 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		r, _ := tk.Result()
		e.p("t done:", tk.Done(), r)
		return nil
	})
}

func TestSem49GatherNestedEager(t *testing.T) {
	semRun(t, "gather_nested_eager.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		e.l.SetTaskFactory(task.EagerTaskFactory)
		fut := task.NewFuture[any](co)
		if _, err := e.l.CallSoon(func() { _ = fut.SetResult(7) }); err != nil {
			return err
		}
		inner := coroutine.New(func(co *coroutine.Co) (any, error) {
			e.p("inner starts")
			r, err := task.Gather[any](co, fut, fut).Await(co)
			if err != nil {
				return nil, err
			}
			e.p("inner got", r)
			return "inner", nil
		})
		r, err := task.Gather[any](co, fut, inner, fut).Await(co)
		if err != nil {
			return err
		}
		e.p(r)
		return nil
	})
}
