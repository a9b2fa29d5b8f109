package task_test

// Differential tests for sections 10 and 11 of asyncio-semantics.md
// (shield, wait_for, wait, as_completed); timeouts_test.go covers section
// 12. Each TestWait... twin builds the program of one file in
// testdata/wait with our API and compares what it prints with what
// CPython 3.13 prints (or with the committed golden file).
//
// Every twin runs on a fresh loop with the virtual clock. The Python side
// uses CPython's own loop with its time source replaced the same way
// (testdata/wait/sem.py): time moves 1ns per read, and when the loop
// would wait it moves on by the select timeout rounded up to whole
// milliseconds, as the Go loop does. Several programs start a ticker
// first: a callback that prints "iter N" and queues itself again, so it
// runs first in every iteration and its lines pin how many iterations
// each step takes. Times are printed rounded to hundredths.

import (
	"errors"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// wtEnv is what a twin's main coroutine works with: its loop and the
// output it prints into.
type wtEnv struct {
	t   *testing.T
	l   *loop.Loop
	out strings.Builder
}

// p is Python's print.
func (e *wtEnv) p(args ...any) { pyfmt.Fprintln(&e.out, args...) }

// now is sem.py's now(loop): the loop time rounded to hundredths.
func (e *wtEnv) now() float64 { return math.Round(e.l.Time()*100) / 100 }

// ticker is sem.py's start_ticker(loop, limit): a callback that prints
// "iter N" and queues itself again, limit times.
func (e *wtEnv) ticker(limit int) {
	n := 0
	var tick func()
	tick = func() {
		n++
		e.p("iter", n)
		if n < limit {
			if _, err := e.l.CallSoon(tick); err != nil {
				e.t.Errorf("ticker: %v", err)
			}
		}
	}
	if _, err := e.l.CallSoon(tick); err != nil {
		e.t.Fatalf("ticker: %v", err)
	}
}

// soon is loop.call_soon(fn), failing the test if the loop refuses.
func (e *wtEnv) soon(fn func()) {
	if _, err := e.l.CallSoon(fn); err != nil {
		e.t.Errorf("call_soon: %v", err)
	}
}

// later is loop.call_later(d, fn), failing the test if the loop refuses.
func (e *wtEnv) later(d time.Duration, fn func()) {
	if _, err := e.l.CallLater(d, fn); err != nil {
		e.t.Errorf("call_later: %v", err)
	}
}

// wtRun runs main on a new virtual-clock loop the way the Python twins do
// (loop = new_loop(); start_ticker(loop, ticker) if ticker > 0;
// loop.run_until_complete(main()); loop.close()) and compares the output
// with testdata/wait/<py>.
func wtRun(t *testing.T, py string, ticker int, main func(co *coroutine.Co, e *wtEnv) error) {
	t.Helper()
	e := &wtEnv{t: t}
	e.l = loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	if ticker > 0 {
		e.ticker(ticker)
	}
	_, err := e.l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
		return wtNone, main(co, e)
	}))
	if err != nil {
		t.Errorf("main ended with %s", pyfmt.Repr(err))
	}
	if cerr := e.l.Close(); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	difftest.Compare(t, e.out.String(), filepath.Join("testdata", "wait", py))
}

// wtUnit is the result of coroutines that return None.
type wtUnit = struct{}

var wtNone wtUnit

// wtTimeout returns err as a *task.TimeoutError, or nil.
func wtTimeout(err error) *task.TimeoutError {
	var te *task.TimeoutError
	if errors.As(err, &te) {
		return te
	}
	return nil
}

// wtValueError reports whether err is a task.ValueError.
func wtValueError(err error) bool {
	var ve task.ValueError
	return errors.As(err, &ve)
}

// wtRuntimeError reports whether err is a task.RuntimeError.
func wtRuntimeError(err error) bool {
	var re task.RuntimeError
	return errors.As(err, &re)
}

// wtNames is the twins' names(fs): the task names, sorted.
func wtNames[T any](fs []*task.Task[T]) []string {
	names := make([]string, 0, len(fs))
	for _, f := range fs {
		names = append(names, f.Name())
	}
	slices.Sort(names)
	return names
}

// wtSleepThen is asyncio.sleep(d, result).
func wtSleepThen[T any](d time.Duration, result T) *coroutine.Coroutine[T] {
	return coroutine.New(func(co *coroutine.Co) (T, error) {
		if err := task.Sleep(co, d); err != nil {
			var zero T
			return zero, err
		}
		return result, nil
	})
}

// wtSteps is async def steps(n): n times sleep(0), then print and return n.
func wtSteps(e *wtEnv, n int) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		for range n {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
		}
		e.p("steps", n, "done")
		return n, nil
	})
}

// ---------------------------------------------------------------- wait_for

func TestWaitForValue(t *testing.T) {
	wtRun(t, "waitfor_value.py", 12, func(co *coroutine.Co, e *wtEnv) error {
		work := func(mainTask task.AnyTask) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p("work starts, in the caller's task:", mainTask != nil && task.CurrentTask(co) == mainTask)
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
				e.p("work after one sleep(0)")
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
				return "value", nil
			})
		}
		me := task.CurrentTask(co)
		e.p("main calls wait_for")
		r, err := task.WaitFor[string](co, work(me), 10*time.Second)
		if err != nil {
			return err
		}
		e.p("wait_for returned", pyfmt.Repr(r))
		e.p("cancelling:", me.Cancelling())
		fut := task.NewFuture[int](co)
		e.soon(func() { _ = fut.SetResult(5) })
		v, err := task.WaitFor[int](co, fut, 10*time.Second)
		if err != nil {
			return err
		}
		e.p("wait_for on a future:", v)
		tk, err := task.CreateTask(co, work(nil), task.WithName("w"))
		if err != nil {
			return err
		}
		r, err = task.WaitFor[string](co, tk, 10*time.Second)
		if err != nil {
			return err
		}
		e.p("wait_for on a task:", r)
		failing := coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return 0, task.ValueError("work failed")
		})
		if _, err := task.WaitFor[int](co, failing, 10*time.Second); wtValueError(err) {
			e.p("wait_for raised", pyfmt.Repr(err), "cancelling:", me.Cancelling())
		} else {
			return err
		}
		return nil
	})
}

func TestWaitForTimeout(t *testing.T) {
	wtRun(t, "waitfor_timeout.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		slow := coroutine.New(func(co *coroutine.Co) (string, error) {
			e.p("slow: sleeping 10s at", e.now())
			err := task.Sleep(co, 10*time.Second)
			if task.IsCancelled(err) {
				e.p("slow: caught", pyfmt.Repr(err), "at", e.now())
			}
			// finally:
			e.p("slow: cleanup starts")
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
			e.p("slow: cleanup done")
			if err != nil {
				return "", err
			}
			return "never", nil
		})
		me := task.CurrentTask(co)
		_, err := task.WaitFor[string](co, slow, 500*time.Millisecond)
		te := wtTimeout(err)
		if te == nil {
			return err
		}
		e.p("main: caught", pyfmt.Repr(err), "at", e.now())
		e.p("cause:", pyfmt.Repr(te.Cause()))
		e.p("cancelling:", me.Cancelling())

		fut := task.NewFuture[int](co)
		if _, err := task.WaitFor[int](co, fut, 250*time.Millisecond); wtTimeout(err) != nil {
			e.p("future: caught", pyfmt.Repr(err), "at", e.now())
		} else {
			return err
		}
		e.p("future cancelled:", fut.Cancelled())

		// The timeout and the work are due in the same millisecond: the
		// timeout was scheduled first, so it wins.
		r, err := task.WaitFor[string](co, wtSleepThen(500*time.Millisecond, "slept"), 500*time.Millisecond)
		switch {
		case err == nil:
			e.p(r)
		case wtTimeout(err) != nil:
			e.p("tie: caught", pyfmt.Repr(err), "at", e.now())
		default:
			return err
		}
		e.p("cancelling at the end:", me.Cancelling())
		return nil
	})
}

func TestWaitForSwallow(t *testing.T) {
	wtRun(t, "waitfor_swallow.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		stubborn := func(tag string) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				if err := task.Sleep(co, 10*time.Second); task.IsCancelled(err) {
					e.p(tag, "swallows the cancellation at", e.now())
				} else if err != nil {
					return "", err
				}
				if err := task.Sleep(co, 100*time.Millisecond); err != nil {
					return "", err
				}
				return tag + " value", nil
			})
		}
		me := task.CurrentTask(co)
		r, err := task.WaitFor[string](co, stubborn("coroutine"), 500*time.Millisecond)
		if err != nil {
			return err
		}
		e.p("wait_for returned", pyfmt.Repr(r), "at", e.now(), "cancelling:", me.Cancelling())

		tk, err := task.CreateTask(co, stubborn("task"), task.WithName("stubborn"))
		if err != nil {
			return err
		}
		r, err = task.WaitFor[string](co, tk, 500*time.Millisecond)
		if err != nil {
			return err
		}
		e.p("wait_for returned", pyfmt.Repr(r), "at", e.now(), "cancelling:", me.Cancelling())
		e.p("task cancelled:", tk.Cancelled(), "task cancelling:", tk.Cancelling())
		return nil
	})
}

func TestWaitForOuterCancel(t *testing.T) {
	wtRun(t, "waitfor_outer_cancel.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		inner := func(tag string) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				err := task.Sleep(co, 10*time.Second)
				e.p(tag, "finally at", e.now())
				if err != nil {
					return "", err
				}
				return "never", nil
			})
		}
		waiter := func(aw task.Awaitable[string]) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				r, err := task.WaitFor(co, aw, 5*time.Second)
				switch {
				case task.IsCancelled(err):
					e.p("waiter caught", pyfmt.Repr(err), "at", e.now())
					return "", err
				case wtTimeout(err) != nil:
					e.p("waiter: TimeoutError (wrong)")
					return "", nil
				}
				return r, err
			})
		}
		w, err := task.CreateTask(co, waiter(inner("coroutine")), task.WithName("w1"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		w.Cancel("stop")
		if _, err := w.Await(co); task.IsCancelled(err) {
			e.p("main: w1 cancelled:", w.Cancelled(), pyfmt.Repr(err))
		} else if err != nil {
			return err
		}

		it, err := task.CreateTask(co, inner("task"), task.WithName("inner"))
		if err != nil {
			return err
		}
		w, err = task.CreateTask(co, waiter(it), task.WithName("w2"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		w.Cancel()
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("after one iteration: inner done:", it.Done(), "w2 done:", w.Done())
		if _, err := w.Await(co); task.IsCancelled(err) {
			e.p("main: w2 cancelled:", w.Cancelled(), "inner cancelled:", it.Cancelled())
		} else if err != nil {
			return err
		}
		return nil
	})
}

func TestWaitForZero(t *testing.T) {
	wtRun(t, "waitfor_zero.py", 14, func(co *coroutine.Co, e *wtEnv) error {
		body := coroutine.New(func(co *coroutine.Co) (int, error) {
			e.p("body runs (wrong)")
			return 1, nil
		})
		stubborn := coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 10*time.Second); task.IsCancelled(err) {
				e.p("stubborn swallows the cancellation")
			} else if err != nil {
				return 0, err
			}
			return 7, nil
		})
		done := task.NewFuture[string](co)
		_ = done.SetResult("ready")
		r, err := task.WaitFor[string](co, done, 0)
		if err != nil {
			return err
		}
		e.p("done future, timeout 0:", r)
		failed := task.NewFuture[string](co)
		_ = failed.SetException(task.ValueError("bad"))
		if _, err := task.WaitFor[string](co, failed, -time.Second); wtValueError(err) {
			e.p("failed future, timeout -1:", pyfmt.Repr(err))
		} else {
			return err
		}

		e.p("coroutine, timeout 0")
		if _, err := task.WaitFor[int](co, body, 0); wtTimeout(err) != nil {
			e.p("caught", pyfmt.Repr(err), "from", pyfmt.Repr(wtTimeout(err).Cause()))
		} else {
			return err
		}

		pending := task.NewFuture[int](co)
		if _, err := task.WaitFor[int](co, pending, -500*time.Millisecond); wtTimeout(err) != nil {
			e.p("pending future: caught", pyfmt.Repr(err), "cancelled:", pending.Cancelled())
		} else {
			return err
		}

		tk, err := task.CreateTask(co, stubborn, task.WithName("stubborn"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("running task, timeout 0")
		v, err := task.WaitFor[int](co, tk, 0)
		if err != nil {
			return err
		}
		e.p("returned", v)
		return nil
	})
}

func TestWaitForNone(t *testing.T) {
	wtRun(t, "waitfor_none.py", 6, func(co *coroutine.Co, e *wtEnv) error {
		nap := func(d time.Duration) *coroutine.Coroutine[int] {
			return wtSleepThen(d, int(d.Seconds()))
		}
		steps := func() *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				for range 2 {
					if err := task.Sleep(co, 0); err != nil {
						return "", err
					}
				}
				return "steps", nil
			})
		}
		r, err := steps().Await(co)
		if err != nil {
			return err
		}
		e.p("plain await:", r)
		r, err = task.WaitFor[string](co, steps(), task.NoTimeout)
		if err != nil {
			return err
		}
		e.p("wait_for None:", r)
		n, err := task.WaitFor[int](co, nap(time.Hour), task.NoTimeout)
		if err != nil {
			return err
		}
		e.p("wait_for None, an hour:", n, "at", e.now())
		return nil
	})
}

// -------------------------------------------------------------------- wait

func TestWaitReturnWhen(t *testing.T) {
	wtRun(t, "wait_return_when.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		job := func(d time.Duration, result, fail string) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				if err := task.Sleep(co, d); err != nil {
					return "", err
				}
				if fail != "" {
					return "", task.ValueError(fail)
				}
				return result, nil
			})
		}
		spawn := func(name string, d time.Duration, result, fail string) (*task.Task[string], error) {
			return task.CreateTask(co, job(d, result, fail), task.WithName(name))
		}
		ms := time.Millisecond
		a, err := spawn("a", 300*ms, "a", "")
		if err != nil {
			return err
		}
		b, err := spawn("b", 100*ms, "b", "")
		if err != nil {
			return err
		}
		c, err := spawn("c", 200*ms, "c", "")
		if err != nil {
			return err
		}
		done, pending, err := task.Wait(co, []*task.Task[string]{a, b, c}, task.NoTimeout, task.FirstCompleted)
		if err != nil {
			return err
		}
		e.p("FIRST_COMPLETED at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))
		done, pending, err = task.Wait(co, pending, task.NoTimeout, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("ALL_COMPLETED at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))
		var results []string
		for _, tk := range []*task.Task[string]{a, b, c} {
			r, err := tk.Result()
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		e.p("results:", results)

		d, err := spawn("d", 100*ms, "d", "")
		if err != nil {
			return err
		}
		ee, err := spawn("e", 200*ms, "", "e failed")
		if err != nil {
			return err
		}
		f, err := spawn("f", 300*ms, "f", "")
		if err != nil {
			return err
		}
		done, pending, err = task.Wait(co, []*task.Task[string]{f, ee, d}, task.NoTimeout, task.FirstException)
		if err != nil {
			return err
		}
		e.p("FIRST_EXCEPTION at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))
		exc, err := ee.Exception()
		if err != nil {
			return err
		}
		e.p("e's exception:", pyfmt.Repr(exc), "f cancelled:", f.Cancelled())

		// A cancelled future is not an exception for FIRST_EXCEPTION: with
		// no exception at all it waits for everything.
		g, err := spawn("g", 100*ms, "g", "")
		if err != nil {
			return err
		}
		h, err := spawn("h", time.Second, "h", "")
		if err != nil {
			return err
		}
		e.later(200*ms, func() { h.Cancel() })
		i, err := spawn("i", 300*ms, "i", "")
		if err != nil {
			return err
		}
		done, pending, err = task.Wait(co, []*task.Task[string]{g, h, i, f}, task.NoTimeout, task.FirstException)
		if err != nil {
			return err
		}
		e.p("FIRST_EXCEPTION without one at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))
		e.p("h cancelled:", h.Cancelled())

		// Duplicates count once.
		j, err := spawn("j", 100*ms, "j", "")
		if err != nil {
			return err
		}
		done, pending, err = task.Wait(co, []*task.Task[string]{j, j, j}, task.NoTimeout, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("duplicates: done", len(done), "pending", len(pending))
		return nil
	})
}

func TestWaitTimeout(t *testing.T) {
	wtRun(t, "wait_timeout.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		job := func(d float64) *coroutine.Coroutine[float64] {
			return coroutine.New(func(co *coroutine.Co) (float64, error) {
				if err := task.Sleep(co, time.Duration(d*float64(time.Second))); err != nil {
					return 0, err
				}
				e.p("job", d, "finished at", e.now())
				return d, nil
			})
		}
		var ts []*task.Task[float64]
		for _, d := range []float64{0.1, 0.2, 0.3} {
			tk, err := task.CreateTask(co, job(d), task.WithName("job"+pyfmt.Str(d)))
			if err != nil {
				return err
			}
			ts = append(ts, tk)
		}
		done, pending, err := task.Wait(co, ts, 150*time.Millisecond, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("timeout at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))
		var cancelled []bool
		for _, tk := range pending {
			cancelled = append(cancelled, tk.Cancelled())
		}
		e.p("pending cancelled:", cancelled)
		done, pending, err = task.Wait(co, ts, 500*time.Millisecond, task.FirstCompleted)
		if err != nil {
			return err
		}
		e.p("FIRST_COMPLETED with time to spare at", e.now(), "done:", wtNames(done), "pending:", wtNames(pending))

		// A timeout of 0 only looks: nothing is done yet.
		x, err := task.CreateTask(co, job(0.1), task.WithName("x"))
		if err != nil {
			return err
		}
		done, pending, err = task.Wait(co, []*task.Task[float64]{x}, 0, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("timeout 0: done", wtNames(done), "pending", wtNames(pending))

		waiter := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			_, _, err := task.Wait(co, []*task.Task[float64]{x}, task.NoTimeout, task.AllCompleted)
			if task.IsCancelled(err) {
				e.p("waiter cancelled at", e.now())
			}
			return wtNone, err
		})
		patient := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			done, _, err := task.Wait(co, []*task.Task[float64]{x}, task.NoTimeout, task.AllCompleted)
			if err != nil {
				return wtNone, err
			}
			e.p("patient woken at", e.now(), "done:", wtNames(done))
			return wtNone, nil
		})
		w, err := task.CreateTask(co, waiter, task.WithName("w"))
		if err != nil {
			return err
		}
		pt, err := task.CreateTask(co, patient, task.WithName("patient"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 20*time.Millisecond); err != nil {
			return err
		}
		w.Cancel()
		if _, err := task.GatherReturnExceptions[wtUnit](co, w).Await(co); err != nil {
			return err
		}
		e.p("x cancelled:", x.Cancelled(), "x done:", x.Done())
		r, err := x.Await(co)
		if err != nil {
			return err
		}
		e.p("x result:", r, "at", e.now())
		all := []task.AnyFuture{pt}
		for _, tk := range ts {
			all = append(all, tk)
		}
		_, _, err = task.Wait(co, all, task.NoTimeout, task.AllCompleted)
		return err
	})
}

func TestWaitErrors(t *testing.T) {
	wtRun(t, "wait_errors.py", 4, func(co *coroutine.Co, e *wtEnv) error {
		if _, _, err := task.Wait(co, []*task.Future[int]{}, task.NoTimeout, task.AllCompleted); wtValueError(err) {
			e.p("empty:", pyfmt.Repr(err))
		} else {
			return err
		}
		f := task.NewFuture[int](co)
		if _, _, err := task.Wait(co, []*task.Future[int]{f}, task.NoTimeout, task.ReturnWhen(7)); wtValueError(err) {
			e.p("invalid return_when:", "ValueError", strings.HasPrefix(err.Error(), "Invalid return_when value: "))
		} else {
			return err
		}
		e.p("f still pending:", !f.Done())
		_ = f.SetResult(1)
		done, pending, err := task.Wait(co, []*task.Future[int]{f}, task.NoTimeout, task.FirstCompleted)
		if err != nil {
			return err
		}
		e.p("done future: done", len(done), "pending", len(pending))
		return nil
	})
}

// TestWaitInvalidReturnWhenMessage pins the Go spelling of the value in
// the message (CPython prints the value it was given).
func TestWaitInvalidReturnWhenMessage(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	_, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
		f := task.NewFuture[int](co)
		_, _, err := task.Wait(co, []*task.Future[int]{f}, task.NoTimeout, task.ReturnWhen(7))
		return wtNone, err
	}))
	if err != task.ValueError("Invalid return_when value: ReturnWhen(7)") {
		t.Errorf("got %s", pyfmt.Repr(err))
	}
	for rw, want := range map[task.ReturnWhen]string{
		task.AllCompleted:   "ALL_COMPLETED",
		task.FirstCompleted: "FIRST_COMPLETED",
		task.FirstException: "FIRST_EXCEPTION",
	} {
		if rw.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(rw), rw.String(), want)
		}
	}
}

func TestWaitIterations(t *testing.T) {
	wtRun(t, "wait_iterations.py", 12, func(co *coroutine.Co, e *wtEnv) error {
		var ts []*task.Task[int]
		for _, n := range []int{6, 1, 4} {
			tk, err := task.CreateTask(co, wtSteps(e, n), task.WithName("s"+pyfmt.Str(n)))
			if err != nil {
				return err
			}
			ts = append(ts, tk)
		}
		e.p("main waits, FIRST_COMPLETED")
		done, _, err := task.Wait(co, ts, task.NoTimeout, task.FirstCompleted)
		if err != nil {
			return err
		}
		e.p("main resumes: done", wtNames(done))
		done, _, err = task.Wait(co, ts, task.NoTimeout, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("main resumes: done", wtNames(done))
		done, _, err = task.Wait(co, ts, task.NoTimeout, task.AllCompleted)
		if err != nil {
			return err
		}
		e.p("all done already: done", len(done))
		return nil
	})
}

// ------------------------------------------------------------ as_completed

func TestWaitAsCompletedOrder(t *testing.T) {
	wtRun(t, "as_completed_order.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		job := func(d float64, fail bool) *coroutine.Coroutine[float64] {
			return coroutine.New(func(co *coroutine.Co) (float64, error) {
				if err := task.Sleep(co, time.Duration(d*float64(time.Second))); err != nil {
					return 0, err
				}
				if fail {
					return 0, task.ValueError("job " + pyfmt.Str(d) + " failed")
				}
				return d, nil
			})
		}
		var ts []*task.Task[float64]
		for _, d := range []float64{0.3, 0.1, 0.4, 0.2} {
			tk, err := task.CreateTask(co, job(d, d == 0.2), task.WithName("job"+pyfmt.Str(d)))
			if err != nil {
				return err
			}
			ts = append(ts, tk)
		}
		for f, err := range task.AsCompleted(co, ts, task.NoTimeout) {
			if err != nil {
				return err
			}
			which := slices.Index(ts, f)
			label := "ts[" + pyfmt.Str(which) + "]"
			r, err := f.Await(co)
			if wtValueError(err) {
				e.p("at", e.now(), label, f.Name(), "raised", pyfmt.Repr(err))
				continue
			} else if err != nil {
				return err
			}
			e.p("at", e.now(), label, f.Name(), "->", r)
		}

		n := 0
		for _, err := range task.AsCompleted(co, []*task.Task[float64]{}, task.NoTimeout) {
			if err != nil {
				return err
			}
			n++
		}
		e.p("empty input yields", n)

		fut := task.NewFuture[string](co)
		e.later(100*time.Millisecond, func() { _ = fut.SetResult("late") })
		done := task.NewFuture[string](co)
		_ = done.SetResult("early")
		for f, err := range task.AsCompleted(co, []*task.Future[string]{fut, done}, task.NoTimeout) {
			if err != nil {
				return err
			}
			r, err := f.Result()
			if err != nil {
				return err
			}
			e.p("at", e.now(), "got", r, "is input:", f == fut || f == done)
		}
		return nil
	})
}

func TestWaitAsCompletedTimeout(t *testing.T) {
	wtRun(t, "as_completed_timeout.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		job := func(d float64) *coroutine.Coroutine[float64] {
			return coroutine.New(func(co *coroutine.Co) (float64, error) {
				if err := task.Sleep(co, time.Duration(d*float64(time.Second))); err != nil {
					return 0, err
				}
				e.p("job", d, "finished at", e.now())
				return d, nil
			})
		}
		var ts []*task.Task[float64]
		var aws []task.Awaitable[float64]
		for _, d := range []float64{0.3, 0.1, 0.2} {
			tk, err := task.CreateTask(co, job(d), task.WithName("job"+pyfmt.Str(d)))
			if err != nil {
				return err
			}
			ts = append(ts, tk)
			aws = append(aws, tk)
		}
		step := 0
		for f, err := range task.AsCompleted(co, ts, 150*time.Millisecond) {
			step++
			if wtTimeout(err) != nil {
				e.p("step", step, "at", e.now(), "raised", pyfmt.Repr(err))
				continue
			} else if err != nil {
				return err
			}
			e.p("step", step, "at", e.now(), "yields", f.Name())
		}
		var cancelled []bool
		for _, tk := range ts {
			cancelled = append(cancelled, tk.Cancelled())
		}
		e.p("cancelled:", cancelled)
		results, err := task.Gather(co, aws...).Await(co)
		if err != nil {
			return err
		}
		e.p("results:", results, "at", e.now())
		return nil
	})
}

func TestWaitAsCompletedIterations(t *testing.T) {
	wtRun(t, "as_completed_iterations.py", 12, func(co *coroutine.Co, e *wtEnv) error {
		var ts []*task.Task[int]
		for _, n := range []int{6, 1, 2, 4} {
			tk, err := task.CreateTask(co, wtSteps(e, n), task.WithName("s"+pyfmt.Str(n)))
			if err != nil {
				return err
			}
			ts = append(ts, tk)
		}
		for f, err := range task.AsCompleted(co, ts, task.NoTimeout) {
			if err != nil {
				return err
			}
			e.p("main got", f.Name())
			if f.Name() == "s1" {
				for range 2 {
					if err := task.Sleep(co, 0); err != nil {
						return err
					}
				}
				e.p("main slept twice")
			}
		}
		return nil
	})
}

// ------------------------------------------------------------------ shield

func TestWaitShieldOuterCancel(t *testing.T) {
	wtRun(t, "shield_outer_cancel.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		work := func(tag string, d time.Duration) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p(tag, "starts at", e.now())
				if err := task.Sleep(co, d); err != nil {
					return "", err
				}
				e.p(tag, "finishes at", e.now())
				return tag + " result", nil
			})
		}
		guarded := func(inner *task.Task[string]) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				outer, err := task.Shield[string](co, inner)
				if err != nil {
					return "", err
				}
				r, err := outer.Await(co)
				if task.IsCancelled(err) {
					e.p("guarded caught", pyfmt.Repr(err), "at", e.now(), "inner done:", inner.Done())
				}
				return r, err
			})
		}
		inner, err := task.CreateTask(co, work("inner", 300*time.Millisecond), task.WithName("inner"))
		if err != nil {
			return err
		}
		g, err := task.CreateTask(co, guarded(inner), task.WithName("guarded"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		g.Cancel("enough")
		if _, err := g.Await(co); task.IsCancelled(err) {
			e.p("main: guarded cancelled:", g.Cancelled(), pyfmt.Repr(err))
		} else if err != nil {
			return err
		}
		e.p("inner cancelled:", inner.Cancelled())
		r, err := inner.Await(co)
		if err != nil {
			return err
		}
		e.p("main awaits inner:", r, "at", e.now())

		// shield() of a coroutine wraps it in a task of its own.
		direct, err := task.Shield[string](co, work("direct", 100*time.Millisecond))
		if err != nil {
			return err
		}
		r, err = direct.Await(co)
		if err != nil {
			return err
		}
		e.p("direct:", r)

		// Ignoring the cancellation: keep the inner task and await it.
		ignoreCancel := coroutine.New(func(co *coroutine.Co) (string, error) {
			tk, err := task.EnsureFuture[string](co, work("coro", 200*time.Millisecond))
			if err != nil {
				return "", err
			}
			outer, err := task.Shield(co, tk)
			if err != nil {
				return "", err
			}
			r, err := outer.Await(co)
			if task.IsCancelled(err) {
				e.p("ignore_cancel: cancelled, awaiting the task instead")
				return tk.Await(co)
			}
			return r, err
		})
		ic, err := task.CreateTask(co, ignoreCancel, task.WithName("ic"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 100*time.Millisecond); err != nil {
			return err
		}
		ic.Cancel()
		r, err = ic.Await(co)
		if err != nil {
			return err
		}
		e.p("ic returned", pyfmt.Repr(r), "cancelled:", ic.Cancelled(), "at", e.now())
		return nil
	})
}

func TestWaitShieldInner(t *testing.T) {
	wtRun(t, "shield_inner.py", 12, func(co *coroutine.Co, e *wtEnv) error {
		sleep0 := func() error { return task.Sleep(co, 0) }
		inner := task.NewFuture[int](co)
		outer, err := task.Shield[int](co, inner)
		if err != nil {
			return err
		}
		e.p("outer is inner:", outer == task.FutureLike[int](inner))

		waiter := coroutine.New(func(co *coroutine.Co) (int, error) {
			r, err := outer.Await(co)
			if task.IsCancelled(err) {
				e.p("waiter caught", pyfmt.Repr(err))
			}
			return r, err
		})
		w, err := task.CreateTask(co, waiter, task.WithName("w"))
		if err != nil {
			return err
		}
		if err := sleep0(); err != nil {
			return err
		}
		e.p("cancel inner")
		inner.Cancel("inner msg")
		e.p("outer cancelled right away:", outer.Cancelled())
		if err := sleep0(); err != nil {
			return err
		}
		e.p("outer cancelled one iteration later:", outer.Cancelled())
		if err := sleep0(); err != nil {
			return err
		}
		e.p("w cancelled:", w.Cancelled())

		failing := task.NewFuture[int](co)
		outer, err = task.Shield[int](co, failing)
		if err != nil {
			return err
		}
		e.soon(func() { _ = failing.SetException(task.ValueError("inner failed")) })
		if _, err := outer.Await(co); wtValueError(err) {
			e.p("outer raised", pyfmt.Repr(err))
		} else {
			return err
		}

		ok := task.NewFuture[int](co)
		outer, err = task.Shield[int](co, ok)
		if err != nil {
			return err
		}
		e.soon(func() { _ = ok.SetResult(42) })
		r, err := outer.Await(co)
		if err != nil {
			return err
		}
		e.p("outer result:", r)

		done := task.NewFuture[string](co)
		_ = done.SetResult("done")
		same, err := task.Shield[string](co, done)
		if err != nil {
			return err
		}
		e.p("shield of a done future returns it:", same == task.FutureLike[string](done))

		// Cancelling the outer future directly leaves the inner one pending.
		inner = task.NewFuture[int](co)
		outer, err = task.Shield[int](co, inner)
		if err != nil {
			return err
		}
		e.p("outer.cancel():", outer.Cancel(), "inner cancelled:", inner.Cancelled(), "inner done:", inner.Done())
		_ = inner.SetResult(1)
		if err := sleep0(); err != nil {
			return err
		}
		v, err := inner.Result()
		if err != nil {
			return err
		}
		e.p("inner result:", v, "outer cancelled:", outer.Cancelled())
		return nil
	})
}

func TestWaitShieldRetrieved(t *testing.T) {
	wtRun(t, "shield_retrieved.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		e.l.SetExceptionHandler(func(_ *loop.Loop, ctx task.ExceptionContext) {
			e.p("handler:", ctx.Message, pyfmt.Repr(ctx.Exception))
		})
		failLater := func(d time.Duration, tag string) *coroutine.Coroutine[int] {
			return coroutine.New(func(co *coroutine.Co) (int, error) {
				if err := task.Sleep(co, d); err != nil {
					return 0, err
				}
				return 0, task.ValueError(tag + " failed")
			})
		}
		inner, err := task.CreateTask(co, failLater(100*time.Millisecond, "shielded"), task.WithName("shielded"))
		if err != nil {
			return err
		}
		outer, err := task.Shield[int](co, inner)
		if err != nil {
			return err
		}
		e.p("outer.cancel():", outer.Cancel())
		bare, err := task.CreateTask(co, failLater(100*time.Millisecond, "bare"), task.WithName("bare"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 200*time.Millisecond); err != nil {
			return err
		}
		e.p("inner done:", inner.Done(), "bare done:", bare.Done())

		quiet := task.NewFuture[int](co)
		outer2, err := task.Shield[int](co, quiet)
		if err != nil {
			return err
		}
		outer2.Cancel()
		_ = quiet.SetException(task.ValueError("quiet failed"))
		loud := task.NewFuture[int](co)
		_ = loud.SetException(task.ValueError("loud failed"))
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		e.p("main returns")
		return nil
	})
}
