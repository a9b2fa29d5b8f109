package task_test

// Differential tests for section 12 of asyncio-semantics.md
// (asyncio.timeout, timeout_at and the Timeout class), plus the Go-only
// contract of *task.TimeoutError. The twins are the programs of
// testdata/wait/timeout_*.py; the helpers (wtRun, wtEnv, ...) are in
// wait_test.go.

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// wtWhen is the twins' when(tm): the deadline rounded to hundredths, None
// for no deadline.
func wtWhen(tm *task.Timeout) any {
	if tm.When() == task.Never {
		return nil
	}
	return math.Round(tm.When()*100) / 100
}

func TestTimeoutExpired(t *testing.T) {
	wtRun(t, "timeout_expired.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		me := task.CurrentTask(co)
		tm := task.NewTimeout(e.l.Time() + 0.5) // asyncio.timeout(0.5)
		e.p("created:", tm, "when:", wtWhen(tm), "expired:", tm.Expired())
		err := tm.Run(co, func() error {
			e.p("inside:", tm, "expired:", tm.Expired())
			err := task.Sleep(co, time.Second)
			if task.IsCancelled(err) {
				e.p("block caught", pyfmt.Repr(err), "at", e.now(), "expired:", tm.Expired(), "cancelling:", me.Cancelling())
			}
			// finally:
			e.p("block cleanup, state", tm)
			return err
		})
		if te := wtTimeout(err); te != nil {
			e.p("caught", pyfmt.Repr(err), "str", pyfmt.Repr(pyfmt.Str(err)), "at", e.now())
			e.p("cause:", pyfmt.Repr(te.Cause()))
		} else {
			return err
		}
		e.p("after:", tm, "expired:", tm.Expired(), "when:", wtWhen(tm), "cancelling:", me.Cancelling())

		err = task.WithTimeout(co, 500*time.Millisecond, func(t *task.Timeout) error {
			tm = t
			return task.Sleep(co, 200*time.Millisecond)
		})
		if err != nil {
			return err
		}
		e.p("in time:", tm, "expired:", tm.Expired(), "at", e.now())

		err = task.WithTimeout(co, task.NoTimeout, func(t *task.Timeout) error {
			tm = t
			e.p("no deadline:", tm, "when:", wtWhen(tm))
			return task.Sleep(co, time.Hour)
		})
		if err != nil {
			return err
		}
		e.p("an hour later:", tm, "expired:", tm.Expired(), "at", e.now())

		deadline := e.l.Time() + 0.25
		err = task.WithTimeoutAt(co, deadline, func(t *task.Timeout) error {
			tm = t
			e.p("timeout_at when matches:", tm.When() == deadline)
			return task.Sleep(co, time.Second)
		})
		if wtTimeout(err) != nil {
			e.p("timeout_at expired at", e.now(), tm)
		} else {
			return err
		}
		return nil
	})
}

func TestTimeoutRepr(t *testing.T) {
	wtRun(t, "timeout_repr.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		var tm *task.Timeout
		for _, when := range []float64{1234.56789, math.Ceil(e.l.Time()) + 10.0, 1e-05, 1e20, task.Never} {
			err := task.WithTimeoutAt(co, when, func(t *task.Timeout) error {
				tm = t
				e.p(tm.String())
				return nil
			})
			if err != nil {
				return err
			}
		}
		e.p(tm.String())
		return nil
	})
}

func TestTimeoutReschedule(t *testing.T) {
	wtRun(t, "timeout_reschedule.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		var tm *task.Timeout
		err := task.WithTimeout(co, 100*time.Millisecond, func(t *task.Timeout) error {
			tm = t
			if err := task.Sleep(co, 50*time.Millisecond); err != nil {
				return err
			}
			if err := tm.Reschedule(e.l.Time() + 0.5); err != nil {
				return err
			}
			e.p("extended to", wtWhen(tm))
			return task.Sleep(co, 300*time.Millisecond)
		})
		if err != nil {
			return err
		}
		e.p("extended block finished at", e.now(), "expired:", tm.Expired())

		err = task.WithTimeout(co, 10*time.Second, func(tm *task.Timeout) error {
			if err := tm.Reschedule(e.l.Time() + 0.2); err != nil {
				return err
			}
			e.p("shortened to", wtWhen(tm))
			return task.Sleep(co, time.Second)
		})
		if wtTimeout(err) != nil {
			e.p("shortened timeout expired at", e.now())
		} else {
			return err
		}

		err = task.WithTimeout(co, 100*time.Millisecond, func(t *task.Timeout) error {
			tm = t
			if err := tm.Reschedule(task.Never); err != nil {
				return err
			}
			e.p("disabled:", tm)
			return task.Sleep(co, time.Second)
		})
		if err != nil {
			return err
		}
		e.p("disabled block finished at", e.now(), "expired:", tm.Expired())

		e.ticker(4)
		err = task.WithTimeout(co, 10*time.Second, func(t *task.Timeout) error {
			tm = t
			if err := tm.Reschedule(e.l.Time() - 1); err != nil {
				return err
			}
			e.p("moved into the past")
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
			e.p("not reached")
			return nil
		})
		if wtTimeout(err) != nil {
			e.p("past deadline expired:", tm.Expired())
		} else {
			return err
		}
		return nil
	})
}

func TestTimeoutNested(t *testing.T) {
	wtRun(t, "timeout_nested.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		me := task.CurrentTask(co)
		var outer, inner *task.Timeout
		err := task.WithTimeout(co, time.Second, func(t *task.Timeout) error {
			outer = t
			err := task.WithTimeout(co, 100*time.Millisecond, func(t *task.Timeout) error {
				inner = t
				return task.Sleep(co, 500*time.Millisecond)
			})
			if wtTimeout(err) != nil {
				e.p("inner expired at", e.now())
			} else if err != nil {
				return err
			}
			e.p("inner expired:", inner.Expired(), "outer expired:", outer.Expired(), "cancelling:", me.Cancelling())
			return task.Sleep(co, 100*time.Millisecond)
		})
		if err != nil {
			return err
		}
		e.p("outer finished at", e.now(), "expired:", outer.Expired())

		err = task.WithTimeout(co, 100*time.Millisecond, func(t *task.Timeout) error {
			outer = t
			err := task.WithTimeout(co, time.Second, func(t *task.Timeout) error {
				inner = t
				return task.Sleep(co, 500*time.Millisecond)
			})
			switch {
			case task.IsCancelled(err):
				e.p("inner block lets", pyfmt.Repr(err), "through at", e.now())
				return err
			case wtTimeout(err) != nil:
				e.p("inner converted (wrong)")
				return nil
			}
			return err
		})
		if wtTimeout(err) != nil {
			e.p("outer expired at", e.now())
		} else if err != nil {
			return err
		}
		e.p("inner expired:", inner.Expired(), inner, "outer expired:", outer.Expired(), outer, "cancelling:", me.Cancelling())

		// The outer one fires first; while the body cleans up, the inner
		// one fires too. The inner one then sees a cancel request that is
		// not its own and lets the CancelledError through; the outer one
		// converts it.
		err = task.WithTimeout(co, 200*time.Millisecond, func(t *task.Timeout) error {
			outer = t
			err := task.WithTimeout(co, 300*time.Millisecond, func(t *task.Timeout) error {
				inner = t
				err := task.Sleep(co, time.Second)
				if task.IsCancelled(err) {
					e.p("body cancelled at", e.now())
					if err := task.Sleep(co, 200*time.Millisecond); err != nil {
						return err
					}
					e.p("body ends its cleanup at", e.now())
				}
				return err
			})
			if wtTimeout(err) != nil {
				e.p("inner converted at", e.now())
			}
			return err
		})
		if wtTimeout(err) != nil {
			e.p("outer caught TimeoutError at", e.now())
		} else if err != nil {
			return err
		}
		e.p("inner expired:", inner.Expired(), "outer expired:", outer.Expired(), "cancelling:", me.Cancelling())
		return nil
	})
}

func TestTimeoutZero(t *testing.T) {
	wtRun(t, "timeout_zero.py", 10, func(co *coroutine.Co, e *wtEnv) error {
		var tm *task.Timeout
		for _, delay := range []int{0, -1} {
			err := task.WithTimeout(co, time.Duration(delay)*time.Second, func(t *task.Timeout) error {
				tm = t
				e.p("timeout(" + pyfmt.Str(delay) + "): body starts")
				if err := task.Sleep(co, 0); err != nil {
					return err
				}
				e.p("not reached")
				return nil
			})
			if wtTimeout(err) != nil {
				e.p("timeout("+pyfmt.Str(delay)+"): TimeoutError, expired:", tm.Expired())
			} else {
				return err
			}
		}

		err := task.WithTimeout(co, 0, func(t *task.Timeout) error {
			tm = t
			e.p("timeout(0): a body that does not suspend")
			return nil
		})
		if err != nil {
			return err
		}
		e.p("finished:", tm, "expired:", tm.Expired())
		if err := task.Sleep(co, 0); err != nil {
			return err
		}
		e.p("one iteration later, cancelling:", task.CurrentTask(co).Cancelling())

		err = task.WithTimeoutAt(co, e.l.Time(), func(*task.Timeout) error {
			e.p("timeout_at(now): body starts")
			return task.Sleep(co, 10*time.Second)
		})
		if wtTimeout(err) != nil {
			e.p("timeout_at(now): TimeoutError")
		} else {
			return err
		}
		return nil
	})
}

func TestTimeoutErrors(t *testing.T) {
	wtRun(t, "timeout_errors.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		nothing := func() error { return nil }
		tm := task.NewTimeout(e.l.Time() + 1)
		if err := tm.Reschedule(5); wtRuntimeError(err) {
			e.p("before enter:", pyfmt.Repr(err))
		} else {
			return err
		}
		if err := tm.Run(co, nothing); err != nil {
			return err
		}
		if err := tm.Reschedule(5); wtRuntimeError(err) {
			e.p("after exit:", pyfmt.Repr(err))
		} else {
			return err
		}
		err := tm.Run(co, func() error {
			e.p("not reached")
			return nil
		})
		if wtRuntimeError(err) {
			e.p("enter again:", pyfmt.Repr(err))
		} else {
			return err
		}

		tm = task.NewTimeout(e.l.Time() + 0.1)
		err = tm.Run(co, func() error {
			err := task.Sleep(co, time.Second)
			if task.IsCancelled(err) {
				if rerr := tm.Reschedule(task.Never); wtRuntimeError(rerr) {
					e.p("while expiring:", pyfmt.Repr(rerr))
				} else if rerr != nil {
					return rerr
				}
			}
			return err
		})
		if wtTimeout(err) == nil {
			return err
		}
		if err := tm.Reschedule(task.Never); wtRuntimeError(err) {
			e.p("after expiry:", pyfmt.Repr(err))
		} else {
			return err
		}

		tm = task.NewTimeout(e.l.Time() + 1)
		err = tm.Run(co, func() error {
			return tm.Run(co, func() error {
				e.p("not reached")
				return nil
			})
		})
		if wtRuntimeError(err) {
			e.p("nested re-entry:", pyfmt.Repr(err), "state", tm)
		} else {
			return err
		}
		return nil
	})
}

func TestTimeoutOutstandingCancel(t *testing.T) {
	wtRun(t, "timeout_outstanding_cancel.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		beforeBlock := coroutine.New(func(co *coroutine.Co) (string, error) {
			me := task.CurrentTask(co)
			if err := task.Sleep(co, time.Second); task.IsCancelled(err) {
				e.p("before_block: swallowed a cancel, cancelling:", me.Cancelling())
			} else if err != nil {
				return "", err
			}
			err := task.WithTimeout(co, 100*time.Millisecond, func(*task.Timeout) error {
				return task.Sleep(co, time.Second)
			})
			if wtTimeout(err) != nil {
				e.p("before_block: TimeoutError at", e.now(), "cancelling:", me.Cancelling())
			} else if err != nil {
				return "", err
			}
			return "ok", nil
		})
		duringBlock := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			me := task.CurrentTask(co)
			var tm *task.Timeout
			err := task.WithTimeout(co, 200*time.Millisecond, func(t *task.Timeout) error {
				tm = t
				if err := task.Sleep(co, time.Second); task.IsCancelled(err) {
					e.p("during_block: swallowed an outside cancel, cancelling:", me.Cancelling())
				} else if err != nil {
					return err
				}
				return task.Sleep(co, time.Second)
			})
			switch {
			case task.IsCancelled(err):
				e.p("during_block: CancelledError at", e.now(), "expired:", tm.Expired(), "cancelling:", me.Cancelling())
				return wtNone, err
			case wtTimeout(err) != nil:
				e.p("during_block: TimeoutError (wrong)")
				return wtNone, nil
			}
			return wtNone, err
		})
		errorInBlock := func(co *coroutine.Co) error {
			var tm *task.Timeout
			err := task.WithTimeout(co, 100*time.Millisecond, func(t *task.Timeout) error {
				tm = t
				err := task.Sleep(co, time.Second)
				if task.IsCancelled(err) {
					return task.ValueError("raised while expiring")
				}
				return err
			})
			if wtValueError(err) {
				e.p("error_in_block:", pyfmt.Repr(err), "expired:", tm.Expired(), "cancelling:", task.CurrentTask(co).Cancelling())
				return nil
			}
			return err
		}

		tk, err := task.CreateTask(co, beforeBlock, task.WithName("before"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 50*time.Millisecond); err != nil {
			return err
		}
		tk.Cancel()
		r, err := tk.Await(co)
		if err != nil {
			return err
		}
		e.p("before:", r)

		td, err := task.CreateTask(co, duringBlock, task.WithName("during"))
		if err != nil {
			return err
		}
		if err := task.Sleep(co, 50*time.Millisecond); err != nil {
			return err
		}
		td.Cancel()
		if _, err := td.Await(co); task.IsCancelled(err) {
			e.p("during: cancelled:", td.Cancelled(), "at", e.now())
		} else if err != nil {
			return err
		}

		return errorInBlock(co)
	})
}

func TestTimeoutOutsideTask(t *testing.T) {
	wtRun(t, "timeout_outside_task.py", 0, func(co *coroutine.Co, e *wtEnv) error {
		drive := func(name string, c *coroutine.Coroutine[wtUnit]) {
			if _, done := c.Send(); !done {
				e.p(name + ": suspended (wrong)")
				_ = c.Close()
				return
			}
			_, err := c.Result()
			switch {
			case wtRuntimeError(err):
				e.p(name+":", pyfmt.Repr(err))
			case err == nil:
				e.p(name + ": finished (wrong)")
			default:
				e.p(name+": other error (wrong):", strings.SplitN(err.Error(), "\n", 2)[0])
			}
		}
		withTimeoutAt := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			return wtNone, task.NewTimeout(task.Never).Run(co, func() error {
				e.p("not reached")
				return nil
			})
		})
		withTimeout := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			return wtNone, task.WithTimeout(co, time.Second, func(*task.Timeout) error {
				e.p("not reached")
				return nil
			})
		})
		withWaitFor := coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
			_, err := task.WaitFor[wtUnit](co, wtSleepThen(0, wtNone), time.Second)
			return wtNone, err
		})
		e.soon(func() { drive("with_timeout_at", withTimeoutAt) })
		e.soon(func() { drive("with_timeout", withTimeout) })
		e.soon(func() { drive("with_wait_for", withWaitFor) })
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestTimeoutErrorContract pins the Go side of the timeout error, which no
// Python program can show: it matches context.DeadlineExceeded and not
// context.Canceled, prints as Python's TimeoutError(), and keeps the
// CancelledError it was raised from. The same holds for the errors of
// WaitFor and AsCompleted.
func TestTimeoutErrorContract(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	var errs []error
	_, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (wtUnit, error) {
		errs = append(errs, task.WithTimeout(co, time.Second, func(*task.Timeout) error {
			return task.Sleep(co, time.Minute)
		}))
		_, err := task.WaitFor[wtUnit](co, task.NewFuture[wtUnit](co), time.Second)
		errs = append(errs, err)
		_, err = task.WaitFor[wtUnit](co, task.NewFuture[wtUnit](co), 0)
		errs = append(errs, err)
		for _, err := range task.AsCompleted(co, []*task.Future[int]{task.NewFuture[int](co)}, time.Second) {
			errs = append(errs, err)
		}
		return wtNone, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 4 {
		t.Fatalf("got %d errors, want 4", len(errs))
	}
	for i, err := range errs {
		te := wtTimeout(err)
		if te == nil {
			t.Errorf("error %d: %v is not a *task.TimeoutError", i, err)
			continue
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error %d: errors.Is(err, context.DeadlineExceeded) is false", i)
		}
		if errors.Is(err, context.Canceled) {
			t.Errorf("error %d: errors.Is(err, context.Canceled) is true", i)
		}
		if task.IsCancelled(err) {
			t.Errorf("error %d: task.IsCancelled is true", i)
		}
		if got := pyfmt.Repr(err); got != "TimeoutError()" {
			t.Errorf("error %d: repr %q, want TimeoutError()", i, got)
		}
		if got := pyfmt.Str(err); got != "" {
			t.Errorf("error %d: str %q, want empty", i, got)
		}
		if i < 3 && !task.IsCancelled(te.Cause()) {
			t.Errorf("error %d: cause %v, want a CancelledError", i, te.Cause())
		}
	}
	if c := task.NewTimeoutError(nil).Cause(); c != nil {
		t.Errorf("NewTimeoutError(nil).Cause() = %v", c)
	}
	wrapped := errors.Join(errors.New("context"), task.NewTimeoutError(nil))
	if !errors.Is(wrapped, context.DeadlineExceeded) {
		t.Error("a joined TimeoutError does not match context.DeadlineExceeded")
	}
}

// TestTimeoutPanicInBody is Go-only: a panic is not an exception, but one
// that leaves a timeout block and is recovered further up the same
// coroutine must not leave the block's deadline armed, to cancel the task
// later, outside any timeout (Python's "async with" always disarms it on
// the way out).
func TestTimeoutPanicInBody(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	r, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (string, error) {
		func() {
			defer func() { _ = recover() }()
			_ = task.WithTimeout(co, 100*time.Millisecond, func(*task.Timeout) error {
				panic("boom")
			})
		}()
		if err := task.Sleep(co, time.Second); err != nil {
			return "", err
		}
		return "slept", nil
	}))
	if err != nil || r != "slept" {
		t.Errorf("after a recovered panic in the block: got %q, %s; want \"slept\", no error", r, pyfmt.Repr(err))
	}
}
