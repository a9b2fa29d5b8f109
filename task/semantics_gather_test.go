package task_test

// Twins of section 9 (gather).

import (
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

func TestSem49GatherOrder(t *testing.T) {
	semRun(t, "gather_order.py", semConfig{ticker: 7}, func(co *coroutine.Co, e *semEnv) error {
		child := func(name string, iters int) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				e.p(name, "starts")
				for range iters {
					if err := task.Sleep(co, 0); err != nil {
						return "", err
					}
				}
				e.p(name, "finishes")
				return name, nil
			})
		}
		r, err := task.Gather(co, child("slow", 2), child("fast", 0), child("mid", 1)).Await(co)
		if err != nil {
			return err
		}
		e.p(r)
		return nil
	})
}

func TestSem49GatherFirstError(t *testing.T) {
	semRun(t, "gather_first_error.py", semConfig{ticker: 9}, func(co *coroutine.Co, e *semEnv) error {
		worker := coroutine.New(func(co *coroutine.Co) (string, error) {
			for range 5 {
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
			}
			e.p("worker", "finishes")
			return "worker", nil
		})
		failing := coroutine.New(func(co *coroutine.Co) (string, error) {
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
			e.p("failing raises")
			return "", task.ValueError("boom")
		})
		w, err := task.CreateTask(co, worker, task.WithName("worker"))
		if err != nil {
			return err
		}
		if _, err := task.Gather[string](co, w, failing).Await(co); err != nil {
			e.p("gather raised", pyfmt.Repr(err), "worker done:", w.Done(), "cancelled:", w.Cancelled())
		}
		r, err := w.Await(co)
		if err != nil {
			return err
		}
		e.p("worker result:", r)
		return nil
	})
}

func TestSem49GatherCancel(t *testing.T) {
	semRun(t, "gather_cancel.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := func(name string) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				err := task.Sleep(co, 0)
				if err == nil {
					err = task.Sleep(co, 0)
				}
				if semCancelled(err) != nil {
					e.p(name, "caught", pyfmt.Repr(err))
				}
				return semNone, err
			})
		}
		a, _ := task.CreateTask(co, child("a"), task.WithName("a"))
		b, _ := task.CreateTask(co, child("b"), task.WithName("b"))
		g := task.Gather[semUnit](co, a, b)
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel gather:", g.Cancel("stop"))
		e.p("cancel again:", g.Cancel("stop again"))
		e.p("gather cancelled:", g.Cancelled(), "done:", g.Done())
		if _, err := g.Await(co); semCancelled(err) != nil {
			e.p("awaiter gets", pyfmt.Repr(err))
		}
		e.p("gather cancelled:", g.Cancelled(), "children:", a.Cancelled(), b.Cancelled())
		e.p("cancel done gather:", g.Cancel())
		return nil
	})
}

func TestSem49GatherChildCancelled(t *testing.T) {
	semRun(t, "gather_child_cancelled.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := func(name string, iters int) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				for range iters {
					if err := task.Sleep(co, 0); err != nil {
						return "", err
					}
				}
				e.p(name, "finishes")
				return name, nil
			})
		}
		a, _ := task.CreateTask(co, child("a", 1), task.WithName("a"))
		b, _ := task.CreateTask(co, child("b", 4), task.WithName("b"))
		g := task.Gather[string](co, a, b)
		b.Cancel("only b")
		if _, err := g.Await(co); semCancelled(err) != nil {
			e.p("awaiter gets", pyfmt.Repr(err))
		}
		e.p("gather done:", g.Done(), "cancelled:", g.Cancelled())
		exc, _ := g.Exception()
		e.p("gather exception():", pyfmt.Repr(exc))

		a2, _ := task.CreateTask(co, child("a2", 2), task.WithName("a2"))
		b2, _ := task.CreateTask(co, child("b2", 3), task.WithName("b2"))
		g2 := task.Gather[string](co, b2, a2)
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		a2.Cancel()
		r, err := g2.Await(co)
		if err == nil {
			e.p(r)
		} else if semCancelled(err) != nil {
			e.p("second gather: awaiter gets", pyfmt.Repr(err), "b2 done:", b2.Done())
		}
		rb, err := b2.Await(co)
		if err != nil {
			return err
		}
		e.p("b2 result:", rb)
		return nil
	})
}

func TestSem49GatherSameCoro(t *testing.T) {
	semRun(t, "gather_same_coro.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		one := coroutine.New(func(*coroutine.Co) (int, error) {
			e.p("one runs")
			return 1, nil
		})
		two := coroutine.New(func(*coroutine.Co) (int, error) {
			e.p("two runs")
			return 2, nil
		})
		r, err := task.Gather(co, one, one, two).Await(co)
		if err != nil {
			return err
		}
		e.p(r)
		f := task.NewFuture[string](co)
		_ = f.SetResult("f")
		rf, err := task.Gather[string](co, f, f, f).Await(co)
		if err != nil {
			return err
		}
		e.p(rf)
		return nil
	})
}

func TestSem49GatherEmpty(t *testing.T) {
	semRun(t, "gather_empty.py", semConfig{ticker: 2}, func(co *coroutine.Co, e *semEnv) error {
		g := task.Gather[int](co)
		r, _ := g.Result()
		e.p("done at once:", g.Done(), "result:", r)
		v, err := g.Await(co)
		if err != nil {
			return err
		}
		e.p("awaited:", v)
		e.p("still iteration 1")
		return nil
	})
}

func TestSem49GatherReturnExceptions(t *testing.T) {
	semRun(t, "gather_return_exceptions.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		ok := coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return 1, nil
		})
		bad := coroutine.New(func(*coroutine.Co) (int, error) { return 0, task.ValueError("bad") })
		forever := func() *coroutine.Coroutine[int] {
			return coroutine.New(func(co *coroutine.Co) (int, error) { return semForever[int](co) })
		}
		c1, _ := task.CreateTask(co, forever(), task.WithName("c1"))
		c2, _ := task.CreateTask(co, forever(), task.WithName("c2"))
		f := task.NewFuture[int](co)
		g := task.GatherReturnExceptions(co, ok, bad, c1, c2, f)
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		c1.Cancel()
		c2.Cancel("task message")
		f.Cancel("future message")
		rs, err := g.Await(co)
		if err != nil {
			return err
		}
		for _, r := range rs {
			e.p(pyfmt.Repr(r))
		}
		return nil
	})
}

func TestSem49GatherCancelReturnExceptions(t *testing.T) {
	semRun(t, "gather_cancel_return_exceptions.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		forever := func(name string) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				_, err := semForever[semUnit](co)
				if semCancelled(err) != nil {
					e.p(name, "cancelled")
				}
				return semNone, err
			})
		}
		g := task.GatherReturnExceptions(co, forever("a"), forever("b"))
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel:", g.Cancel())
		r, err := g.Await(co)
		if err == nil {
			e.p("result:", r)
		} else if semCancelled(err) != nil {
			e.p("awaiter gets", pyfmt.Repr(err), "gather cancelled:", g.Cancelled())
		}
		return nil
	})
}

func TestSem49GatherDoneSync(t *testing.T) {
	semRun(t, "gather_done_sync.py", semConfig{ticker: 4}, func(co *coroutine.Co, e *semEnv) error {
		f1 := task.NewFuture[int](co)
		_ = f1.SetResult(1)
		f2 := task.NewFuture[int](co)
		_ = f2.SetResult(2)
		g := task.Gather[int](co, f1, f2)
		var gr any
		if g.Done() {
			gr, _ = g.Result()
		}
		e.p("all done:", g.Done(), gr)
		f3 := task.NewFuture[int](co)
		_ = f3.SetException(task.ValueError("early"))
		g2 := task.Gather[int](co, f1, f3)
		var g2e any
		if g2.Done() {
			exc, _ := g2.Exception()
			g2e = pyfmt.Repr(exc)
		}
		e.p("one failed:", g2.Done(), g2e)
		p := task.NewFuture[int](co)
		g3 := task.Gather[int](co, f1, p)
		e.p("one pending:", g3.Done())
		_ = p.SetResult(3)
		e.p("after set_result:", g3.Done())
		r, err := g3.Await(co)
		if err != nil {
			return err
		}
		e.p("awaited:", r)
		return nil
	})
}

func TestSem49GatherNestedCancel(t *testing.T) {
	semRun(t, "gather_nested_cancel.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		leaf := func(name string) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				_, err := semForever[semUnit](co)
				if semCancelled(err) != nil {
					e.p(name, "cancelled with", pyfmt.Repr(err))
				}
				return semNone, err
			})
		}
		parent := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			inner := task.Gather(co, leaf("a"), leaf("b"))
			// gather(inner, leaf("c")): the two children have different
			// result types, so the task gather would make for leaf("c")
			// is made here, at the same point, and both go to
			// GatherFutures.
			c, err := task.CreateTask(co, leaf("c"))
			if err != nil {
				return semNone, err
			}
			_, err = task.GatherFutures(co, false, inner, c).Await(co)
			return semNone, err
		})
		tk, err := task.CreateTask(co, parent, task.WithName("parent"))
		if err != nil {
			return err
		}
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		e.p("cancel parent:", tk.Cancel("down"))
		if _, err := tk.Await(co); semCancelled(err) != nil {
			e.p("main gets", pyfmt.Repr(err), "parent cancelled:", tk.Cancelled())
		}
		return nil
	})
}

func TestSem49GatherTiming(t *testing.T) {
	semRun(t, "gather_timing.py", semConfig{ticker: 6}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (string, error) {
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
			e.p("child finishes")
			return "c", nil
		})
		g := task.Gather(co, child)
		g.AddDoneCallback(func(task.AnyFuture) { e.p("gather done callback") })
		r, err := g.Await(co)
		if err != nil {
			return err
		}
		e.p("awaiter resumes with", r)
		return nil
	})
}
