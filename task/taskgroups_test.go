package task_test

// Differential tests for TaskGroup (section 13 of asyncio-semantics.md)
// and, in eager_test.go, eager tasks (section 22, 3.12). Each test is the
// Go twin of one program in testdata/taskgroup and must print what
// CPython 3.13 prints. The twins run on a virtual-clock loop; the Python
// side gets the same clock from testdata/taskgroup/sem.py (a copy of
// sem49's). Comments quote the Python lines the Go lines stand for.
//
// CPython keeps a group's tasks in a set, so the order in which siblings
// are cancelled is arbitrary there; the programs have at most one sibling
// left to cancel at a time. Our TaskGroup cancels in creation order.

import (
	"context"
	"errors"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// tgtEnv is what a twin works with: its loop and what it prints.
type tgtEnv struct {
	t   *testing.T
	l   *loop.Loop
	out strings.Builder
}

// p is Python's print.
func (e *tgtEnv) p(args ...any) { _, _ = pyfmt.Fprintln(&e.out, args...) }

// tgtNewEnv is new_loop() of sem.py: a fresh loop with the virtual clock.
func tgtNewEnv(t *testing.T) *tgtEnv {
	return &tgtEnv{t: t, l: loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))}
}

// ticker is sem.py's start_ticker(loop, limit): a callback that prints
// "iter N" and queues itself again, limit times.
func (e *tgtEnv) ticker(limit int) {
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

// finish closes the loop and compares the output with the program.
func (e *tgtEnv) finish(py string) {
	e.t.Helper()
	if err := e.l.Close(); err != nil {
		e.t.Errorf("close: %v", err)
	}
	difftest.Compare(e.t, e.out.String(), filepath.Join("testdata", "taskgroup", py))
}

// tgtConfig says how a twin's main coroutine is run.
type tgtConfig struct {
	ticker   int    // iterations start_ticker counts; 0 for none
	mainName string // run main as loop.create_task(main(), name=mainName)
}

// tgtRun is the end of every program: loop = new_loop();
// start_ticker(...); loop.run_until_complete(main()); loop.close().
func tgtRun(t *testing.T, py string, cfg tgtConfig, main func(co *coroutine.Co, e *tgtEnv) error) {
	t.Helper()
	e := tgtNewEnv(t)
	if cfg.ticker > 0 {
		e.ticker(cfg.ticker)
	}
	c := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { return tgtNone, main(co, e) })
	var err error
	if cfg.mainName != "" {
		mt, cerr := e.l.CreateTask(c, task.WithName(cfg.mainName))
		if cerr != nil {
			t.Fatal(cerr)
		}
		_, err = e.l.RunUntilComplete(mt)
	} else {
		_, err = e.l.RunUntilComplete(c)
	}
	if err != nil {
		t.Errorf("main ended with %s", pyfmt.Repr(err))
	}
	e.finish(py)
}

// tgtUnit is the result of coroutines that return None.
type tgtUnit = struct{}

var tgtNone tgtUnit

// tgtCancelled returns err as a *task.CancelledError, or nil.
func tgtCancelled(err error) *task.CancelledError {
	var ce *task.CancelledError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// tgtGroup returns err as a *task.ExceptionGroup, or nil.
func tgtGroup(err error) *task.ExceptionGroup {
	var eg *task.ExceptionGroup
	if errors.As(err, &eg) {
		return eg
	}
	return nil
}

// tgtRuntime returns err as a task.RuntimeError, and whether it is one.
func tgtRuntime(err error) (task.RuntimeError, bool) {
	var re task.RuntimeError
	ok := errors.As(err, &re)
	return re, ok
}

// tgtKeyError is Python's KeyError.
type tgtKeyError string

func (e tgtKeyError) Error() string  { return string(e) }
func (e tgtKeyError) PyRepr() string { return "KeyError(" + pyfmt.Repr(string(e)) + ")" }

// tgtRound is Python's round(x, 3) for the loop times the twins print.
func tgtRound(x float64) float64 { return math.Round(x*1000) / 1000 }

const tgtMs = time.Millisecond

func TestTaskGroupAllAwaited(t *testing.T) {
	tgtRun(t, "tg_all_awaited.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		child := func(name string, d time.Duration) *coroutine.Coroutine[string] { // async def child(name, d):
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p("start", name)
				if err := task.Sleep(co, d); err != nil {
					return "", err
				}
				e.p("end", name)
				return name, nil
			})
		}
		var a, b, c *task.Task[string]
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error { // async with asyncio.TaskGroup() as tg:
			var err error
			if a, err = tg.CreateTask(child("a", 200*tgtMs)); err != nil {
				return err
			}
			if b, err = tg.CreateTask(child("b", 100*tgtMs)); err != nil {
				return err
			}
			if c, err = tg.CreateTask(child("c", 0)); err != nil {
				return err
			}
			e.p("body done", a.Done(), b.Done(), c.Done())
			return nil
		})
		if err != nil {
			return err
		}
		e.p("after group", tgtRound(e.l.Time()))
		ra, _ := a.Result()
		rb, _ := b.Result()
		rc, _ := c.Result()
		e.p([]string{ra, rb, rc})
		err = task.WithTaskGroup(co, func(*task.TaskGroup) error {
			e.p("empty group")
			return nil
		})
		if err != nil {
			return err
		}
		e.p("empty group done", tgtRound(e.l.Time()))
		return nil
	})
}

func TestTaskGroupChildFails(t *testing.T) {
	tgtRun(t, "tg_child_fails.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		fail := func(d time.Duration) *coroutine.Coroutine[tgtUnit] { // async def fail(d):
			return coroutine.New(func(co *coroutine.Co) (tgtUnit, error) {
				if err := task.Sleep(co, d); err != nil {
					return tgtNone, err
				}
				e.p("fail raises")
				return tgtNone, task.ValueError("boom")
			})
		}
		sibling := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def sibling():
			err := task.Sleep(co, 10*time.Second)
			if ce := tgtCancelled(err); ce != nil {
				e.p("sibling cancelled", pyfmt.Repr(ce))
			}
			return tgtNone, err
		})
		me := task.CurrentTask(co)
		var s, f *task.Task[tgtUnit]
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			var err error
			if s, err = tg.CreateTask(sibling); err != nil {
				return err
			}
			if f, err = tg.CreateTask(fail(100 * tgtMs)); err != nil {
				return err
			}
			if err := task.Sleep(co, time.Second); err != nil {
				if ce := tgtCancelled(err); ce != nil {
					e.p("body cancelled", pyfmt.Repr(ce), "cancelling =", me.Cancelling())
				}
				return err // raise
			}
			e.p("not reached")
			return nil
		})
		if eg := tgtGroup(err); eg != nil { // except ExceptionGroup as eg:
			e.p("caught", pyfmt.Repr(eg))
			e.p("str:", eg.Error())
			e.p("exceptions:", eg.Errs)
			fexc, _ := f.Exception()
			e.p("same object:", eg.Errs[0] == fexc)
		} else if err != nil {
			return err
		}
		e.p("time", tgtRound(e.l.Time()))
		e.p("cancelling =", me.Cancelling())
		e.p("sibling cancelled() =", s.Cancelled())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("main goes on")
		return nil
	})
}

func TestTaskGroupErrorsOrder(t *testing.T) {
	tgtRun(t, "tg_errors_order.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		slowCleanup := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def slow_cleanup():
			err := task.Sleep(co, 10*time.Second)
			if task.IsCancelled(err) {
				e.p("slow_cleanup cancelled")
				if err := task.Sleep(co, 50*tgtMs); err != nil {
					return tgtNone, err
				}
				return tgtNone, tgtKeyError("cleanup failed")
			}
			return tgtNone, err
		})
		fail := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def fail():
			if err := task.Sleep(co, 100*tgtMs); err != nil {
				return tgtNone, err
			}
			return tgtNone, task.ValueError("first")
		})
		ok := coroutine.New(func(co *coroutine.Co) (string, error) { // async def ok():
			if err := task.Sleep(co, 10*tgtMs); err != nil {
				return "", err
			}
			return "fine", nil
		})
		var o *task.Task[string]
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			if _, err := tg.CreateTask(slowCleanup); err != nil {
				return err
			}
			var err error
			if o, err = tg.CreateTask(ok); err != nil {
				return err
			}
			_, err = tg.CreateTask(fail)
			return err
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
			e.p(eg)
		} else if err != nil {
			return err
		}
		r, _ := o.Result()
		e.p("ok result", r)
		e.p("time", tgtRound(e.l.Time()))
		return nil
	})
}

func TestTaskGroupBodyError(t *testing.T) {
	tgtRun(t, "tg_body_error.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		sleeper := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def sleeper():
			err := task.Sleep(co, time.Second)
			if task.IsCancelled(err) {
				e.p("sleeper cancelled")
			}
			return tgtNone, err
		})
		complains := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def complains():
			err := task.Sleep(co, time.Second)
			if task.IsCancelled(err) {
				e.p("complains cancelled")
				return tgtNone, tgtKeyError("child")
			}
			return tgtNone, err
		})
		me := task.CurrentTask(co)
		var s *task.Task[tgtUnit]
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			var err error
			if s, err = tg.CreateTask(sleeper); err != nil {
				return err
			}
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
			return task.ValueError("body")
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
		} else if err != nil {
			return err
		}
		e.p("sleeper cancelled() =", s.Cancelled(), "cancelling =", me.Cancelling())
		err = task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			if _, err := tg.CreateTask(complains); err != nil {
				return err
			}
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
			return task.ValueError("body")
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
			e.p(eg)
		} else if err != nil {
			return err
		}
		err = task.WithTaskGroup(co, func(*task.TaskGroup) error {
			return task.TypeError("no children")
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
		} else if err != nil {
			return err
		}
		return nil
	})
}

func TestTaskGroupOuterCancel(t *testing.T) {
	tgtRun(t, "tg_outer_cancel.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		child := func(name string) *coroutine.Coroutine[tgtUnit] { // async def child(name):
			return coroutine.New(func(co *coroutine.Co) (tgtUnit, error) {
				err := task.Sleep(co, 10*time.Second)
				if ce := tgtCancelled(err); ce != nil {
					e.p(name, "cancelled", pyfmt.Repr(ce))
				}
				return tgtNone, err
			})
		}
		owner := func(inBody bool) *coroutine.Coroutine[tgtUnit] { // async def owner(in_body):
			return coroutine.New(func(co *coroutine.Co) (tgtUnit, error) {
				me := task.CurrentTask(co)
				err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
					if _, err := tg.CreateTask(child("child")); err != nil {
						return err
					}
					if inBody {
						if err := task.Sleep(co, 5*time.Second); err != nil {
							return err
						}
						e.p("not reached")
					}
					e.p("body ends")
					return nil
				})
				if ce := tgtCancelled(err); ce != nil {
					e.p("owner got", pyfmt.Repr(ce), "cancelling =", me.Cancelling())
					return tgtNone, err
				}
				if err != nil {
					return tgtNone, err
				}
				e.p("not reached either")
				return tgtNone, nil
			})
		}
		complains := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def complains():
			err := task.Sleep(co, 10*time.Second)
			if task.IsCancelled(err) {
				e.p("complains cancelled")
				return tgtNone, tgtKeyError("child")
			}
			return tgtNone, err
		})
		owner2 := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def owner2():
			me := task.CurrentTask(co)
			err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
				if _, err := tg.CreateTask(complains); err != nil {
					return err
				}
				return task.Sleep(co, 5*time.Second)
			})
			if eg := tgtGroup(err); eg != nil {
				e.p("owner2 got", pyfmt.Repr(eg), "cancelling =", me.Cancelling())
			} else if err != nil {
				return tgtNone, err
			}
			if err := task.Sleep(co, 0); err != nil {
				if ce := tgtCancelled(err); ce != nil {
					e.p("owner2 next await", pyfmt.Repr(ce))
				}
				return tgtNone, err
			}
			e.p("not reached")
			return tgtNone, nil
		})
		for _, inBody := range []bool{true, false} {
			t, err := task.CreateTask(co, owner(inBody))
			if err != nil {
				return err
			}
			if err := task.Sleep(co, 100*tgtMs); err != nil {
				return err
			}
			e.p("cancel owner:", t.Cancel("stop"))
			if _, err := t.Await(co); err != nil {
				ce := tgtCancelled(err)
				if ce == nil {
					return err
				}
				e.p("main got", pyfmt.Repr(ce))
			}
			e.p("owner cancelled() =", t.Cancelled())
		}
		t2, err := task.CreateTask(co, owner2)
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 100*tgtMs); err != nil {
			return err
		}
		t2.Cancel()
		if _, err := t2.Await(co); err != nil {
			ce := tgtCancelled(err)
			if ce == nil {
				return err
			}
			e.p("main got", pyfmt.Repr(ce))
		}
		e.p("owner2 cancelled() =", t2.Cancelled())
		return nil
	})
}

func TestTaskGroupCreateErrors(t *testing.T) {
	tgtRun(t, "tg_create_errors.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		child := func(name string) *coroutine.Coroutine[tgtUnit] { // async def child(name):
			return coroutine.New(func(*coroutine.Co) (tgtUnit, error) {
				e.p("child", name, "runs")
				return tgtNone, nil
			})
		}
		fail := coroutine.New(func(*coroutine.Co) (tgtUnit, error) { // async def fail():
			return tgtNone, task.ValueError("boom")
		})
		sleeper := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def sleeper():
			return tgtNone, task.Sleep(co, 10*time.Second)
		})
		// refused creates c in tg and prints the RuntimeError as
		// try: tg.create_task(c) except RuntimeError as e: print(label, e)
		// does, then whether c was closed.
		refused := func(tg *task.TaskGroup, label string, c *coroutine.Coroutine[tgtUnit]) error {
			_, err := tg.CreateTask(c)
			re, ok := tgtRuntime(err)
			if !ok {
				e.t.Errorf("%s: create_task returned %v, want a RuntimeError", label, err)
				return err
			}
			e.p(label, re)
			e.p("coroutine closed:", c.State() == coroutine.Closed)
			return nil
		}

		tg := task.NewTaskGroup()
		e.p(tg)
		if err := refused(tg, "before enter:", child("early")); err != nil {
			return err
		}
		err := tg.Run(co, func() error { // async with tg:
			e.p(tg)
			if _, err := tg.CreateTask(child("inside")); err != nil {
				return err
			}
			e.p(tg)
			err := tg.Run(co, func() error { return nil })
			if re, ok := tgtRuntime(err); ok {
				e.p("enter twice:", re)
			} else {
				e.t.Errorf("enter twice: got %v, want a RuntimeError", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		e.p(tg)
		if err := refused(tg, "after exit:", child("late")); err != nil {
			return err
		}

		tg2 := task.NewTaskGroup()
		err = tg2.Run(co, func() error {
			for _, c := range []*coroutine.Coroutine[tgtUnit]{child("sibling"), sleeper, fail} {
				if _, err := tg2.CreateTask(c); err != nil {
					return err
				}
			}
			err := task.Sleep(co, time.Second)
			if task.IsCancelled(err) {
				e.p(tg2)
				if rerr := refused(tg2, "while aborting:", child("aborting")); rerr != nil {
					return rerr
				}
			}
			return err
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
		} else if err != nil {
			return err
		}
		return nil
	})
}

func TestTaskGroupEager(t *testing.T) {
	tgtRun(t, "tg_eager.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		quick := func(n int) *coroutine.Coroutine[int] { // async def quick(n):
			return coroutine.New(func(*coroutine.Co) (int, error) {
				e.p("quick", n, "runs")
				return n, nil
			})
		}
		failing := coroutine.New(func(*coroutine.Co) (int, error) { // async def failing():
			e.p("failing runs")
			return 0, task.ValueError("eager boom")
		})
		slow := func() *coroutine.Coroutine[int] { // async def slow():
			return coroutine.New(func(co *coroutine.Co) (int, error) {
				e.p("slow starts")
				err := task.Sleep(co, time.Second)
				if task.IsCancelled(err) {
					e.p("slow cancelled")
				}
				return 0, err
			})
		}
		me := task.CurrentTask(co)
		e.l.SetTaskFactory(task.EagerTaskFactory) // loop.set_task_factory(asyncio.eager_task_factory)
		var s *task.Task[int]
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			t, err := tg.CreateTask(quick(1))
			if err != nil {
				return err
			}
			r, _ := t.Result()
			e.p("created: done =", t.Done(), "result =", r)
			e.p(tg)
			if s, err = tg.CreateTask(slow()); err != nil {
				return err
			}
			e.p("slow created: done =", s.Done())
			e.p(tg)
			return nil
		})
		if err != nil {
			return err
		}
		// slow() returns None in Python; its result prints as None.
		if _, err := s.Result(); err != nil {
			return err
		}
		e.p("group 1 done, slow result =", nil)
		err = task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			var err error
			if s, err = tg.CreateTask(slow()); err != nil {
				return err
			}
			f, err := tg.CreateTask(failing)
			if err != nil {
				return err
			}
			e.p("failing created: done =", f.Done(), "cancelling =", me.Cancelling())
			e.p(tg)
			if _, err := tg.CreateTask(quick(2)); err != nil {
				re, ok := tgtRuntime(err)
				if !ok {
					return err
				}
				e.p(re)
			}
			e.p("body awaits")
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
			e.p("not reached")
			return nil
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
		} else if err != nil {
			return err
		}
		e.p("slow cancelled() =", s.Cancelled(), "cancelling =", me.Cancelling())
		return nil
	})
}

func TestTaskGroupNested(t *testing.T) {
	tgtRun(t, "tg_nested.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		work := func(name string, d time.Duration) *coroutine.Coroutine[string] { // async def work(name, d):
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				if err := task.Sleep(co, d); err != nil {
					if task.IsCancelled(err) {
						e.p(name, "cancelled")
					}
					return "", err
				}
				e.p(name, "done")
				return name, nil
			})
		}
		fail := func(d time.Duration) *coroutine.Coroutine[string] { // async def fail(d):
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				if err := task.Sleep(co, d); err != nil {
					return "", err
				}
				return "", task.ValueError("inner")
			})
		}
		runsInnerGroup := coroutine.New(func(co *coroutine.Co) (string, error) { // async def runs_inner_group():
			err := task.WithTaskGroup(co, func(inner *task.TaskGroup) error {
				if _, err := inner.CreateTask(fail(100 * tgtMs)); err != nil {
					return err
				}
				_, err := inner.CreateTask(work("inner sibling", 10*time.Second))
				return err
			})
			if err != nil {
				return "", err
			}
			e.p("not reached")
			return "", nil
		})

		var a, b, c *task.Task[string]
		err := task.WithTaskGroup(co, func(outer *task.TaskGroup) error {
			var err error
			if a, err = outer.CreateTask(work("outer a", 300*tgtMs)); err != nil {
				return err
			}
			err = task.WithTaskGroup(co, func(inner *task.TaskGroup) error {
				var err error
				if b, err = inner.CreateTask(work("inner b", 200*tgtMs)); err != nil {
					return err
				}
				c, err = inner.CreateTask(work("inner c", 100*tgtMs))
				return err
			})
			if err != nil {
				return err
			}
			e.p("inner group done", tgtRound(e.l.Time()), a.Done())
			return nil
		})
		if err != nil {
			return err
		}
		ra, _ := a.Result()
		rb, _ := b.Result()
		rc, _ := c.Result()
		e.p("outer group done", tgtRound(e.l.Time()), []string{ra, rb, rc})

		var r *task.Task[string]
		err = task.WithTaskGroup(co, func(outer *task.TaskGroup) error {
			if _, err := outer.CreateTask(work("outer sibling", 10*time.Second)); err != nil {
				return err
			}
			var err error
			if r, err = outer.CreateTask(runsInnerGroup); err != nil {
				return err
			}
			return task.Sleep(co, 10*time.Second)
		})
		if eg := tgtGroup(err); eg != nil {
			e.p(pyfmt.Repr(eg))
			e.p(eg)
			e.p(eg.Errs[0])
			rexc, _ := r.Exception()
			e.p(eg.Errs[0] == rexc)
		} else if err != nil {
			return err
		}
		e.p("time", tgtRound(e.l.Time()))
		return nil
	})
}

// TestTaskGroupErrorsIsAs checks the Go side of the ExceptionGroup:
// errors.Is and errors.As find the children's errors inside it, also
// through a nested group, and a group that only holds ordinary errors is
// not mistaken for a cancellation.
func TestTaskGroupErrorsIsAs(t *testing.T) {
	errSentinel := errors.New("sentinel")
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	defer func() { _ = l.Close() }()
	main := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) {
		return tgtNone, task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			if _, err := tg.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
				if err := task.Sleep(co, 10*tgtMs); err != nil {
					return 0, err
				}
				return 0, tgtKeyError("k")
			})); err != nil {
				return err
			}
			if _, err := tg.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
				// Turns its cancellation into a wrapped sentinel error.
				if err := task.Sleep(co, time.Second); task.IsCancelled(err) {
					return 0, errors.Join(errSentinel, errors.New("while cancelled"))
				}
				return 1, nil
			})); err != nil {
				return err
			}
			return task.WithTaskGroup(co, func(inner *task.TaskGroup) error {
				_, err := inner.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
					if err := task.Sleep(co, 10*time.Second); task.IsCancelled(err) {
						return 0, task.ValueError("inner")
					}
					return 2, nil
				}))
				return err
			})
		})
	})
	_, err := l.RunUntilComplete(main)
	if err == nil {
		t.Fatal("the group returned nil, want an ExceptionGroup")
	}
	var eg *task.ExceptionGroup
	if !errors.As(err, &eg) {
		t.Fatalf("errors.As(*ExceptionGroup) failed on %T %v", err, err)
	}
	if got, want := eg.Error(), "unhandled errors in a TaskGroup (3 sub-exceptions)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// The first failure comes first (completion order); what follows
	// depends on how the cancellations unwind.
	if got, want := pyfmt.Repr(eg), "ExceptionGroup('unhandled errors in a TaskGroup', [KeyError('k'), "; !strings.HasPrefix(got, want) {
		t.Errorf("repr = %s, want it to start with %s", got, want)
	}
	var ke tgtKeyError
	if !errors.As(err, &ke) || ke != "k" {
		t.Errorf("errors.As(KeyError) = %q, want the child's KeyError('k')", ke)
	}
	if !errors.Is(err, errSentinel) {
		t.Errorf("errors.Is(err, sentinel) is false: the joined error of a child is not found")
	}
	var ve task.ValueError
	if !errors.As(err, &ve) || ve != "inner" {
		t.Errorf("errors.As(ValueError) = %q, want the nested group's ValueError('inner')", ve)
	}
	var inner *task.ExceptionGroup
	found := false
	for _, x := range eg.Unwrap() {
		if errors.As(x, &inner) {
			found = true
		}
	}
	if !found {
		t.Errorf("the nested group's ExceptionGroup is not among %v", eg.Unwrap())
	}
	if errors.Is(err, context.Canceled) || task.IsCancelled(err) {
		t.Errorf("an ExceptionGroup of ordinary errors counts as a cancellation")
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) is true")
	}
}

func TestTaskGroupCancelEdges(t *testing.T) {
	tgtRun(t, "tg_cancel_edges.py", tgtConfig{}, func(co *coroutine.Co, e *tgtEnv) error {
		failing := coroutine.New(func(*coroutine.Co) (tgtUnit, error) { // async def failing():
			return tgtNone, task.ValueError("eager")
		})
		slowCleanup := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def slow_cleanup():
			err := task.Sleep(co, 10*time.Second)
			if task.IsCancelled(err) {
				e.p("slow_cleanup cancelled, cleaning up")
				if err := task.Sleep(co, 500*tgtMs); err != nil {
					return tgtNone, err
				}
				e.p("slow_cleanup done")
			}
			return tgtNone, err
		})
		failLater := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def fail_later():
			if err := task.Sleep(co, 100*tgtMs); err != nil {
				return tgtNone, err
			}
			return tgtNone, task.ValueError("later")
		})
		case1 := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def case1():
			me := task.CurrentTask(co)
			e.l.SetTaskFactory(task.EagerTaskFactory)
			err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
				if _, err := tg.CreateTask(failing); err != nil {
					return err
				}
				e.p("body: cancelling =", me.Cancelling())
				return nil
			})
			if eg := tgtGroup(err); eg != nil {
				e.p("case1", pyfmt.Repr(eg), "cancelling =", me.Cancelling())
			} else if err != nil {
				return tgtNone, err
			}
			e.l.SetTaskFactory(nil) // loop.set_task_factory(None)
			if err := task.Sleep(co, 0); err != nil {
				return tgtNone, err
			}
			e.p("case1 next await ran normally")
			return tgtNone, nil
		})
		case2 := coroutine.New(func(co *coroutine.Co) (tgtUnit, error) { // async def case2():
			me := task.CurrentTask(co)
			err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
				if _, err := tg.CreateTask(slowCleanup); err != nil {
					return err
				}
				_, err := tg.CreateTask(failLater)
				return err
			})
			if eg := tgtGroup(err); eg != nil {
				e.p("case2", pyfmt.Repr(eg), "cancelling =", me.Cancelling())
			} else if err != nil {
				return tgtNone, err
			}
			if err := task.Sleep(co, 0); err != nil {
				if ce := tgtCancelled(err); ce != nil {
					e.p("case2 next await", pyfmt.Repr(ce))
				}
				return tgtNone, err
			}
			e.p("not reached")
			return tgtNone, nil
		})
		t1, err := task.CreateTask(co, case1)
		if err != nil {
			return err
		}
		if _, err := t1.Await(co); err != nil {
			return err
		}
		t2, err := task.CreateTask(co, case2)
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 200*tgtMs); err != nil {
			return err
		}
		e.p("cancel case2:", t2.Cancel("outside"))
		if _, err := t2.Await(co); err != nil {
			ce := tgtCancelled(err)
			if ce == nil {
				return err
			}
			e.p("main got", pyfmt.Repr(ce))
		}
		e.p("time", tgtRound(e.l.Time()))
		return nil
	})
}
