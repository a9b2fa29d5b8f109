package task_test

// Twins of sections 6 (Task), 7 (cancellation) and 8 (sleep).

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

func TestSem49TaskFirstStep(t *testing.T) {
	semRun(t, "task_first_step.py", semConfig{ticker: 4}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(*coroutine.Co) (string, error) {
			e.p("child body starts")
			return "child result", nil
		})
		_, _ = e.l.CallSoon(func() { e.p("A") })
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		_, _ = e.l.CallSoon(func() { e.p("B") })
		e.p("created, done:", tk.Done())
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("main got", r)
		return nil
	})
}

// semRel prints a Task-N name relative to the main task's number, as
// task_names.py does.
func semRel(name string, base int) string {
	if n, ok := strings.CutPrefix(name, "Task-"); ok {
		k, err := strconv.Atoi(n)
		if err == nil {
			return "Task-base+" + strconv.Itoa(k-base)
		}
	}
	return name
}

func TestSem49TaskNames(t *testing.T) {
	semRun(t, "task_names.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		noop := func() *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(*coroutine.Co) (semUnit, error) { return semNone, nil })
		}
		me := task.CurrentTask(co)
		base, err := strconv.Atoi(strings.TrimPrefix(me.Name(), "Task-"))
		if err != nil {
			return err
		}
		e.p("main:", semRel(me.Name(), base))
		a, _ := task.CreateTask(co, noop())
		b, _ := task.CreateTask(co, noop(), task.WithName("named"))
		c, _ := task.CreateTask(co, noop())
		e.p("a:", semRel(a.Name(), base))
		e.p("b:", semRel(b.Name(), base))
		e.p("c:", semRel(c.Name(), base))
		c.SetName("renamed")
		e.p("c renamed:", c.Name())
		d, err := e.l.CreateTask(noop())
		if err != nil {
			return err
		}
		e.p("d:", semRel(d.Name(), base))
		_, err = task.Gather[semUnit](co, a, b, c, d).Await(co)
		return err
	})
}

func TestSem49TaskWakeupTiming(t *testing.T) {
	semRun(t, "task_wakeup_timing.py", semConfig{ticker: 7}, func(co *coroutine.Co, e *semEnv) error {
		fut := task.NewFuture[int](co)
		waiter := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			e.p("waiter suspends")
			v, err := fut.Await(co)
			if err != nil {
				return semNone, err
			}
			e.p("waiter resumed with", v)
			return semNone, nil
		})
		tk, err := task.CreateTask(co, waiter, task.WithName("waiter"))
		if err != nil {
			return err
		}
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		e.p("main sets the result")
		_ = fut.SetResult(42)
		if _, err := tk.Await(co); err != nil {
			return err
		}
		e.p("main done")
		return nil
	})
}

func TestSem49TaskSameFutureOrder(t *testing.T) {
	semRun(t, "task_same_future_order.py", semConfig{ticker: 8}, func(co *coroutine.Co, e *semEnv) error {
		fut := task.NewFuture[string](co)
		waiter := func(name string, delayIters int) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				for range delayIters {
					if err := task.Sleep(co, 0); err != nil {
						return semNone, err
					}
				}
				e.p(name, "waits")
				v, err := fut.Await(co)
				if err != nil {
					return semNone, err
				}
				e.p(name, "resumed with", v)
				return semNone, nil
			})
		}
		a, _ := task.CreateTask(co, waiter("A", 2), task.WithName("A"))
		b, _ := task.CreateTask(co, waiter("B", 0), task.WithName("B"))
		c, _ := task.CreateTask(co, waiter("C", 1), task.WithName("C"))
		fut.AddDoneCallback(func(task.AnyFuture) { e.p("plain callback") })
		for range 3 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		e.p("main sets the result")
		_ = fut.SetResult("go")
		_, err := task.Gather[semUnit](co, a, b, c).Await(co)
		return err
	})
}

func TestSem49TaskBadYield(t *testing.T) {
	semRun(t, "task_bad_yield.py", semConfig{ticker: 7}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (string, error) {
			for _, v := range []any{42, "text"} {
				e.p("yielding", pyfmt.Repr(v))
				if err := co.Yield(v); err != nil {
					if !semIsRuntime(err) {
						return "", err
					}
					e.p("caught", pyfmt.Repr(err))
				}
			}
			return "survived", nil
		})
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("child result:", r)
		return nil
	})
}

func TestSem49TaskAwaitItself(t *testing.T) {
	semRun(t, "task_await_itself.py", semConfig{ticker: 5}, func(co *coroutine.Co, e *semEnv) error {
		var tk *task.Task[string]
		selfish := coroutine.New(func(co *coroutine.Co) (string, error) {
			e.p("awaiting myself")
			if _, err := tk.Await(co); err != nil {
				if !semIsRuntime(err) {
					return "", err
				}
				e.p("caught:", strings.Split(err.Error(), ":")[0])
			}
			return "ok", nil
		})
		var err error
		tk, err = task.CreateTask(co, selfish, task.WithName("selfish"))
		if err != nil {
			return err
		}
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("result:", r)
		return nil
	})
}

func TestSem49TaskCurrent(t *testing.T) {
	semRun(t, "task_current.py", semConfig{mainName: "main"}, func(co *coroutine.Co, e *semEnv) error {
		inner := coroutine.New(func(co *coroutine.Co) (any, error) {
			if t := task.CurrentTask(co); t != nil {
				return t.Name(), nil
			}
			return nil, nil
		})
		child := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			e.p("child sees", task.CurrentTask(co).Name())
			v, err := inner.Await(co)
			if err != nil {
				return semNone, err
			}
			e.p("child's inner coroutine sees", v)
			return semNone, nil
		})
		e.p("main sees", task.CurrentTask(co).Name())
		_, _ = e.l.CallSoon(func() { e.p("callback sees", task.CurrentTask(e.l)) })
		f := task.NewFuture[semUnit](co)
		f.AddDoneCallback(func(task.AnyFuture) { e.p("done callback sees", task.CurrentTask(e.l)) })
		_ = f.SetResult(semNone)
		ct, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		if _, err := ct.Await(co); err != nil {
			return err
		}
		e.p("main sees", task.CurrentTask(co).Name())
		return nil
	})
}

func TestSem49TaskAllTasks(t *testing.T) {
	semRun(t, "task_all_tasks.py", semConfig{mainName: "main"}, func(co *coroutine.Co, e *semEnv) error {
		names := func() []string {
			var ns []string
			for _, t := range task.AllTasks(co) {
				ns = append(ns, t.Name())
			}
			slices.Sort(ns)
			return ns
		}
		short := coroutine.New(func(*coroutine.Co) (semUnit, error) { return semNone, nil })
		longer := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			for range 2 {
				if err := task.Sleep(co, 0); err != nil {
					return semNone, err
				}
			}
			return semNone, nil
		})
		e.p("alone:", names())
		a, _ := task.CreateTask(co, short, task.WithName("short"))
		b, _ := task.CreateTask(co, longer, task.WithName("longer"))
		e.p("created:", names())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("after one iteration:", names(), a.Done())
		if _, err := b.Await(co); err != nil {
			return err
		}
		e.p("after longer:", names())
		return nil
	})
}

func TestSem49TaskSetResult(t *testing.T) {
	semRun(t, "task_set_result.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return 3, nil
		})
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		if err := tk.SetResult(1); semIsRuntime(err) {
			e.p("set_result", "raises", pyfmt.Repr(err))
		}
		if err := tk.SetException(task.ValueError("x")); semIsRuntime(err) {
			e.p("set_exception", "raises", pyfmt.Repr(err))
		}
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("task result:", r)
		return nil
	})
}

func TestSem49TaskAwaitTaskCallbacks(t *testing.T) {
	semRun(t, "task_await_task_callbacks.py", semConfig{ticker: 7}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (string, error) {
			for range 2 {
				if err := task.Sleep(co, 0); err != nil {
					return "", err
				}
			}
			e.p("child returns")
			return "c", nil
		})
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		other := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			if err := task.Sleep(co, 0); err != nil {
				return semNone, err
			}
			e.p("other awaits child")
			v, err := tk.Await(co)
			if err != nil {
				return semNone, err
			}
			e.p("other got", v)
			return semNone, nil
		})
		tk.AddDoneCallback(func(task.AnyFuture) { e.p("callback 1") })
		o, err := task.CreateTask(co, other, task.WithName("other"))
		if err != nil {
			return err
		}
		e.p("main awaits child")
		v, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("main got", v)
		tk.AddDoneCallback(func(task.AnyFuture) { e.p("callback 2 (added when done)") })
		_, err = o.Await(co)
		return err
	})
}

// Section 7: cancellation.

func TestSem49CancelCounts(t *testing.T) {
	semRun(t, "cancel_counts.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		stubborn := coroutine.New(func(co *coroutine.Co) (string, error) {
			for {
				if err := task.Sleep(co, 0); err != nil {
					if semCancelled(err) == nil {
						return "", err
					}
					e.p("stubborn: caught CancelledError, cancelling() =", task.CurrentTask(co).Cancelling())
					return "kept going", nil
				}
			}
		})
		tk, err := task.CreateTask(co, stubborn, task.WithName("stubborn"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel 1:", tk.Cancel(), tk.Cancelling())
		e.p("cancel 2:", tk.Cancel(), tk.Cancelling())
		e.p("uncancel:", tk.Uncancel())
		e.p("cancel 3:", tk.Cancel(), tk.Cancelling())
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("result:", r, "cancelled:", tk.Cancelled(), "cancelling:", tk.Cancelling())
		e.p("cancel done task:", tk.Cancel(), tk.Cancelling())
		e.p("uncancel:", tk.Uncancel(), tk.Uncancel(), tk.Uncancel())
		return nil
	})
}

func TestSem49CancelUncancelBeforeStart(t *testing.T) {
	semRun(t, "cancel_uncancel_before_start.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := func(name string) *coroutine.Coroutine[string] {
			return coroutine.New(func(*coroutine.Co) (string, error) {
				e.p(name, "body runs")
				return name, nil
			})
		}
		a, _ := task.CreateTask(co, child("a"), task.WithName("a"))
		e.p("cancel a:", a.Cancel(), "uncancel a:", a.Uncancel())
		b, _ := task.CreateTask(co, child("b"), task.WithName("b"))
		e.p("cancel b twice:", b.Cancel(), b.Cancel(), "uncancel b:", b.Uncancel())
		for _, tk := range []*task.Task[string]{a, b} {
			r, err := tk.Await(co)
			switch {
			case err == nil:
				e.p(tk.Name(), "result:", r)
			case semCancelled(err) != nil:
				e.p(tk.Name(), "cancelled:", pyfmt.Repr(err), tk.Cancelling())
			default:
				return err
			}
		}
		return nil
	})
}

func TestSem49CancelWaitingFuture(t *testing.T) {
	semRun(t, "cancel_waiting_future.py", semConfig{ticker: 5}, func(co *coroutine.Co, e *semEnv) error {
		fut := task.NewFuture[semUnit](co)
		waiter := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			_, err := fut.Await(co)
			if semCancelled(err) != nil {
				e.p("waiter caught", pyfmt.Repr(err))
			}
			return semNone, err
		})
		tk, err := task.CreateTask(co, waiter, task.WithName("waiter"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel:", tk.Cancel("enough"))
		e.p("future cancelled at once:", fut.Cancelled(), "task cancelled:", tk.Cancelled())
		if _, err := tk.Await(co); semCancelled(err) != nil {
			e.p("main caught", pyfmt.Repr(err))
		}
		e.p("task cancelled:", tk.Cancelled())
		return nil
	})
}

func TestSem49CancelBeforeFirstStep(t *testing.T) {
	semRun(t, "cancel_before_first_step.py", semConfig{ticker: 4}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(*coroutine.Co) (int, error) {
			e.p("child body runs (must not happen)")
			return 1, nil
		})
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		e.p("cancel:", tk.Cancel("early"), "cancelled yet:", tk.Cancelled())
		if _, err := tk.Await(co); semCancelled(err) != nil {
			e.p("await raises", pyfmt.Repr(err))
		}
		e.p("cancelled:", tk.Cancelled(), "cancelling:", tk.Cancelling())
		return nil
	})
}

func TestSem49CancelSwallowed(t *testing.T) {
	semRun(t, "cancel_swallowed.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (int, error) {
			err := task.Sleep(co, 0)
			if err == nil {
				err = task.Sleep(co, 0)
			}
			if err != nil {
				if semCancelled(err) == nil {
					return 0, err
				}
				e.p("child caught", pyfmt.Repr(err))
			}
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return 42, nil
		})
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		tk.Cancel()
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("result:", r)
		e.p("cancelled:", tk.Cancelled(), "cancelling:", tk.Cancelling())
		return nil
	})
}

func TestSem49CancelAfterFutureDone(t *testing.T) {
	semRun(t, "cancel_after_future_done.py", semConfig{ticker: 5}, func(co *coroutine.Co, e *semEnv) error {
		fut := task.NewFuture[string](co)
		waiter := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			v, err := fut.Await(co)
			if err == nil {
				e.p("waiter got", v)
				return semNone, nil
			}
			if semCancelled(err) != nil {
				r, _ := fut.Result()
				e.p("waiter caught", pyfmt.Repr(err), "although the future holds", r)
			}
			return semNone, err
		})
		tk, err := task.CreateTask(co, waiter, task.WithName("waiter"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		_ = fut.SetResult("value")
		e.p("cancel:", tk.Cancel("late"), "future cancelled:", fut.Cancelled())
		if _, err := tk.Await(co); semCancelled(err) != nil {
			e.p("main caught", pyfmt.Repr(err))
		}
		return nil
	})
}

func TestSem49CancelCurrentTask(t *testing.T) {
	semRun(t, "cancel_current_task.py", semConfig{ticker: 5}, func(co *coroutine.Co, e *semEnv) error {
		suspends := coroutine.New(func(co *coroutine.Co) (string, error) {
			done := task.NewFuture[string](co)
			_ = done.SetResult("x")
			e.p("suspends: cancel myself:", task.CurrentTask(co).Cancel("self"))
			v, err := done.Await(co)
			if err != nil {
				return "", err
			}
			e.p("suspends: awaited done future:", v)
			if err := task.Sleep(co, 0); err != nil {
				if semCancelled(err) == nil {
					return "", err
				}
				e.p("suspends: sleep(0) raised", pyfmt.Repr(err))
			} else {
				e.p("suspends: not interrupted (must not happen)")
			}
			return "suspends finished", nil
		})
		returnsAtOnce := coroutine.New(func(co *coroutine.Co) (string, error) {
			task.CurrentTask(co).Cancel()
			e.p("returns_at_once: returning")
			return "value", nil
		})
		a, _ := task.CreateTask(co, suspends, task.WithName("suspends"))
		b, _ := task.CreateTask(co, returnsAtOnce, task.WithName("returns_at_once"))
		ra, err := a.Await(co)
		if err != nil {
			return err
		}
		e.p("a:", ra, a.Cancelled(), a.Cancelling())
		if _, err := b.Await(co); semCancelled(err) != nil {
			e.p("b: raised", pyfmt.Repr(err), "cancelled:", b.Cancelled())
		}
		return nil
	})
}

func TestSem49CancelWaitingOnTask(t *testing.T) {
	semRun(t, "cancel_waiting_on_task.py", semConfig{ticker: 6}, func(co *coroutine.Co, e *semEnv) error {
		inner := coroutine.New(func(co *coroutine.Co) (int, error) {
			if _, err := semForever[semUnit](co); err != nil {
				if semCancelled(err) == nil {
					return 0, err
				}
				e.p("inner caught", pyfmt.Repr(err))
			}
			return 7, nil
		})
		i, err := task.CreateTask(co, inner, task.WithName("inner"))
		if err != nil {
			return err
		}
		outer := coroutine.New(func(co *coroutine.Co) (int, error) {
			v, err := i.Await(co)
			if err != nil {
				return 0, err
			}
			e.p("outer got", v)
			return v * 2, nil
		})
		o, err := task.CreateTask(co, outer, task.WithName("outer"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("cancel outer:", o.Cancel("from main"))
		e.p("inner cancelling:", i.Cancelling(), "outer cancelling:", o.Cancelling())
		r, err := o.Await(co)
		if err != nil {
			return err
		}
		e.p("outer result:", r)
		e.p("outer cancelled:", o.Cancelled(), "cancelling:", o.Cancelling())
		e.p("inner cancelled:", i.Cancelled(), "cancelling:", i.Cancelling())
		return nil
	})
}

func TestSem49CancelRequestVsState(t *testing.T) {
	semRun(t, "cancel_request_vs_state.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		child := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			err := task.Sleep(co, 0)
			// finally:
			e.p("child cleanup, cancelled() =", task.CurrentTask(co).Cancelled())
			if ferr := task.Sleep(co, 0); ferr != nil {
				return semNone, ferr
			}
			e.p("child cleanup done")
			return semNone, err
		})
		f := task.NewFuture[semUnit](co)
		f.Cancel()
		e.p("future after cancel():", f.Cancelled(), f.Done())
		tk, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		tk.Cancel()
		e.p("task after cancel():", tk.Cancelled(), tk.Done())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("one iteration later:", tk.Cancelled(), tk.Done())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("two iterations later:", tk.Cancelled(), tk.Done())
		return nil
	})
}

// Section 8: sleep.

func TestSem49SleepZero(t *testing.T) {
	semRun(t, "sleep_zero.py", semConfig{ticker: 8}, func(co *coroutine.Co, e *semEnv) error {
		worker := func(name string, n int) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				for i := range n {
					e.p(name, i)
					if err := task.Sleep(co, 0); err != nil {
						return "", err
					}
				}
				return name, nil
			})
		}
		a, _ := task.CreateTask(co, worker("A", 3), task.WithName("A"))
		b, _ := task.CreateTask(co, worker("B", 2), task.WithName("B"))
		r, err := task.Gather[string](co, a, b).Await(co)
		if err != nil {
			return err
		}
		e.p(r)
		return nil
	})
}

func TestSem49SleepTimeline(t *testing.T) {
	semRun(t, "sleep_timeline.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		sleeper := func(name string, d time.Duration, result any) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				l := e.l
				n1 := func() {
					e.p(name, "iteration N+1")
					_, _ = l.CallSoon(func() { e.p(name, "iteration N+2") })
				}
				due := func() {
					e.p(name, "timer due (iteration N), t =", semRound(l.Time()))
					_, _ = l.CallSoon(n1)
				}
				if _, err := l.CallLater(d, due); err != nil {
					return semNone, err
				}
				r, err := task.SleepValue(co, d, result)
				if err != nil {
					return semNone, err
				}
				e.p(name, "resumed with", pyfmt.Repr(r), "t =", semRound(l.Time()))
				return semNone, nil
			})
		}
		_, err := task.Gather[semUnit](co,
			sleeper("short", 100*time.Millisecond, "s"),
			sleeper("long", 250*time.Millisecond, nil),
			sleeper("zero", 0, "z")).Await(co)
		return err
	})
}

func TestSem49SleepCancelTimer(t *testing.T) {
	semRun(t, "sleep_cancel_timer.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		sleeper := coroutine.New(func(co *coroutine.Co) (semUnit, error) {
			err := task.Sleep(co, 10*time.Second)
			if semCancelled(err) != nil {
				e.p("sleeper cancelled with", pyfmt.Repr(err))
			}
			return semNone, err
		})
		tk, err := task.CreateTask(co, sleeper, task.WithName("sleeper"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		if err := task.Sleep(co, 500*time.Millisecond); err != nil {
			return err
		}
		tk.Cancel("wake up")
		if _, err := tk.Await(co); err != nil && semCancelled(err) == nil {
			return err
		}
		e.p("t =", semRound(e.l.Time()))
		if err := task.Sleep(co, time.Second); err != nil {
			return err
		}
		e.p("t =", semRound(e.l.Time()))
		return nil
	})
}

func TestSem49SleepOrder(t *testing.T) {
	semRun(t, "sleep_order.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		sleeper := func(name string, d time.Duration) *coroutine.Coroutine[semUnit] {
			return coroutine.New(func(co *coroutine.Co) (semUnit, error) {
				if err := task.Sleep(co, d); err != nil {
					return semNone, err
				}
				e.p(name, "wakes at", semRound(e.l.Time()))
				return semNone, nil
			})
		}
		ms := time.Millisecond
		_, err := task.Gather(co, sleeper("a", 300*ms), sleeper("b", 100*ms), sleeper("c", 200*ms),
			sleeper("d", 100*ms), sleeper("e", 300*ms)).Await(co)
		return err
	})
}

func TestSem49TaskNotCoroutine(t *testing.T) {
	semRun(t, "task_not_coroutine.py", semConfig{}, func(co *coroutine.Co, e *semEnv) error {
		if _, err := task.CreateTask[int](co, nil); err != nil {
			e.p("create_task(None) raises", pyfmt.Repr(err))
		}
		return nil
	})
}
