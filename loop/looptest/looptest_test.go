package looptest_test

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/loop/looptest"
	"github.com/goasyncio/goasyncio/task"
)

// Coroutines under test. Each is built by a named function, so failure
// messages name it ("coroutine ltWaitForever").

// ltSleepThenReturn sleeps d (loop time) and returns v.
func ltSleepThenReturn(d time.Duration, v int) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, d); err != nil {
			return 0, err
		}
		return v, nil
	})
}

// ltWaitForever awaits a future nobody completes; deferred records that
// its goroutine unwound.
func ltWaitForever(never *task.Future[int], deferred *atomic.Bool) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if deferred != nil {
			defer deferred.Store(true)
		}
		return never.Await(co)
	})
}

// ltFailing returns err at once.
func ltFailing(err error) *coroutine.Coroutine[int] {
	return coroutine.New(func(*coroutine.Co) (int, error) { return 0, err })
}

// ltRunningLoop is the loop running co.
func ltRunningLoop(t testing.TB, co *coroutine.Co) *loop.Loop {
	l, err := loop.GetRunningLoop(co)
	if err != nil {
		t.Errorf("GetRunningLoop: %v", err)
	}
	return l
}

var ltTaskNum = regexp.MustCompile(`Task-\d+`)

// ltNorm replaces Task-N numbers (global to the process) by Task-N.
func ltNorm(msgs []string) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = ltTaskNum.ReplaceAllString(m, "Task-N")
	}
	return out
}

// Run in one line: an hour of sleeping (on the virtual clock), a gather
// of children, and nothing left behind; the test passes and takes no real
// time.
func TestRunHappyPath(t *testing.T) {
	start := time.Now()
	var loopTime float64
	got := looptest.Run(t, coroutine.New(func(co *coroutine.Co) ([]int, error) {
		l := ltRunningLoop(t, co)
		g := task.Gather(co, ltSleepThenReturn(time.Hour, 1), ltSleepThenReturn(time.Minute, 2))
		res, err := g.Await(co)
		loopTime = l.Time()
		return res, err
	}))
	assert.Equal(t, []int{1, 2}, got)
	assert.InDelta(t, 3600, loopTime, 0.01)
	assert.Less(t, time.Since(start), 10*time.Second, "virtual time takes no real time")

	// The same through a fake test: nothing is recorded.
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		assert.Equal(t, 7, looptest.Run(ft, ltSleepThenReturn(time.Second, 7)))
	})
	assert.Empty(t, ft.errors())
	assert.Empty(t, ft.logged())
	assert.False(t, ft.Failed())
}

// The main coroutine returning an error fails the test, naming its task
// and coroutine, and stops it (FailNow) after the checks have run.
func TestRunMainError(t *testing.T) {
	var after atomic.Bool
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, ltFailing(errors.New("boom")))
		after.Store(true)
	})
	assert.Equal(t, []string{
		"looptest: task Task-N (coroutine ltFailing) returned an error: boom",
	}, ltNorm(ft.errors()))
	assert.True(t, ft.stopped, "Run stops the test")
	assert.False(t, after.Load())

	// Cancelled main: said so.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			task.CurrentTask(co).Cancel("enough")
			return 0, task.Sleep(co, time.Second)
		}))
	})
	assert.Equal(t, []string{
		"looptest: task Task-N (coroutine TestRunMainError) was cancelled: cancelled: enough",
	}, ltNorm(ft.errors()))

	// A panic in main: its stack is in the message.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(*coroutine.Co) (int, error) { panic("main broke") }))
	})
	require.Len(t, ft.errors(), 1)
	msg := ltNorm(ft.errors())[0]
	assert.True(t, strings.HasPrefix(msg, "looptest: task Task-N (coroutine TestRunMainError) returned an error: panic: main broke\n"), msg)
	assert.Contains(t, msg, "looptest_test.TestRunMainError")
}

// A task still pending at the end fails the test, naming the task, its
// coroutine and what it waits on; closing the loop unwound its goroutine.
func TestRunPendingTask(t *testing.T) {
	var deferred atomic.Bool
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		v := looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			never := task.NewFuture[int](co)
			if _, err := task.CreateTask(co, ltWaitForever(never, &deferred), task.WithName("worker")); err != nil {
				return 0, err
			}
			return 5, task.Sleep(co, time.Second)
		}))
		assert.Equal(t, 5, v, "the result is still returned")
	})
	assert.Equal(t, []string{
		"looptest: task worker (coroutine ltWaitForever) was still pending when the loop closed " +
			"(Task was destroyed but it is pending!); it waits on <Future pending cb=[Task.task_wakeup()]>\n" +
			"  await or cancel it before the test ends, or pass looptest.AllowPending()",
	}, ft.errors())
	assert.False(t, ft.stopped, "a leftover does not stop the test (Errorf)")
	assert.True(t, deferred.Load(), "the pending task's goroutine unwound")

	// A task created but never run is "ready to run".
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft)
		h.Spawn(ltSleepThenReturn(time.Second, 1), task.WithName("never-ran"))
	})
	assert.Equal(t, []string{
		"looptest: task never-ran (coroutine ltSleepThenReturn) was still pending when the loop closed " +
			"(Task was destroyed but it is pending!); it was ready to run\n" +
			"  await or cancel it before the test ends, or pass looptest.AllowPending()",
	}, ft.errors())
}

// A task or future that failed with nobody retrieving its exception
// fails the test, once for each, in the order they finished.
func TestRunUnretrievedException(t *testing.T) {
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			if _, err := task.CreateTask(co, ltFailing(errors.New("boom")), task.WithName("failing")); err != nil {
				return 0, err
			}
			f := task.NewFuture[int](co)
			_ = f.SetException(errors.New("lost"))
			return 0, task.Sleep(co, time.Second)
		}))
	})
	assert.Equal(t, []string{
		"looptest: future <Future finished exception=Exception('lost')> failed and nobody retrieved its error " +
			"(Future exception was never retrieved): lost\n" +
			"  await it, call its Result or Exception, or pass looptest.AllowUnretrieved()",
		"looptest: task failing (coroutine ltFailing) failed and nobody retrieved its error " +
			"(Task exception was never retrieved): boom\n" +
			"  await it, call its Result or Exception, or pass looptest.AllowUnretrieved()",
	}, ft.errors())
}

// A goroutine started by the loop that outlives it fails the test, with
// its stack: one started by a coroutine, and the goroutine of a coroutine
// driven by hand and never closed.
func TestRunLeakedGoroutine(t *testing.T) {
	release := make(chan struct{})
	var byHand *coroutine.Coroutine[int]
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			go ltBlockedHelper(release)
			byHand = coroutine.New(func(co *coroutine.Co) (int, error) {
				return 0, co.Yield(nil)
			})
			byHand.Send() // started, suspended, never closed
			return 0, nil
		}), looptest.WithLeakWait(50*time.Millisecond))
	})
	close(release)
	require.NoError(t, byHand.Close())

	errs := ft.errors()
	require.Len(t, errs, 1, "%q", errs)
	msg := errs[0]
	assert.True(t, strings.HasPrefix(msg, "looptest: 2 goroutines started by this test's loop are still running after the loop closed "+
		"(a coroutine driven by hand and never closed, a goroutine started by a coroutine, or executor work not awaited):\n\ngoroutine "), msg)
	assert.Contains(t, msg, "looptest_test.ltBlockedHelper(")
	assert.Contains(t, msg, "coroutine.(*Co).Yield(")
	assert.Equal(t, 2, strings.Count(msg, "\ngoroutine "))
	goleak.VerifyNone(t)
}

// ltBlockedHelper is a goroutine a coroutine forgot to stop.
func ltBlockedHelper(release chan struct{}) { <-release }

// A main coroutine that can never finish (the virtual clock finds nothing
// left to do) fails the test with the loop's deadlock report, which lists
// each pending task and what it waits on; the same tasks are not reported
// again as pending.
func TestRunDeadlock(t *testing.T) {
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			never := task.NewFuture[int](co)
			child, err := task.CreateTask(co, ltWaitForever(never, nil), task.WithName("child"))
			if err != nil {
				return 0, err
			}
			return child.Await(co)
		}))
	})
	assert.Equal(t, []string{
		"looptest: task Task-N (coroutine TestRunDeadlock) cannot finish: loop: deadlock: nothing is ready, " +
			"no timer is scheduled and nothing outside the loop will call back\n" +
			"  Task-N (TestRunDeadlock) waiting\n" +
			"  └── child (ltWaitForever) waiting on <Future pending cb=[Task.task_wakeup()]>",
	}, ltNorm(ft.errors()))
	assert.True(t, ft.stopped)
}

// Any other report of the exception handler (here a panic in a
// callback) fails the test too.
func TestRunCallbackPanic(t *testing.T) {
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			l := ltRunningLoop(ft, co)
			_, _ = l.CallSoon(ltPanickingCallback)
			return 0, task.Sleep(co, 0)
		}))
	})
	errs := ft.errors()
	require.Len(t, errs, 1, "%q", errs)
	assert.True(t, strings.HasPrefix(errs[0], "looptest: the loop's exception handler received a report:\n"+
		"Exception in callback ltPanickingCallback() at "), errs[0])
	assert.Contains(t, errs[0], "\nerror: panic: callback broke\n")
}

func ltPanickingCallback() { panic("callback broke") }

// The options let each kind of leftover pass, and pass reports on.
func TestOptions(t *testing.T) {
	mainWithLeftovers := func() *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			never := task.NewFuture[int](co)
			_, _ = task.CreateTask(co, ltWaitForever(never, nil), task.WithName("server"))
			_, _ = task.CreateTask(co, ltFailing(errors.New("ignored")), task.WithName("fire-and-forget"))
			return 1, task.Sleep(co, time.Second)
		})
	}

	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, mainWithLeftovers(), looptest.AllowPending(), looptest.AllowUnretrieved())
	})
	assert.Empty(t, ft.errors())

	ft = ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, mainWithLeftovers(), looptest.AllowPending())
	})
	require.Len(t, ft.errors(), 1)
	assert.Contains(t, ft.errors()[0], "task fire-and-forget (coroutine ltFailing) failed and nobody retrieved its error")

	ft = ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, mainWithLeftovers(), looptest.AllowUnretrieved())
	})
	require.Len(t, ft.errors(), 1)
	assert.Contains(t, ft.errors()[0], "task server (coroutine ltWaitForever) was still pending")

	// Reports keeps what was allowed, for the test to look at.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft, looptest.AllowPending(), looptest.AllowUnretrieved())
		_, err := h.RunUntilComplete(mainWithLeftovers())
		require.NoError(t, err)
		h.Close()
		var msgs []string
		for _, r := range h.Reports() {
			msgs = append(msgs, r.Message)
		}
		assert.Equal(t, []string{"Task was destroyed but it is pending!", "Task exception was never retrieved"}, msgs)
	})
	assert.Empty(t, ft.errors())

	// A custom handler sees every report; the reports it alone is
	// responsible for (a callback panic) no longer fail the test, the
	// leftovers still do.
	var seen []string
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			_, _ = ltRunningLoop(ft, co).CallSoon(ltPanickingCallback)
			_, _ = task.CreateTask(co, ltFailing(errors.New("lost")), task.WithName("lost"))
			return 0, task.Sleep(co, 0)
		}), looptest.WithExceptionHandler(func(l *loop.Loop, ctx task.ExceptionContext) {
			seen = append(seen, ctx.Message)
		}))
	})
	require.Len(t, seen, 2)
	assert.True(t, strings.HasPrefix(seen[0], "Exception in callback ltPanickingCallback()"), seen[0])
	assert.Equal(t, "Task exception was never retrieved", seen[1])
	require.Len(t, ft.errors(), 1)
	assert.Contains(t, ft.errors()[0], "task lost (coroutine ltFailing) failed and nobody retrieved its error")

	// The real clock: a program with no timers runs the same.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		v := looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			child, err := task.CreateTask(co, ltSleepThenReturn(0, 4))
			if err != nil {
				return 0, err
			}
			return child.Await(co)
		}), looptest.RealClock())
		assert.Equal(t, 4, v)
	})
	assert.Empty(t, ft.errors())

	// Loop options pass through: debug mode's warnings reach the test log.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft, looptest.WithLoopOptions(loop.WithDebug(true)))
		assert.True(t, h.Loop().GetDebug())
		_ = ltSleepThenReturn(0, 1) // created, never awaited
	})
	assert.Empty(t, ft.errors())
	require.NotEmpty(t, ft.logged())
	assert.Contains(t, ft.logged()[0], "RuntimeWarning: coroutine 'ltSleepThenReturn' was never awaited")
}

// The harness drives virtual time by hand: tasks wake exactly when their
// timers are due, the test looks at the state in between, and the checks
// run at Close.
func TestHarnessAdvance(t *testing.T) {
	h := looptest.New(t)
	l := h.Loop()
	var log []string
	logAt := func(name string, d time.Duration) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, d); err != nil {
				return 0, err
			}
			log = append(log, name)
			return 0, nil
		})
	}
	a := h.Spawn(logAt("a", time.Second), task.WithName("a"))
	b := h.Spawn(logAt("b", 3*time.Second), task.WithName("b"))
	assert.Empty(t, log, "Spawn does not run the loop")

	h.RunUntilIdle()
	assert.Empty(t, log)
	assert.Equal(t, 2, l.Tasks().Live())

	h.Advance(999 * time.Millisecond)
	assert.Empty(t, log, "not due yet")
	h.Advance(time.Millisecond)
	assert.Equal(t, []string{"a"}, log)
	assert.True(t, a.Done())
	assert.False(t, b.Done())

	h.Advance(time.Hour)
	assert.Equal(t, []string{"a", "b"}, log)
	assert.InDelta(t, 3601, l.Time(), 0.01)

	v, err := h.RunUntilComplete(b)
	require.NoError(t, err)
	assert.Equal(t, 0, v)
	_, _ = a.Result()
	h.Close()
	assert.Empty(t, h.Reports())
	assert.True(t, l.IsClosed())
	h.Close() // again: nothing
}

// Misuses of the harness fail the test with a message saying what went
// wrong.
func TestHarnessMisuse(t *testing.T) {
	// Advance on a real-clock harness.
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft, looptest.RealClock())
		h.Advance(time.Second)
	})
	assert.Equal(t, []string{
		"looptest: Advance(1s): loop: Advance needs a loop with the virtual clock (WithVirtualClock)",
	}, ft.errors())

	// Advance from inside the loop: the failure stops the test (from the
	// coroutine's goroutine, through the loop's goroutine) in the middle
	// of an iteration, before the other task's first step; the pending
	// task left behind is only logged.
	var after atomic.Bool
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft)
		h.Spawn(coroutine.New(func(co *coroutine.Co) (int, error) {
			h.RunUntilIdle()
			return 0, nil
		}), task.WithName("reentrant"))
		h.Spawn(ltSleepThenReturn(time.Hour, 0), task.WithName("sleeper"))
		h.RunUntilIdle()
		after.Store(true)
	})
	assert.Equal(t, []string{
		"looptest: RunUntilIdle: the loop is already running (called from one of its own coroutines or callbacks?)",
	}, ft.errors())
	assert.False(t, after.Load())
	assert.Equal(t, []string{
		"looptest: task sleeper (coroutine ltSleepThenReturn) was still pending when the test stopped inside the loop; " +
			"closing the loop reclaimed it; it was ready to run",
	}, ft.logged())

	// Close from inside the loop.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft)
		_, err := h.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
			h.Close()
			return 0, nil
		}))
		assert.NoError(t, err)
	})
	assert.Equal(t, []string{
		"looptest: Close called while the loop is running (from one of its own coroutines or callbacks?)",
	}, ft.errors())

	// Spawn after Close.
	ft = ltRunFake(t, func(ft *ltFakeTB) {
		h := looptest.New(ft)
		h.Close()
		h.Spawn(ltSleepThenReturn(0, 1))
	})
	assert.Equal(t, []string{"looptest: Spawn: Event loop is closed"}, ft.errors())

	// Run without a coroutine.
	ft = ltRunFake(t, func(ft *ltFakeTB) { looptest.Run[int](ft, nil) })
	assert.Equal(t, []string{"looptest: Run: a coroutine was expected, got nil"}, ft.errors())
}

// testify's require failing inside a coroutine fails the test cleanly:
// the failure ends the coroutine's goroutine and then the goroutine
// running the loop (the test's), the cleanup still closes the loop and
// reclaims every goroutine, the sibling left pending is only logged, and
// nothing but the assertion's message fails the test.
func TestRequireInsideCoroutine(t *testing.T) {
	var afterRequire, afterRun, siblingUnwound atomic.Bool
	var l *loop.Loop
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
			l = ltRunningLoop(ft, co)
			never := task.NewFuture[int](co)
			if _, err := task.CreateTask(co, ltWaitForever(never, &siblingUnwound), task.WithName("sibling")); err != nil {
				return 0, err
			}
			if err := task.Sleep(co, time.Minute); err != nil {
				return 0, err
			}
			require.Equal(ft, 1, 2, "the values differ")
			afterRequire.Store(true)
			return 0, nil
		}))
		afterRun.Store(true)
	})
	errs := ft.errors()
	require.Len(t, errs, 1, "%q", errs)
	assert.Contains(t, errs[0], "the values differ")
	assert.True(t, ft.stopped)
	assert.False(t, afterRequire.Load())
	assert.False(t, afterRun.Load())
	assert.True(t, siblingUnwound.Load())
	require.NotNil(t, l)
	assert.True(t, l.IsClosed())
	assert.False(t, l.IsRunning())
	assert.Equal(t, []string{
		"looptest: task sibling (coroutine ltWaitForever) was still pending when the test stopped inside the loop; " +
			"closing the loop reclaimed it; it waits on <Future pending cb=[Task.task_wakeup()]>",
	}, ft.logged())
	goleak.VerifyNone(t)
}

// The goroutine check only counts goroutines descending from its own
// harness's goroutine: another loop's coroutines, alive on another
// goroutine while this harness closes, are not reported.
func TestLeakCheckIgnoresOtherLoops(t *testing.T) {
	ready := make(chan struct{})
	release := make(chan struct{})
	other := make(chan *ltFakeTB)
	go func() {
		other <- ltRunFake(t, func(ft *ltFakeTB) {
			h := looptest.New(ft)
			never := h.Loop().CreateFuture[int]()
			w := h.Spawn(ltWaitForever(never, nil))
			h.RunUntilIdle() // the coroutine's goroutine now exists
			close(ready)
			<-release
			w.Cancel()
			h.RunUntilIdle()
		})
	}()
	<-ready
	ft := ltRunFake(t, func(ft *ltFakeTB) {
		looptest.Run(ft, ltSleepThenReturn(time.Second, 1), looptest.WithLeakWait(20*time.Millisecond))
	})
	assert.Empty(t, ft.errors(), "the other loop's goroutines are not ours")
	close(release)
	assert.Empty(t, (<-other).errors())
}

// One loop per test: eight parallel subtests, each running many loops,
// with coroutine goroutines of the others alive while each one closes.
func TestParallel(t *testing.T) {
	for i := range 8 {
		t.Run("sub"+string(rune('0'+i)), func(t *testing.T) {
			t.Parallel()
			for round := range 20 {
				want := i*100 + round
				got := looptest.Run(t, coroutine.New(func(co *coroutine.Co) (int, error) {
					l := ltRunningLoop(t, co)
					g := task.Gather(co,
						ltSleepThenReturn(time.Duration(i+1)*time.Second, want),
						ltSleepThenReturn(time.Duration(round+1)*time.Millisecond, 0))
					res, err := g.Await(co)
					if err != nil {
						return 0, err
					}
					if got, exp := l.Time(), float64(i+1); got < exp || got > exp+0.01 {
						t.Errorf("loop time %v, want about %v", got, exp)
					}
					return res[0] + res[1], nil
				}))
				assert.Equal(t, want, got)
			}
			h := looptest.New(t)
			a := h.Spawn(ltSleepThenReturn(time.Minute, i))
			h.Advance(time.Minute)
			v, err := h.RunUntilComplete(a)
			require.NoError(t, err)
			assert.Equal(t, i, v)
		})
	}
}

// ltTicker sleeps period n times, recording the loop time at each tick.
func ltTicker(n int, period time.Duration, times *[]float64) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		l, err := loop.GetRunningLoop(co)
		if err != nil {
			return 0, err
		}
		for i := range n {
			if err := task.Sleep(co, period); err != nil {
				return i, err
			}
			*times = append(*times, l.Time())
		}
		return n, nil
	})
}

func ltRoundMs(ts []float64) []float64 {
	out := make([]float64, len(ts))
	for i, v := range ts {
		out[i] = math.Round(v*1e3) / 1e3
	}
	return out
}

// Advance lets time pass timer by timer: each tick happens at its own
// deadline, exactly when it happens when the loop runs by itself.
func TestHarnessAdvanceStepsTimers(t *testing.T) {
	// The loop running by itself.
	var free []float64
	l := loop.New(loop.WithVirtualClock())
	_, err := l.RunUntilComplete(ltTicker(3, 1500*time.Microsecond, &free))
	require.NoError(t, err)
	require.NoError(t, l.Close())

	var stepped []float64
	h := looptest.New(t)
	tk := h.Spawn(ltTicker(3, 1500*time.Microsecond, &stepped))
	h.RunUntilIdle()
	h.Advance(time.Second)
	require.True(t, tk.Done())
	assert.Equal(t, ltRoundMs(free), ltRoundMs(stepped), "the same schedule as the loop running by itself")
	assert.Equal(t, []float64{0.002, 0.004, 0.006}, ltRoundMs(stepped), "each wait rounded up to the millisecond, as the loop's own")
	assert.InDelta(t, 1, h.Loop().Time(), 1e-6)

	var ticks []float64
	j := looptest.New(t)
	jt := j.Spawn(ltTicker(3, time.Minute, &ticks))
	j.RunUntilIdle()
	j.Advance(150 * time.Second)
	assert.Equal(t, []float64{60, 120}, ltRoundMs(ticks), "each tick fires at its own deadline; the third is due at 180s")
	assert.InDelta(t, 150, j.Loop().Time(), 1e-6)
	assert.False(t, jt.Done())
	j.Advance(time.Hour)
	require.Len(t, ticks, 3)
	// Waiting from 150s, the loop wakes at the deadline rounded up to the
	// millisecond.
	assert.InDelta(t, 180, ticks[2], 0.002)
	_, _ = jt.Result()
}

// ltCountingTracer counts the events it receives.
type ltCountingTracer struct{ timers, steps int }

func (c *ltCountingTracer) Event(e task.TraceEvent) {
	switch e.Kind {
	case task.TraceTimerScheduled:
		c.timers++
	case task.TraceStepStart:
		c.steps++
	}
}

// A tracer given through WithLoopOptions still receives every event.
func TestHarnessTracerPassthrough(t *testing.T) {
	tr := &ltCountingTracer{}
	var times []float64
	looptest.Run(t, ltTicker(4, time.Second, &times), looptest.WithLoopOptions(loop.WithTracer(tr)))
	assert.Equal(t, 4, tr.timers)
	assert.Equal(t, 5, tr.steps)
}
