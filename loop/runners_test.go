package loop_test

// Differential tests for asyncio.Runner and asyncio.run (section 16 of
// asyncio-semantics.md). Each test is the Go twin of one program in
// testdata/runners and must print what CPython 3.13 prints. The runners'
// loops use the virtual clock; the Python programs pass sem.py's
// VirtualClockLoop (a copy of task/testdata/sem49/sem.py) as loop_factory.
// Comments quote the Python lines the Go lines stand for.
//
// Task-N numbers come from a counter shared by the whole test binary, so
// the programs print them relative to the first main task's.

import (
	"errors"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// rntOut collects what a twin prints.
type rntOut struct{ b strings.Builder }

// p is Python's print.
func (o *rntOut) p(args ...any) { _, _ = pyfmt.Fprintln(&o.b, args...) }

// rntCompare checks the output against testdata/runners/<py>.
func rntCompare(t *testing.T, o *rntOut, py string) {
	t.Helper()
	difftest.Compare(t, o.b.String(), filepath.Join("testdata", "runners", py))
}

// rntOpts are the options of every runner here: the virtual clock
// (loop_factory=VirtualClockLoop) and reports discarded.
func rntOpts(extra ...loop.Option) []loop.Option {
	return append([]loop.Option{loop.WithVirtualClock(), loop.WithStderr(io.Discard)}, extra...)
}

// rntUnit is the result of coroutines that return None.
type rntUnit = struct{}

// rntRound is Python's round(x, 3).
func rntRound(x float64) float64 { return math.Round(x*1000) / 1000 }

// rntNow is round(asyncio.get_running_loop().time(), 3).
func rntNow(t *testing.T, co *coroutine.Co) float64 {
	l, err := loop.GetRunningLoop(co)
	if err != nil {
		t.Errorf("get_running_loop: %v", err)
		return 0
	}
	return rntRound(l.Time())
}

// rntRel prints a Task-N name relative to base, as rel() in the programs.
func rntRel(name string, base int) string {
	return "Task-base+" + strconv.Itoa(rntNum(name)-base)
}

// rntNum is int(name[5:]) for a Task-N name.
func rntNum(name string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(name, "Task-"))
	if err != nil {
		return -1 << 30
	}
	return n
}

func TestRunnerRepeated(t *testing.T) {
	o := &rntOut{}
	base := 0
	background := coroutine.New(func(co *coroutine.Co) (rntUnit, error) { // async def background():
		for i := range 10 {
			if err := task.Sleep(co, 100*time.Millisecond); err != nil {
				if task.IsCancelled(err) {
					o.p("background cancelled at", rntNow(t, co))
				}
				return rntUnit{}, err
			}
			o.p("background tick", i+1)
		}
		return rntUnit{}, nil
	})
	first := coroutine.New(func(co *coroutine.Co) (string, error) { // async def first():
		me := task.CurrentTask(co)
		base = rntNum(me.Name())
		o.p("first runs as", rntRel(me.Name(), base))
		bt, err := task.CreateTask(co, background)
		if err != nil {
			return "", err
		}
		o.p("background is", rntRel(bt.Name(), base))
		if err := task.Sleep(co, 150*time.Millisecond); err != nil {
			return "", err
		}
		return "first done", nil
	})
	second := func(n float64) *coroutine.Coroutine[float64] { // async def second(n):
		return coroutine.New(func(co *coroutine.Co) (float64, error) {
			me := task.CurrentTask(co)
			o.p("second runs as", rntRel(me.Name(), base), "pending:", len(task.AllTasks(co)))
			if err := task.Sleep(co, time.Duration(n*float64(time.Second))); err != nil {
				return 0, err
			}
			return n, nil
		})
	}
	// with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
	runner := loop.NewRunner(rntOpts()...)
	l, err := runner.GetLoop()
	if err != nil {
		t.Fatal(err)
	}
	r1, err := runner.Run(first)
	if err != nil {
		t.Fatal(err)
	}
	o.p(r1)
	o.p("between runs: loop running =", l.IsRunning(), "closed =", l.IsClosed())
	r2, err := runner.Run(second(0.2))
	if err != nil {
		t.Fatal(err)
	}
	// print(runner.run(second(0.2))): Python's n is the float 0.2.
	o.p(r2)
	l2, err := runner.GetLoop()
	if err != nil {
		t.Fatal(err)
	}
	o.p("same loop:", l2 == l)
	r3, err := runner.Run(second(0))
	if err != nil {
		t.Fatal(err)
	}
	o.p(int(r3)) // second(0) returns the int 0
	if err := runner.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	o.p("closed:", l.IsClosed())
	rntCompare(t, o, "runner_repeated.py")
}

func TestRunnerLeftover(t *testing.T) {
	o := &rntOut{}
	leftover := func() *coroutine.Coroutine[rntUnit] { // async def leftover():
		return coroutine.New(func(co *coroutine.Co) (rntUnit, error) {
			defer o.p("leftover finally")
			err := task.Sleep(co, 100*time.Second)
			if ce := (*task.CancelledError)(nil); errors.As(err, &ce) {
				o.p("leftover got", pyfmt.Repr(ce), "at", rntNow(t, co))
				if err := task.Sleep(co, 500*time.Millisecond); err != nil {
					return rntUnit{}, err
				}
				o.p("leftover cleaned up at", rntNow(t, co))
			}
			return rntUnit{}, err
		})
	}
	swallower := func() *coroutine.Coroutine[string] { // async def swallower():
		return coroutine.New(func(co *coroutine.Co) (string, error) {
			if err := task.Sleep(co, 100*time.Second); task.IsCancelled(err) {
				o.p("swallower swallows the cancellation")
			} else if err != nil {
				return "", err
			}
			return "swallowed", nil
		})
	}
	late := func() *coroutine.Coroutine[rntUnit] { // async def late():
		return coroutine.New(func(*coroutine.Co) (rntUnit, error) {
			o.p("late child runs before the loop stops")
			return rntUnit{}, nil
		})
	}
	main := func(which int) *coroutine.Coroutine[any] { // async def main(which):
		return coroutine.New(func(co *coroutine.Co) (any, error) {
			var err error
			switch which {
			case 1:
				_, err = task.CreateTask(co, leftover())
			case 2:
				_, err = task.CreateTask(co, swallower())
			default:
				if _, err = task.CreateTask(co, late()); err != nil {
					return nil, err
				}
				o.p("main returns before its child starts")
				return "early", nil
			}
			if err != nil {
				return nil, err
			}
			if err := task.Sleep(co, 100*time.Millisecond); err != nil {
				return nil, err
			}
			o.p("main returns")
			return which, nil
		})
	}
	for _, which := range []int{1, 2, 3} {
		r, err := loop.Run(main(which), rntOpts()...)
		if err != nil {
			t.Fatalf("run %d: %v", which, err)
		}
		o.p("run", which, "->", r)
	}
	rntCompare(t, o, "runner_leftover.py")
}

func TestRunnerShutdownError(t *testing.T) {
	o := &rntOut{}
	var leftover task.AnyTask
	// def handler(loop, context), installed in Python by main with
	// loop.set_exception_handler(handler).
	handler := func(_ *loop.Loop, ctx task.ExceptionContext) {
		o.p("handler:", ctx.Message)
		o.p("  exception:", pyfmt.Repr(ctx.Exception))
		o.p("  task is the leftover:", ctx.Task != nil && ctx.Task == leftover)
	}
	breaksOnCancel := coroutine.New(func(co *coroutine.Co) (rntUnit, error) { // async def breaks_on_cancel():
		err := task.Sleep(co, 100*time.Second)
		if task.IsCancelled(err) {
			o.p("breaks_on_cancel cancelled")
			return rntUnit{}, task.ValueError("broken during shutdown")
		}
		return rntUnit{}, err
	})
	main := coroutine.New(func(co *coroutine.Co) (string, error) { // async def main():
		lt, err := task.CreateTask(co, breaksOnCancel)
		if err != nil {
			return "", err
		}
		leftover = lt
		if err := task.Sleep(co, 0); err != nil {
			return "", err
		}
		o.p("main returns")
		return "result", nil
	})
	r, err := loop.Run(main, rntOpts(loop.WithExceptionHandler(handler))...)
	if err != nil {
		t.Fatal(err)
	}
	o.p(r)
	rntCompare(t, o, "runner_shutdown_error.py")
}

// TestRunnerShutdownErrorDefaultHandler checks the same report through
// the default exception handler: it is written to the loop's stderr.
func TestRunnerShutdownErrorDefaultHandler(t *testing.T) {
	var stderr strings.Builder
	main := coroutine.New(func(co *coroutine.Co) (rntUnit, error) {
		_, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (rntUnit, error) {
			if err := task.Sleep(co, time.Hour); task.IsCancelled(err) {
				return rntUnit{}, task.ValueError("broken during shutdown")
			}
			return rntUnit{}, nil
		}))
		if err != nil {
			return rntUnit{}, err
		}
		return rntUnit{}, task.Sleep(co, 0)
	})
	if _, err := loop.Run(main, loop.WithVirtualClock(), loop.WithStderr(&stderr)); err != nil {
		t.Fatal(err)
	}
	got := stderr.String()
	if !strings.HasPrefix(got, "unhandled exception during asyncio.run() shutdown\n") {
		t.Errorf("stderr does not start with the shutdown report:\n%s", got)
	}
	if !strings.Contains(got, "ValueError") || !strings.Contains(got, "broken during shutdown") {
		t.Errorf("stderr does not name the error:\n%s", got)
	}
}

func TestRunnerClosed(t *testing.T) {
	o := &rntOut{}
	work := func() *coroutine.Coroutine[string] { // async def work():
		return coroutine.New(func(*coroutine.Co) (string, error) { return "worked", nil })
	}
	// refused prints the RuntimeError err as
	// except RuntimeError as e: print(label, e) does.
	refused := func(label string, err error) {
		t.Helper()
		var re task.RuntimeError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a RuntimeError", label, err)
			return
		}
		o.p(label, re)
	}
	nested := func(runner *loop.Runner) *coroutine.Coroutine[string] { // async def nested(runner):
		return coroutine.New(func(*coroutine.Co) (string, error) {
			c := work()
			_, err := runner.Run(c)
			refused("runner.run inside:", err)
			_ = c.Close()
			return "nested done", nil
		})
	}
	runner := loop.NewRunner(rntOpts()...)
	r, err := runner.Run(work())
	if err != nil {
		t.Fatal(err)
	}
	o.p(r)
	r, err = runner.Run(nested(runner))
	if err != nil {
		t.Fatal(err)
	}
	o.p(r)
	l, err := runner.GetLoop()
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	o.p("loop closed:", l.IsClosed())
	c := work()
	_, err = runner.Run(c)
	refused("run after close:", err)
	if !errors.Is(err, loop.ErrRunnerClosed) {
		t.Errorf("run after close: errors.Is(err, ErrRunnerClosed) is false for %v", err)
	}
	_ = c.Close()
	_, err = runner.GetLoop()
	refused("get_loop after close:", err)
	if err := runner.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	o.p("second close is fine")
	unused := loop.NewRunner(rntOpts()...)
	if err := unused.Close(); err != nil {
		t.Errorf("close of an unused runner: %v", err)
	}
	r, err = unused.Run(work())
	if err != nil {
		t.Fatal(err)
	}
	o.p("closing an unused runner does nothing:", r)
	if err := unused.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	rntCompare(t, o, "runner_closed.py")
}

func TestRunnerRunResult(t *testing.T) {
	o := &rntOut{}
	base := 0
	leftover := func(tag string) *coroutine.Coroutine[rntUnit] { // async def leftover(tag):
		return coroutine.New(func(co *coroutine.Co) (rntUnit, error) {
			err := task.Sleep(co, 100*time.Second)
			if task.IsCancelled(err) {
				o.p(tag, "leftover cancelled")
			}
			return rntUnit{}, err
		})
	}
	main := func(fail bool) *coroutine.Coroutine[map[string]int] { // async def main(fail):
		return coroutine.New(func(co *coroutine.Co) (map[string]int, error) {
			name := task.CurrentTask(co).Name()
			if base == 0 {
				base = rntNum(name)
			}
			o.p("main runs as", rntRel(name, base))
			tag := "ok"
			if fail {
				tag = "fail"
			}
			if _, err := task.CreateTask(co, leftover(tag)); err != nil {
				return nil, err
			}
			if err := task.Sleep(co, 100*time.Millisecond); err != nil {
				return nil, err
			}
			if fail {
				return nil, task.ValueError("main failed")
			}
			return map[string]int{"answer": 42}, nil
		})
	}
	r, err := loop.Run(main(false), rntOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	o.p("returned", r)
	_, err = loop.Run(main(true), rntOpts()...)
	var ve task.ValueError
	if errors.As(err, &ve) {
		o.p("raised", pyfmt.Repr(ve))
	} else {
		t.Errorf("asyncio.run(main(True)) returned %v, want ValueError", err)
	}
	r, err = loop.Run(main(false), rntOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	o.p("returned", r)
	rntCompare(t, o, "runner_run_result.py")
}

// TestRunnerRunInside: asyncio.run, and another Runner's run, called from
// a coroutine that a running loop is running, must refuse to start.
func TestRunnerRunInside(t *testing.T) {
	o := &rntOut{}
	work := func() *coroutine.Coroutine[string] { // async def work():
		return coroutine.New(func(*coroutine.Co) (string, error) { return "worked", nil })
	}
	main := coroutine.New(func(*coroutine.Co) (string, error) { // async def main():
		c := work()
		if r, err := loop.Run(c, rntOpts()...); err == nil {
			o.p(r)
		} else if re, ok := errors.AsType[task.RuntimeError](err); ok {
			o.p("asyncio.run inside:", re)
		} else {
			return "", err
		}
		_ = c.Close()
		other := loop.NewRunner(rntOpts()...)
		c = work()
		if r, err := other.Run(c); err == nil {
			o.p(r)
		} else if re, ok := errors.AsType[task.RuntimeError](err); ok {
			o.p("other runner inside:", re)
		} else {
			return "", err
		}
		_ = c.Close()
		if err := other.Close(); err != nil {
			return "", err
		}
		return "main done", nil
	})
	r, err := loop.Run(main, rntOpts()...)
	if err != nil {
		t.Fatal(err)
	}
	o.p(r)
	rntCompare(t, o, "runner_run_inside.py")
}

// A leftover task that swallows its cancellation and then waits forever:
// asyncio.run would hang in its shutdown; on a virtual clock Run returns
// an error matching ErrDeadlock instead of reporting success, and the loop
// is still closed (no goroutine is left behind).
func TestRunShutdownDeadlock(t *testing.T) {
	var lines []string
	stubborn := coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, time.Hour); task.IsCancelled(err) {
			lines = append(lines, "stubborn: swallowed the cancel")
		}
		return task.NewFuture[int](co).Await(co)
	})
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		if _, err := task.CreateTask(co, stubborn); err != nil {
			return 0, err
		}
		if err := task.Sleep(co, 0); err != nil {
			return 0, err
		}
		lines = append(lines, "main: done")
		return 7, nil
	})
	got, err := loop.Run(main, loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	assert.Equal(t, 7, got)
	assert.ErrorIs(t, err, loop.ErrDeadlock)
	assert.Equal(t, []string{"main: done", "stubborn: swallowed the cancel"}, lines)
}
