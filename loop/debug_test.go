package loop_test

// Tests for debug mode (section 19 of the semantics catalog):
// GOASYNCIODEBUG / WithDebug / SetDebug, slow callbacks and task steps
// ("Executing ... took ... seconds"), task creation stacks in exception
// reports, loop-only methods refused from other goroutines, and
// coroutines never awaited reported at Close. Messages are asserted
// exactly; stacks only by prefix and content.
//
// Slow-callback tests need a callback that really takes 100ms: the
// warning measures wall-clock time (time.Now), which the virtual clock
// does not replace, so those two tests sleep for real.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// dbgBuf is a loop's stderr, safe to read while other goroutines write.
type dbgBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *dbgBuf) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *dbgBuf) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// dbgNew returns a debug-mode virtual-clock loop writing to a buffer,
// closed when the test ends if the test has not closed it.
func dbgNew(t *testing.T, more ...loop.Option) (*loop.Loop, *dbgBuf) {
	t.Helper()
	var buf dbgBuf
	l := loop.New(append([]loop.Option{loop.WithDebug(true), loop.WithVirtualClock(), loop.WithStderr(&buf)}, more...)...)
	t.Cleanup(func() { _ = l.Close() })
	return l, &buf
}

// ---------------------------------------------------------------------
// Turning debug mode on.

func TestDebugEnvVar(t *testing.T) {
	for _, tc := range []struct {
		val  string
		want bool
	}{{"1", true}, {"yes", true}, {"0", false}, {"", false}} {
		t.Run(fmt.Sprintf("GOASYNCIODEBUG=%q", tc.val), func(t *testing.T) {
			t.Setenv("GOASYNCIODEBUG", tc.val)
			l := loop.New(loop.WithStderr(extLog{t}))
			assert.Equal(t, tc.want, l.GetDebug())
			require.NoError(t, l.Close())
			// An explicit option wins over the environment.
			l = loop.New(loop.WithDebug(!tc.want), loop.WithStderr(extLog{t}))
			assert.Equal(t, !tc.want, l.GetDebug())
			require.NoError(t, l.Close())
		})
	}
}

// asyncio.run's loop picks the environment up too.
func TestDebugEnvVarRun(t *testing.T) {
	t.Setenv("GOASYNCIODEBUG", "1")
	main := coroutine.New(func(co *coroutine.Co) (bool, error) {
		return extLoop(t, co).GetDebug(), nil
	})
	v, err := loop.Run(main, loop.WithStderr(extLog{t}))
	require.NoError(t, err)
	assert.True(t, v)
}

func TestDebugSetDebug(t *testing.T) {
	l := loop.New(loop.WithStderr(extLog{t}))
	defer l.Close()
	assert.False(t, l.GetDebug())
	assert.Equal(t, "<loop.Loop running=False closed=False debug=False>", l.String())
	l.SetDebug(true)
	assert.True(t, l.GetDebug())
	assert.Equal(t, "<loop.Loop running=False closed=False debug=True>", l.String())
	l.SetDebug(true) // twice is fine
	l.SetDebug(false)
	assert.False(t, l.GetDebug())
	l2 := loop.New(loop.WithDebug(true), loop.WithStderr(extLog{t}))
	assert.True(t, l2.GetDebug())
	require.NoError(t, l2.Close())
}

// ---------------------------------------------------------------------
// Slow callbacks and task steps.

var dbgSlowRe = regexp.MustCompile(`^Executing (.*) took (\d+\.\d{3}) seconds$`)

// dbgSlowLines parses the slow-callback warnings in out; every line of
// out must be one.
func dbgSlowLines(t *testing.T, out string) (what []string) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		m := dbgSlowRe.FindStringSubmatch(line)
		if !assert.NotNil(t, m, "not a slow-callback warning: %q", line) {
			continue
		}
		d, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, d, 0.1, "%q", line)
		what = append(what, m[1])
	}
	return what
}

func dbgSlowCallback() { time.Sleep(120 * time.Millisecond) }

func dbgFastCallback() {}

func TestDebugSlowCallback(t *testing.T) {
	l, buf := dbgNew(t)
	_, _ = l.CallSoon(dbgFastCallback)
	_, _ = l.CallSoon(dbgSlowCallback)
	_, _ = l.CallLater(time.Second, dbgSlowCallback)
	_, _ = l.CallLater(2*time.Second, l.Stop)
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"<Handle dbgSlowCallback()>", "<Handle dbgSlowCallback()>"}, dbgSlowLines(t, buf.String()))
	assert.True(t, strings.HasSuffix(buf.String(), " seconds\n"))
}

// Out of debug mode nothing is reported.
func TestDebugSlowCallbackOff(t *testing.T) {
	var buf dbgBuf
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(&buf))
	defer l.Close()
	_, _ = l.CallSoon(dbgSlowCallback)
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	assert.Empty(t, buf.String())
}

// A slow task step names the task, as it is after the step (CPython
// formats the Task the step belongs to).
func TestDebugSlowTaskStep(t *testing.T) {
	l, buf := dbgNew(t)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		time.Sleep(120 * time.Millisecond) // a step that blocks the loop
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		return 1, nil // a quick last step
	})
	tk, err := l.CreateTask(main, task.WithName("slowpoke"))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(tk)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"<Task pending name='slowpoke' coro=<TestDebugSlowTaskStep() running> wait_for=<Future pending cb=[Task.task_wakeup()]> cb=[_run_until_complete_cb()]>",
	}, dbgSlowLines(t, buf.String()))
}

// ---------------------------------------------------------------------
// Where tasks were created.

func dbgFailing(co *coroutine.Co) (int, error) { return 0, task.ValueError("x") }

func dbgPending(co *coroutine.Co) (int, error) { return 0, task.Sleep(co, time.Hour) }

// dbgCreateTask creates a task from a helper, so the helper's frame is
// where the task was created.
func dbgCreateTask(t *testing.T, l *loop.Loop, fn coroutine.Func[int]) *task.Task[int] {
	tk, err := l.CreateTask(coroutine.New(fn))
	require.NoError(t, err)
	return tk
}

// dbgRunBriefly runs l until the tasks created so far have had a step.
func dbgRunBriefly(t *testing.T, l *loop.Loop) {
	t.Helper()
	_, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
		return 0, task.Sleep(co, time.Millisecond)
	}))
	require.NoError(t, err)
}

// In debug mode a task records where it was created, and the reports
// about it carry that stack: "Task exception was never retrieved" and
// "Task was destroyed but it is pending!".
func TestDebugSourceTraceback(t *testing.T) {
	var reports []task.ExceptionContext
	l, _ := dbgNew(t, loop.WithExceptionHandler(func(_ *loop.Loop, ctx task.ExceptionContext) {
		reports = append(reports, ctx)
	}))
	failing := dbgCreateTask(t, l, dbgFailing)
	pending := dbgCreateTask(t, l, dbgPending)
	for _, tk := range []*task.Task[int]{failing, pending} {
		assert.Contains(t, tk.SourceTraceback(), "loop_test.dbgCreateTask(")
		assert.Contains(t, tk.SourceTraceback(), "loop_test.TestDebugSourceTraceback(")
		assert.Contains(t, tk.SourceTraceback(), "debug_test.go:")
	}
	dbgRunBriefly(t, l)
	require.NoError(t, l.Close())
	require.Len(t, reports, 2)
	byMsg := map[string]task.ExceptionContext{}
	for _, r := range reports {
		byMsg[r.Message] = r
	}
	for _, msg := range []string{"Task exception was never retrieved", "Task was destroyed but it is pending!"} {
		r, ok := byMsg[msg]
		if assert.True(t, ok, "no %q report", msg) {
			assert.Contains(t, r.SourceTraceback, "loop_test.dbgCreateTask(", msg)
		}
	}
	assert.Equal(t, failing.SourceTraceback(), byMsg["Task exception was never retrieved"].SourceTraceback)
	assert.Equal(t, pending.SourceTraceback(), byMsg["Task was destroyed but it is pending!"].SourceTraceback)
}

// The default handler prints the stack under "source_traceback:", in
// its sorted place among the keys, before the error.
func TestDebugSourceTracebackPrinted(t *testing.T) {
	l, buf := dbgNew(t)
	dbgCreateTask(t, l, dbgFailing)
	dbgRunBriefly(t, l)
	require.NoError(t, l.Close())
	out := buf.String()
	const head = "Task exception was never retrieved\n" +
		"future: <Task finished name='"
	assert.True(t, strings.HasPrefix(out, head), "got:\n%s", out)
	const src = "\nsource_traceback: Object created at (most recent call last):\n"
	i := strings.Index(out, src)
	if assert.GreaterOrEqual(t, i, 0, "got:\n%s", out) {
		stack := out[i+len(src):]
		assert.Contains(t, stack, "loop_test.dbgCreateTask(")
		assert.True(t, strings.HasSuffix(out, "\nerror: x\n"), "got:\n%s", out)
		assert.Less(t, strings.Index(out, "\nfuture: "), i, "keys in sorted order")
	}
}

// "Object created at (most recent call last)" promises the creation site
// last, as in CPython, where the final frame is the function that called
// create_task (asyncio's own create_task frame is left out).
func TestDebugSourceTracebackOrder(t *testing.T) {
	l, _ := dbgNew(t)
	tk := dbgCreateTask(t, l, dbgFailing)
	stack := tk.SourceTraceback()
	outer := strings.Index(stack, "loop_test.TestDebugSourceTracebackOrder(")
	inner := strings.Index(stack, "loop_test.dbgCreateTask(")
	require.GreaterOrEqual(t, outer, 0, stack)
	require.GreaterOrEqual(t, inner, 0, stack)
	assert.Less(t, outer, inner, "the caller's frame should come before the creator's (most recent call last):\n%s", stack)
	assert.NotContains(t, stack, "loop.(*Loop).CreateTask", "the loop's own CreateTask frame should be left out")
	dbgRunBriefly(t, l)
	_, _ = tk.Exception()
}

// Out of debug mode no stack is recorded or printed.
func TestDebugSourceTracebackOff(t *testing.T) {
	var buf dbgBuf
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(&buf))
	tk := dbgCreateTask(t, l, dbgFailing)
	assert.Empty(t, tk.SourceTraceback())
	dbgRunBriefly(t, l)
	require.NoError(t, l.Close())
	assert.True(t, strings.HasPrefix(buf.String(), "Task exception was never retrieved\n"), buf.String())
	assert.NotContains(t, buf.String(), "source_traceback")
}

// ---------------------------------------------------------------------
// Loop-only methods from other goroutines.

// Twin of testdata/executor/wrong_thread.py.
func TestDebugTwinWrongThread(t *testing.T) {
	var o extOut
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)                                     // loop = asyncio.get_running_loop()
		o.p("debug", l.GetDebug())                              // print("debug", loop.get_debug())
		fromThread := func(context.Context) ([]string, error) { // def from_thread():
			var out []string
			calls := []struct {
				name string
				call func() error
			}{
				{"call_soon", func() error { _, err := l.CallSoon(func() { o.p("x") }); return err }},
				{"call_later", func() error { _, err := l.CallLater(time.Second, func() { o.p("x") }); return err }},
				{"call_at", func() error { _, err := l.CallAt(l.Time()+1, func() { o.p("x") }); return err }},
			}
			for _, c := range calls {
				if err := c.call(); err != nil {
					out = append(out, c.name+": "+err.Error()) // except RuntimeError as e
				} else {
					out = append(out, c.name+" ok")
				}
			}
			_, _ = l.CallSoonThreadsafe(func() { o.p("threadsafe ok") })
			return out, nil
		}
		for _, line := range extMust[[]string](t)(loop.ToThread(co, fromThread)) {
			o.p(line)
		}
		_, _ = l.CallSoon(func() { o.p("call_soon on the loop ok") })
		return struct{}{}, task.Sleep(co, 0)
	})
	extRun(t, main, loop.WithDebug(true)) // asyncio.run(main(), debug=True)
	extCompare(t, &o, "wrong_thread")
}

// The refusal, exactly: each loop-only method returns ErrWrongGoroutine
// from a goroutine that is neither the loop's nor its current task's;
// the loop's own callbacks and task coroutines (also coroutines awaited
// inline) may call them; CallSoonThreadsafe works from anywhere.
func TestDebugWrongGoroutine(t *testing.T) {
	const msg = "Non-thread-safe operation invoked on an event loop other than the current one"
	assert.EqualError(t, loop.ErrWrongGoroutine, msg)
	var re task.RuntimeError
	assert.ErrorAs(t, loop.ErrWrongGoroutine, &re)

	var fromLoop []error
	main := coroutine.New(func(co *coroutine.Co) ([]error, error) {
		l := extLoop(t, co)
		errs := extMust[[]error](t)(loop.ToThread(co, func(context.Context) ([]error, error) {
			_, e1 := l.CallSoon(func() { t.Error("ran") })
			_, e2 := l.CallLater(time.Second, func() { t.Error("ran") })
			_, e3 := l.CallAt(l.Time()+1, func() { t.Error("ran") })
			return []error{e1, e2, e3}, nil
		}))
		// From the task's coroutine and from a coroutine it awaits.
		_, err := l.CallSoon(func() {
			// From a callback on the loop's goroutine.
			_, e := l.CallSoon(func() {})
			fromLoop = append(fromLoop, e)
		})
		fromLoop = append(fromLoop, err)
		_, err = coroutine.New(func(co *coroutine.Co) (int, error) {
			_, err := l.CallLater(0, func() {})
			return 0, err
		}).Await(co)
		fromLoop = append(fromLoop, err)
		return errs, task.Sleep(co, 0)
	})
	errs := extRun(t, main, loop.WithDebug(true))
	require.Len(t, errs, 3)
	for i, err := range errs {
		assert.ErrorIs(t, err, loop.ErrWrongGoroutine, "call %d", i)
		assert.EqualError(t, err, msg, "call %d", i)
	}
	assert.Equal(t, []error{nil, nil, nil}, fromLoop)
}

// A loop that is not running accepts calls from any goroutine (CPython
// checks only while the loop runs), and debug mode switched on while
// the loop runs starts checking at once.
// Completing a future from another goroutine queues its callbacks with
// call_soon, so debug mode refuses it there too: SetResult returns the
// error (the state has changed, as in CPython) and the callback is lost.
func TestDebugWrongGoroutineFutureCallbacks(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (error, error) {
		fut := task.NewFuture[int](co)
		fut.AddDoneCallback(func(task.AnyFuture) { t.Error("the callback ran") })
		errSet := extMust[error](t)(loop.ToThread(co, func(context.Context) (error, error) {
			return fut.SetResult(1), nil
		}))
		return errSet, task.Sleep(co, 0)
	})
	err := extRun(t, main, loop.WithDebug(true))
	assert.ErrorIs(t, err, loop.ErrWrongGoroutine)
}

func TestDebugWrongGoroutineOnlyWhileRunning(t *testing.T) {
	l, _ := dbgNew(t)
	done := make(chan error)
	go func() {
		_, err := l.CallSoon(func() {})
		done <- err
	}()
	assert.NoError(t, <-done)

	l2 := loop.New(extOpts(t)...)
	defer l2.Close()
	main := coroutine.New(func(co *coroutine.Co) (error, error) {
		l2.SetDebug(true)
		return loop.ToThread(co, func(context.Context) (error, error) {
			_, err := l2.CallSoon(func() {})
			return err, nil
		})
	})
	err, runErr := l2.RunUntilComplete(main)
	require.NoError(t, runErr)
	assert.ErrorIs(t, err, loop.ErrWrongGoroutine)
}

// ---------------------------------------------------------------------
// Coroutines never awaited.

func dbgNeverAwaited(co *coroutine.Co) (int, error) { return 0, nil }

func dbgAwaited(co *coroutine.Co) (int, error) { return 1, nil }

// dbgMakeAndDrop calls the "async def" and drops the coroutine, the usual
// way of forgetting an await.
func dbgMakeAndDrop() { _ = coroutine.New(dbgNeverAwaited) }

const dbgNeverAwaitedHead = "RuntimeWarning: coroutine 'dbgNeverAwaited' was never awaited\n" +
	"Coroutine created at (most recent call last)\n"

func TestDebugNeverAwaited(t *testing.T) {
	l, buf := dbgNew(t)
	never := coroutine.New(dbgNeverAwaited)
	awaited := coroutine.New(dbgAwaited)
	driven := coroutine.New(dbgAwaited)
	closed := coroutine.New(dbgNeverAwaited)
	require.NoError(t, closed.Close())
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		tk, err := l.CreateTask(driven)
		if err != nil {
			return 0, err
		}
		if _, err := tk.Await(co); err != nil {
			return 0, err
		}
		return awaited.Await(co)
	})
	_, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	require.NoError(t, l.Close())
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, dbgNeverAwaitedHead), "got:\n%s", out)
	assert.Equal(t, 1, strings.Count(out, "RuntimeWarning:"), "only the coroutine never awaited; got:\n%s", out)
	assert.Contains(t, out, "loop_test.TestDebugNeverAwaited(")
	assert.NotContains(t, out, "dbgAwaited")
	runtime.KeepAlive(never)

	// Reported once: a second debug loop closing has nothing to say.
	l2, buf2 := dbgNew(t)
	require.NoError(t, l2.Close())
	assert.Empty(t, buf2.String())
}

// A coroutine dropped without being awaited is the usual mistake; it must
// be reported even if the garbage collector has run before Close (CPython
// reports it when the coroutine is destroyed).
func TestDebugNeverAwaitedDropped(t *testing.T) {
	l, buf := dbgNew(t)
	dbgMakeAndDrop()
	runtime.GC()
	runtime.GC()
	require.NoError(t, l.Close())
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, dbgNeverAwaitedHead), "got:\n%q", out)
	assert.Contains(t, out, "loop_test.dbgMakeAndDrop(")
}

// Out of debug mode nothing is tracked or reported, and coroutines
// created before a debug loop existed are not tracked either.
func TestDebugNeverAwaitedOff(t *testing.T) {
	var buf dbgBuf
	before := coroutine.New(dbgNeverAwaited)
	l := loop.New(loop.WithStderr(&buf))
	c := coroutine.New(dbgNeverAwaited)
	require.NoError(t, l.Close())
	assert.Empty(t, buf.String())

	l2, buf2 := dbgNew(t)
	require.NoError(t, l2.Close())
	assert.Empty(t, buf2.String(), "created while no loop was in debug mode")
	runtime.KeepAlive(before)
	runtime.KeepAlive(c)
}

// A coroutine that RunCoroutineThreadsafe closes because its concurrent
// future was cancelled first is not reported as never awaited.
func TestDebugNeverAwaitedCancelledSubmission(t *testing.T) {
	l, buf := dbgNew(t)
	c := coroutine.New(dbgNeverAwaited)
	cf, err := loop.RunCoroutineThreadsafe(c, l)
	require.NoError(t, err)
	cf.Cancel()
	l.Stop()
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	assert.Empty(t, buf.String())
}

// ---------------------------------------------------------------------

func ExampleWithDebug() {
	main := coroutine.New(func(co *coroutine.Co) (error, error) {
		l, _ := loop.GetRunningLoop(co)
		// In debug mode, loop-only methods refuse calls from goroutines
		// outside the loop; CallSoonThreadsafe is the way in.
		return loop.ToThread(co, func(context.Context) (error, error) {
			_, err := l.CallSoon(func() {})
			return err, nil
		})
	})
	err, _ := loop.Run(main, loop.WithDebug(true))
	fmt.Println(err)
	fmt.Println(errors.Is(err, loop.ErrWrongGoroutine))
	// Output:
	// Non-thread-safe operation invoked on an event loop other than the current one
	// true
}
