package loop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// This file tests the loop's lifecycle: what Close reclaims and reports,
// where panics and runtime.Goexit go, the virtual clock, deadlock
// reports, waking from other goroutines, the default loop, and Run.

// lcReports collects what the loop hands its exception handler.
type lcReports struct {
	mu   sync.Mutex
	ctxs []task.ExceptionContext
}

func (r *lcReports) handler(_ *loop.Loop, ctx task.ExceptionContext) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ctxs = append(r.ctxs, ctx)
}

func (r *lcReports) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.ctxs))
	for i, c := range r.ctxs {
		out[i] = c.Message
	}
	return out
}

func (r *lcReports) all() []task.ExceptionContext {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]task.ExceptionContext(nil), r.ctxs...)
}

// lcNewLoop returns a virtual-clock loop whose reports go to r.
func lcNewLoop(r *lcReports, opts ...loop.Option) *loop.Loop {
	opts = append([]loop.Option{loop.WithVirtualClock(), loop.WithExceptionHandler(r.handler)}, opts...)
	return loop.New(opts...)
}

// lcWaitFuture awaits f, recording name in *order when its goroutine
// unwinds.
func lcWaitFuture(f *task.Future[int], name string, order *[]string) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { *order = append(*order, name) }()
		return f.Await(co)
	})
}

// lcSleeper sleeps d, recording name when its goroutine unwinds.
func lcSleeper(d time.Duration, name string, order *[]string) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { *order = append(*order, name) }()
		return 0, task.Sleep(co, d)
	})
}

// lcAwaitTask awaits t, recording name when its goroutine unwinds.
func lcAwaitTask(t *task.Task[int], name string, order *[]string) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { *order = append(*order, name) }()
		return t.Await(co)
	})
}

// Close reclaims the goroutine of every pending task, in creation order,
// running its deferred calls; each task created by the user is reported
// as destroyed while pending, while the quiet tasks of RunUntilComplete
// and Gather are not.
func TestLifecycleCloseReclaimsPendingTasks(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	var order []string
	never := l.CreateFuture[int]()
	a, err := l.CreateTask(lcWaitFuture(never, "a", &order), task.WithName("a"))
	require.NoError(t, err)
	_, err = l.CreateTask(lcSleeper(time.Hour, "b", &order), task.WithName("b"))
	require.NoError(t, err)
	_, err = l.CreateTask(lcAwaitTask(a, "c", &order), task.WithName("c"))
	require.NoError(t, err)

	// The main coroutine gathers two children that never finish; the loop
	// is stopped from a timer before anything completes.
	main := coroutine.New(func(co *coroutine.Co) ([]int, error) {
		defer func() { order = append(order, "main") }()
		return task.Gather(co,
			task.Awaitable[int](lcWaitFuture(never, "g1", &order)),
			task.Awaitable[int](lcWaitFuture(never, "g2", &order)),
		).Await(co)
	})
	_, err = l.CallLater(time.Second, l.Stop)
	require.NoError(t, err)
	_, err = l.RunUntilComplete(main)
	require.ErrorIs(t, err, task.ErrStoppedBeforeDone)
	assert.EqualError(t, err, "Event loop stopped before Future completed.")
	assert.Empty(t, order, "nothing unwinds before Close")
	assert.Len(t, task.AllTasks(l), 6)

	require.NoError(t, l.Close())
	assert.True(t, l.IsClosed())
	assert.Equal(t, []string{"a", "b", "c", "main", "g1", "g2"}, order,
		"every pending task's goroutine unwinds, in creation order, before Close returns")
	assert.Empty(t, task.AllTasks(l))
	goleak.VerifyNone(t)

	reports := r.all()
	require.Len(t, reports, 3, "only the tasks the user created are reported: %q", r.messages())
	for i, name := range []string{"a", "b", "c"} {
		ctx := reports[i]
		assert.Equal(t, "Task was destroyed but it is pending!", ctx.Message)
		require.NotNil(t, ctx.Task)
		assert.Equal(t, name, ctx.Task.Name())
		assert.Contains(t, ctx.Task.String(), "<Task pending name='"+name+"'")
		assert.NoError(t, ctx.Exception)
	}
	assert.Contains(t, reports[0].Task.String(), "coro=<lcWaitFuture() running>")

	// Closing twice is harmless and reports nothing more.
	require.NoError(t, l.Close())
	assert.Len(t, r.all(), 3)
}

// Close on a running loop refuses; on a closed loop the scheduling calls
// fail with ErrLoopClosed.
func TestLifecycleCloseRunningAndClosed(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	var closeErr error
	_, err := l.CallSoon(func() { closeErr = l.Close() })
	require.NoError(t, err)
	_, err = l.CallSoon(l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.ErrorIs(t, closeErr, task.ErrCloseRunning)
	assert.EqualError(t, closeErr, "Cannot close a running event loop")
	assert.False(t, l.IsClosed())

	require.NoError(t, l.Close())
	_, err = l.CallSoon(func() {})
	assert.ErrorIs(t, err, task.ErrLoopClosed)
	_, err = l.CallLater(time.Second, func() {})
	assert.ErrorIs(t, err, task.ErrLoopClosed)
	_, err = l.CallSoonThreadsafe(func() {})
	assert.ErrorIs(t, err, task.ErrLoopClosed)
	assert.ErrorIs(t, l.RunForever(), task.ErrLoopClosed)
	ran := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) { ran = true; return 0, nil })
	_, err = l.CreateTask(c)
	assert.ErrorIs(t, err, task.ErrLoopClosed)
	// As in CPython, the refusal comes before the coroutine is touched.
	assert.Equal(t, coroutine.Created, c.State(), "a refused coroutine is left alone")
	assert.False(t, ran)
	require.NoError(t, c.Close())
	_, err = l.RunUntilComplete(task.Awaitable[int](coroutine.New(func(co *coroutine.Co) (int, error) { return 0, nil })))
	assert.EqualError(t, err, "Event loop is closed")
	assert.Empty(t, r.all())
}

func lcFail(err error) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) { return 0, err })
}

// An exception no one retrieved is reported at Close; one retrieved by
// Exception, Result or an await is not.
func TestLifecycleUnretrievedException(t *testing.T) {
	errX := errors.New("x failed")
	pause := func() *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			return 0, task.Sleep(co, time.Second)
		})
	}

	t.Run("never retrieved", func(t *testing.T) {
		var r lcReports
		l := lcNewLoop(&r)
		ft, err := l.CreateTask(lcFail(errX), task.WithName("failer"))
		require.NoError(t, err)
		_, err = l.RunUntilComplete(pause())
		require.NoError(t, err)
		require.True(t, ft.Done())
		assert.Empty(t, r.all(), "nothing is reported before Close")
		require.NoError(t, l.Close())
		reports := r.all()
		require.Len(t, reports, 1)
		assert.Equal(t, "Task exception was never retrieved", reports[0].Message)
		assert.Same(t, errX, reports[0].Exception)
		assert.True(t, reports[0].Future == task.AnyFuture(ft), "the report names the task")
		assert.Contains(t, reports[0].Future.String(), "name='failer'")
	})

	retrievers := map[string]func(co *coroutine.Co, ft *task.Task[int]){
		"Exception": func(_ *coroutine.Co, ft *task.Task[int]) { _, _ = ft.Exception() },
		"Result":    func(_ *coroutine.Co, ft *task.Task[int]) { _, _ = ft.Result() },
		"Await":     func(co *coroutine.Co, ft *task.Task[int]) { _, _ = ft.Await(co) },
	}
	for name, retrieve := range retrievers {
		t.Run("retrieved by "+name, func(t *testing.T) {
			var r lcReports
			l := lcNewLoop(&r)
			ft, err := l.CreateTask(lcFail(errX))
			require.NoError(t, err)
			_, err = l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
				if err := task.Sleep(co, time.Second); err != nil {
					return 0, err
				}
				retrieve(co, ft)
				return 0, nil
			}))
			require.NoError(t, err)
			require.NoError(t, l.Close())
			assert.Empty(t, r.messages())
		})
	}

	t.Run("future", func(t *testing.T) {
		var r lcReports
		l := lcNewLoop(&r)
		f := l.CreateFuture[int]()
		require.NoError(t, f.SetException(errX))
		g := l.CreateFuture[int]()
		require.NoError(t, g.SetException(errX))
		_, _ = g.Result()
		require.NoError(t, l.Close())
		reports := r.all()
		require.Len(t, reports, 1)
		assert.Equal(t, "Future exception was never retrieved", reports[0].Message)
		assert.True(t, reports[0].Future == task.AnyFuture(f))
	})

	t.Run("run until complete retrieves", func(t *testing.T) {
		// The exception of the task RunUntilComplete made is handed to
		// its caller, and so counts as retrieved.
		var r lcReports
		l := lcNewLoop(&r)
		_, err := l.RunUntilComplete(lcFail(errX))
		assert.Same(t, errX, err)
		require.NoError(t, l.Close())
		assert.Empty(t, r.messages())
	})
}

// lcPanicInTask is a named function so the stack can be checked for it.
func lcPanicInTask(v any) int {
	panic(v)
}

var errLcSentinel = errors.New("lc sentinel")

// A panic in a coroutine ends its task with a *coroutine.PanicError,
// which reaches whoever awaits the task, stack included.
func TestLifecyclePanicReachesAwaiter(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	var childDefer bool
	child := coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { childDefer = true }()
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		return lcPanicInTask(fmt.Errorf("bad state: %w", errLcSentinel)), nil
	})
	var awaitErr error
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		ct, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return "", err
		}
		_, awaitErr = ct.Await(co)
		return "main went on", nil
	})
	v, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, "main went on", v)
	assert.True(t, childDefer)

	var pe *coroutine.PanicError
	require.ErrorAs(t, awaitErr, &pe)
	assert.ErrorIs(t, awaitErr, errLcSentinel)
	assert.EqualError(t, pe.Unwrap(), "bad state: lc sentinel")
	assert.Contains(t, string(pe.Stack), "lcPanicInTask")
	assert.Contains(t, string(pe.Stack), "lifecycle_test.go")

	// Straight through RunUntilComplete as well.
	_, err = l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
		return lcPanicInTask("plain value"), nil
	}))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "plain value", pe.Value)
	assert.Contains(t, string(pe.Stack), "lcPanicInTask")

	require.NoError(t, l.Close())
	assert.Empty(t, r.messages(), "both panics were retrieved")
	goleak.VerifyNone(t)
}

// lcBoom is a named callback that panics.
func lcBoom() { panic("boom in callback") }

func lcBoomDone(task.AnyFuture) { panic("boom in done callback") }

// A panicking done callback is reported at the function given to
// AddDoneCallback, not at the wrapper the future queues.
func TestLifecycleDoneCallbackPanicSource(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	defer func() { require.NoError(t, l.Close()) }()
	f := task.NewFuture[int](l)
	f.AddDoneCallback(lcBoomDone)
	_, err := l.CallSoon(func() { _ = f.SetResult(1) })
	require.NoError(t, err)
	_, err = l.RunUntilComplete(task.Awaitable[int](f))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) { return 0, task.Sleep(co, 0) }))
	require.NoError(t, err)
	reports := r.all()
	require.Len(t, reports, 1)
	msg := reports[0].Message
	assert.True(t, strings.HasPrefix(msg, "Exception in callback lcBoomDone() at "), msg)
	assert.Contains(t, msg, "lifecycle_test.go:")
}

// A panic in a plain callback goes to the exception handler as
// "Exception in callback ..."; the rest of the iteration still runs.
func TestLifecycleCallbackPanic(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	var order []string
	var iters []uint64
	mark := func(s string) func() {
		return func() {
			order = append(order, s)
			iters = append(iters, l.Iteration())
		}
	}
	for _, fn := range []func(){mark("first"), lcBoom, mark("after"), l.Stop, mark("after stop")} {
		_, err := l.CallSoon(fn)
		require.NoError(t, err)
	}
	require.NoError(t, l.RunForever())
	assert.Equal(t, []string{"first", "after", "after stop"}, order)
	require.Len(t, iters, 3)
	assert.Equal(t, iters[0], iters[1], "the panic does not end the iteration")
	assert.Equal(t, iters[0], iters[2])

	reports := r.all()
	require.Len(t, reports, 1)
	ctx := reports[0]
	assert.True(t, strings.HasPrefix(ctx.Message, "Exception in callback lcBoom() at "), ctx.Message)
	assert.Contains(t, ctx.Message, "lifecycle_test.go:")
	require.NotNil(t, ctx.Handle)
	// CPython's repr adds " at file:line"; the callback name is what
	// both share.
	assert.True(t, strings.HasPrefix(ctx.Handle.String(), "<Handle lcBoom()"), ctx.Handle.String())
	var pe *coroutine.PanicError
	require.ErrorAs(t, ctx.Exception, &pe)
	assert.Equal(t, "boom in callback", pe.Value)
	assert.Contains(t, string(pe.Stack), "lcBoom")

	// The loop is still usable.
	_, err := l.CallLater(time.Second, lcBoom)
	require.NoError(t, err)
	_, err = l.CallLater(2*time.Second, l.Stop)
	require.NoError(t, err)
	require.NoError(t, l.RunForever())
	assert.Len(t, r.all(), 2)
	require.NoError(t, l.Close())
}

// With the default handler the report goes to the loop's stderr.
func TestLifecycleCallbackPanicDefaultHandler(t *testing.T) {
	var buf bytes.Buffer
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(&buf))
	_, _ = l.CallSoon(lcBoom)
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "Exception in callback lcBoom() at "), out)
	assert.Contains(t, out, "\nhandle: <Handle lcBoom()")
	assert.Contains(t, out, "\nerror: panic: boom in callback\n")
}

// A custom exception handler that panics is reported by the default
// handler as "Unhandled error in exception handler", and the loop runs on.
func TestLifecycleHandlerPanic(t *testing.T) {
	var buf bytes.Buffer
	calls := 0
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(&buf),
		loop.WithExceptionHandler(func(*loop.Loop, task.ExceptionContext) {
			calls++
			panic("handler broke")
		}))
	after := false
	_, _ = l.CallSoon(lcBoom)
	_, _ = l.CallSoon(func() { after = true })
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	assert.True(t, after, "the loop keeps running after the handler panicked")
	assert.Equal(t, 1, calls)
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "Unhandled error in exception handler\n"), out)
	assert.Contains(t, out, "context: ")
	assert.Contains(t, out, "Exception in callback lcBoom()", "the original context is shown")
	assert.Contains(t, out, "error: panic: handler broke")

	// SetExceptionHandler(nil) restores the default handler.
	l2 := loop.New(loop.WithVirtualClock(), loop.WithStderr(&buf))
	h := func(*loop.Loop, task.ExceptionContext) {}
	l2.SetExceptionHandler(h)
	assert.NotNil(t, l2.GetExceptionHandler())
	l2.SetExceptionHandler(nil)
	assert.Nil(t, l2.GetExceptionHandler())
	require.NoError(t, l2.Close())
}

// lcFakeT is the part of testing.TB that testify's require uses; its
// FailNow, like testing.T's, ends the calling goroutine with
// runtime.Goexit.
type lcFakeT struct {
	mu     sync.Mutex
	errs   []string
	failed bool
}

func (f *lcFakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *lcFakeT) FailNow() {
	f.mu.Lock()
	f.failed = true
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *lcFakeT) Helper() {}

var _ require.TestingT = (*lcFakeT)(nil)

// testify's require failing inside a coroutine (FailNow → runtime.Goexit)
// ends the goroutine running the loop, cleanly: the loop goroutine's
// deferred Close runs, every coroutine goroutine is reclaimed, nothing
// hangs and nothing leaks.
func TestLifecycleRequireFailsInsideCoroutine(t *testing.T) {
	ft := &lcFakeT{}
	var r lcReports
	var siblingDefer, mainDefer, closeRan, afterRun atomic.Bool
	var mainTask *task.Task[int]
	var l *loop.Loop
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		l = lcNewLoop(&r)
		defer func() {
			if err := l.Close(); err == nil {
				closeRan.Store(true)
			}
		}()
		never := l.CreateFuture[int]()
		_, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
			defer siblingDefer.Store(true)
			return never.Await(co)
		}), task.WithName("sibling"))
		if err != nil {
			return
		}
		mainTask, err = l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
			defer mainDefer.Store(true)
			if err := task.Sleep(co, time.Second); err != nil {
				return 0, err
			}
			require.Equal(ft, 1, 2, "the values differ")
			return 3, nil
		}), task.WithName("main"))
		if err != nil {
			return
		}
		_, _ = l.RunUntilComplete(mainTask)
		afterRun.Store(true)
	}()
	<-exited

	assert.True(t, ft.failed, "FailNow was called")
	require.Len(t, ft.errs, 1)
	assert.Contains(t, ft.errs[0], "the values differ")
	assert.False(t, afterRun.Load(), "the loop goroutine must not continue after the failure")
	assert.True(t, mainDefer.Load(), "the failing coroutine's defers ran")
	assert.True(t, closeRan.Load(), "the loop goroutine's deferred Close ran")
	assert.True(t, siblingDefer.Load(), "Close reclaimed the sibling task")
	assert.True(t, l.IsClosed())
	assert.False(t, l.IsRunning())
	require.NotNil(t, mainTask)
	require.True(t, mainTask.Done())
	exc, err := mainTask.Exception()
	require.NoError(t, err)
	assert.ErrorIs(t, exc, coroutine.ErrGoexit)
	goleak.VerifyNone(t)

	// Only the sibling is reported; the failed task's Goexit is not an
	// unretrieved exception.
	reports := r.all()
	require.Len(t, reports, 1, "%q", r.messages())
	assert.Equal(t, "Task was destroyed but it is pending!", reports[0].Message)
	assert.Equal(t, "sibling", reports[0].Task.Name())
}

// A program that sleeps an hour on the virtual clock finishes at once,
// with the loop's clock an hour on.
func TestLifecycleVirtualClockHour(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	start := time.Now()
	var times []float64
	v, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (string, error) {
		times = append(times, l.Time())
		if err := task.Sleep(co, time.Hour); err != nil {
			return "", err
		}
		times = append(times, l.Time())
		return "awake", nil
	}))
	elapsed := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, "awake", v)
	assert.Less(t, elapsed, 10*time.Second, "virtual sleeping must not take real time")
	require.Len(t, times, 2)
	assert.InDelta(t, 0, times[0], 1e-3)
	assert.InDelta(t, 3600, times[1], 1e-3)
	assert.GreaterOrEqual(t, times[1]-times[0], 3600.0)
	assert.InDelta(t, 3600, l.Time(), 1e-3)
}

// lcWaitForever awaits f; a named function so the deadlock report can be
// checked for the coroutine's name.
func lcWaitForever(f *task.Future[int]) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) { return f.Await(co) })
}

// A task waiting forever on a future can make no progress: the run
// returns an ErrDeadlock error naming the task and the future.
func TestLifecycleDeadlock(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	f := l.CreateFuture[int]()
	wt, err := l.CreateTask(lcWaitForever(f), task.WithName("waiter"))
	require.NoError(t, err)
	_, err = l.CallLater(5*time.Second, func() {})
	require.NoError(t, err)
	_, err = l.RunUntilComplete(wt)
	require.Error(t, err)
	assert.ErrorIs(t, err, loop.ErrDeadlock)
	msg := err.Error()
	assert.Contains(t, msg, "waiter")
	assert.Contains(t, msg, "lcWaitForever")
	assert.Contains(t, msg, f.String(), "the report names the future")
	assert.Contains(t, msg, "  waiter (lcWaitForever) waiting on <Future pending cb=[Task.task_wakeup()]>\n")
	var de *loop.DeadlockError
	require.ErrorAs(t, err, &de)
	require.Len(t, de.Pending, 1)
	assert.True(t, de.Pending[0] == task.AnyTask(wt))
	assert.InDelta(t, 5, de.Time, 1e-3, "the clock ran to the last timer first")
	assert.False(t, l.IsRunning())
	assert.False(t, wt.Done())

	// The loop is not broken: completing the future lets the task finish.
	require.NoError(t, f.SetResult(9))
	v, err := l.RunUntilComplete(wt)
	require.NoError(t, err)
	assert.Equal(t, 9, v)
	require.NoError(t, l.Close())
	assert.Empty(t, r.messages())

	// With nothing at all to do, RunForever reports a deadlock too.
	l2 := loop.New(loop.WithVirtualClock())
	err = l2.RunForever()
	assert.ErrorIs(t, err, loop.ErrDeadlock)
	assert.Contains(t, err.Error(), "(no pending tasks)")
	require.NoError(t, l2.Close())
}

// CallSoonThreadsafe from another goroutine wakes a real-clock loop that
// waits for a timer an hour away.
func TestLifecycleCallSoonThreadsafeWakesLoop(t *testing.T) {
	l := loop.New()
	defer l.Close()
	var timerRan atomic.Bool
	_, err := l.CallLater(time.Hour, func() { timerRan.Store(true) })
	require.NoError(t, err)
	started := make(chan struct{})
	_, err = l.CallSoon(func() { close(started) })
	require.NoError(t, err)

	loopDone := make(chan error, 1)
	go func() { loopDone <- l.RunForever() }()
	<-started
	lcAwaitBlocked(t)

	var ranAt float64
	var ranOn atomic.Bool
	_, err = l.CallSoonThreadsafe(func() {
		ranAt = l.Time()
		ranOn.Store(l.IsRunning())
		l.Stop()
	})
	require.NoError(t, err)
	select {
	case err := <-loopDone:
		require.NoError(t, err)
	case <-time.After(time.Minute):
		t.Fatal("the loop was not woken by CallSoonThreadsafe")
	}
	assert.True(t, ranOn.Load(), "the callback ran inside the loop")
	assert.Less(t, ranAt, 30.0, "the callback must run long before the timer")
	assert.False(t, timerRan.Load())
}

// lcAwaitBlocked waits, without sleeping, until some goroutine is parked
// in the loop's select, so the wake-up path is what gets tested. If it is
// never seen (the runtime was restructured), the test goes on anyway.
func lcAwaitBlocked(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		n := runtime.Stack(buf, true)
		if bytes.Contains(buf[:n], []byte("loop.(*Loop).block(")) {
			return
		}
		runtime.Gosched()
	}
	t.Log("did not see the loop blocked in its select; testing the wake-up anyway")
}

// Loops on parallel goroutines do not interfere: each has its own clock,
// tasks, current task and exception handler.
func TestLifecycleParallelLoops(t *testing.T) {
	for i := 1; i <= 8; i++ {
		t.Run(fmt.Sprintf("loop%d", i), func(t *testing.T) {
			t.Parallel()
			var r lcReports
			l := lcNewLoop(&r)
			worker := func(k int) *coroutine.Coroutine[int] {
				return coroutine.New(func(co *coroutine.Co) (int, error) {
					rl, err := loop.GetRunningLoop(co)
					if err != nil {
						return 0, err
					}
					if rl != l {
						return 0, errors.New("wrong running loop")
					}
					if task.CurrentTask(co) == nil || task.CurrentTask(co) != task.TaskOf(co) {
						return 0, errors.New("wrong current task")
					}
					for range 3 {
						if err := task.Sleep(co, time.Duration(i)*time.Second); err != nil {
							return 0, err
						}
					}
					return i * k, nil
				})
			}
			main := coroutine.New(func(co *coroutine.Co) ([]int, error) {
				if _, err := task.CreateTask(co, lcFail(fmt.Errorf("loop %d", i))); err != nil {
					return nil, err
				}
				aws := make([]task.Awaitable[int], 5)
				for k := range aws {
					aws[k] = worker(k)
				}
				return task.Gather(co, aws...).Await(co)
			})
			got, err := l.RunUntilComplete(main)
			require.NoError(t, err)
			assert.Equal(t, []int{0, i, 2 * i, 3 * i, 4 * i}, got)
			assert.InDelta(t, float64(3*i), l.Time(), 1e-3)
			require.NoError(t, l.Close())
			reports := r.all()
			require.Len(t, reports, 1)
			assert.EqualError(t, reports[0].Exception, fmt.Sprintf("loop %d", i))
		})
	}
}

// GetEventLoop creates the default loop once and returns it from every
// goroutine; SetEventLoop replaces or forgets it.
func TestLifecycleDefaultLoop(t *testing.T) {
	loop.SetEventLoop(nil)
	defer loop.SetEventLoop(nil)

	const n = 8
	got := make([]*loop.Loop, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = loop.GetEventLoop()
		}()
	}
	wg.Wait()
	first := got[0]
	require.NotNil(t, first)
	for _, l := range got {
		assert.Same(t, first, l)
	}
	assert.Same(t, first, loop.GetEventLoop())

	v, err := first.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (string, error) {
		return "default", nil
	}))
	require.NoError(t, err)
	assert.Equal(t, "default", v)

	mine := loop.New(loop.WithVirtualClock())
	loop.SetEventLoop(mine)
	assert.Same(t, mine, loop.GetEventLoop())

	// Called from a callback of a running loop, GetEventLoop returns that
	// loop rather than the default one.
	other := loop.New(loop.WithVirtualClock())
	var fromCallback *loop.Loop
	_, err = other.CallSoon(func() { fromCallback = loop.GetEventLoop() })
	require.NoError(t, err)
	_, err = other.CallSoon(other.Stop)
	require.NoError(t, err)
	require.NoError(t, other.RunForever())
	assert.Same(t, other, fromCallback)
	assert.Same(t, mine, loop.GetEventLoop(), "the default loop is back once the other stops")
	require.NoError(t, other.Close())

	// A closed default loop is still returned, and refuses to run.
	require.NoError(t, mine.Close())
	assert.Same(t, mine, loop.GetEventLoop())
	_, err = loop.GetEventLoop().RunUntilComplete(task.Awaitable[int](lcFail(nil)))
	assert.ErrorIs(t, err, task.ErrLoopClosed)

	// Forgetting it makes the next call create a new one.
	loop.SetEventLoop(nil)
	fresh := loop.GetEventLoop()
	assert.NotSame(t, mine, fresh)
	assert.NotSame(t, first, fresh)
	assert.False(t, fresh.IsClosed())
	require.NoError(t, fresh.Close())
	require.NoError(t, first.Close())
}

// Run is asyncio.run: it returns main's result, cancels the tasks main
// left behind (they see the CancelledError), and closes its loop.
//
// Python twin (CPython 3.13 prints "left: CancelledError()" then 42):
//
//	async def left():
//	    try:
//	        await asyncio.sleep(3600)
//	    except asyncio.CancelledError as e:
//	        print("left:", repr(e))
//	        raise
//	async def main():
//	    asyncio.create_task(left())
//	    await asyncio.sleep(0)
//	    return 42
//	print(asyncio.run(main()))
func TestLifecycleRun(t *testing.T) {
	var r lcReports
	var l *loop.Loop
	var leftErr error
	var leftDefer bool
	var lt *task.Task[int]
	var defaultInside *loop.Loop
	loop.SetEventLoop(nil)
	defer loop.SetEventLoop(nil)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		var err error
		if l, err = loop.GetRunningLoop(co); err != nil {
			return 0, err
		}
		defaultInside = loop.GetEventLoop()
		lt, err = task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			defer func() { leftDefer = true }()
			leftErr = task.Sleep(co, time.Hour)
			return 0, leftErr
		}), task.WithName("left"))
		if err != nil {
			return 0, err
		}
		if err := task.Sleep(co, 0); err != nil {
			return 0, err
		}
		return 42, nil
	})
	v, err := loop.Run(main, loop.WithVirtualClock(), loop.WithExceptionHandler(r.handler))
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	require.NotNil(t, l)
	assert.True(t, l.IsClosed(), "Run closes its loop")
	assert.False(t, l.IsRunning())
	assert.Same(t, l, defaultInside, "while Run runs, its loop is the default loop")
	after := loop.GetEventLoop()
	assert.NotSame(t, l, after, "Run forgets its loop as the default when done")
	require.NoError(t, after.Close())

	require.Error(t, leftErr, "the leftover task was cancelled")
	assert.ErrorIs(t, leftErr, context.Canceled)
	var ce *task.CancelledError
	require.ErrorAs(t, leftErr, &ce)
	assert.Equal(t, "CancelledError()", ce.PyRepr())
	assert.True(t, leftDefer)
	assert.True(t, lt.Cancelled())
	assert.Less(t, l.Time(), 1.0, "the hour-long sleep was cut short")
	assert.Empty(t, r.messages())
	goleak.VerifyNone(t)
}

// A leftover task that turns its cancellation into another error is
// reported as "unhandled exception during asyncio.run() shutdown"; main's
// own error comes back from Run.
func TestLifecycleRunErrors(t *testing.T) {
	var r lcReports
	errMain := errors.New("main failed")
	errLeft := errors.New("left refused to die")
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, time.Hour); err != nil {
				return 0, errLeft
			}
			return 0, nil
		}), task.WithName("stubborn"))
		if err != nil {
			return 0, err
		}
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		return 0, errMain
	})
	_, err := loop.Run(main, loop.WithVirtualClock(), loop.WithExceptionHandler(r.handler))
	assert.Same(t, errMain, err)
	reports := r.all()
	require.Len(t, reports, 1, "%q", r.messages())
	assert.Equal(t, "unhandled exception during asyncio.run() shutdown", reports[0].Message)
	assert.Same(t, errLeft, reports[0].Exception)
	require.NotNil(t, reports[0].Task)
	assert.Equal(t, "stubborn", reports[0].Task.Name())

	// A panicking main comes back as a PanicError.
	_, err = loop.Run(coroutine.New(func(co *coroutine.Co) (int, error) {
		return lcPanicInTask("main panicked"), nil
	}), loop.WithVirtualClock())
	var pe *coroutine.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "main panicked", pe.Value)

	_, err = loop.Run[int](nil)
	assert.EqualError(t, err, "a coroutine was expected, got None")
	goleak.VerifyNone(t)
}

// runtime.Goexit in a plain callback (require failing in a callback) ends
// the loop goroutine the same way: the loop is no longer running and the
// goroutine's deferred Close reclaims the pending tasks.
func TestLifecycleRequireFailsInsideCallback(t *testing.T) {
	ft := &lcFakeT{}
	var r lcReports
	var afterRun, laterCallback, taskDefer atomic.Bool
	var l *loop.Loop
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		l = lcNewLoop(&r)
		defer l.Close()
		never := l.CreateFuture[int]()
		_, _ = l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
			defer taskDefer.Store(true)
			return never.Await(co)
		}), task.WithName("pending"))
		_, _ = l.CallLater(time.Second, func() { require.Fail(ft, "callback failed") })
		_, _ = l.CallLater(time.Second, func() { laterCallback.Store(true) })
		_ = l.RunForever()
		afterRun.Store(true)
	}()
	<-exited
	assert.True(t, ft.failed)
	assert.False(t, afterRun.Load())
	assert.False(t, laterCallback.Load(), "the iteration ended with the goroutine")
	assert.True(t, taskDefer.Load())
	assert.True(t, l.IsClosed())
	assert.False(t, l.IsRunning())
	assert.Equal(t, []string{"Task was destroyed but it is pending!"}, r.messages())
	goleak.VerifyNone(t)
}

// require failing inside the main coroutine of Run: the goroutine ends,
// and on the way out Run closes its loop without running it again (a
// shutdown run while unwinding could fail the same way), so the leftover
// task is reclaimed by Close rather than cancelled: its deferred calls run,
// its Sleep never returns, and it is reported as destroyed while pending.
func TestLifecycleRequireFailsInsideRun(t *testing.T) {
	ft := &lcFakeT{}
	var r lcReports
	var afterRun, leftDefer, leftWoke atomic.Bool
	var l *loop.Loop
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		_, _ = loop.Run(coroutine.New(func(co *coroutine.Co) (int, error) {
			l, _ = loop.GetRunningLoop(co)
			_, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
				defer leftDefer.Store(true)
				err := task.Sleep(co, time.Hour)
				leftWoke.Store(true)
				return 0, err
			}), task.WithName("left"))
			if err != nil {
				return 0, err
			}
			if err := task.Sleep(co, time.Second); err != nil {
				return 0, err
			}
			require.NoError(ft, errors.New("main failed"))
			return 1, nil
		}), loop.WithVirtualClock(), loop.WithExceptionHandler(r.handler))
		afterRun.Store(true)
	}()
	<-exited
	assert.True(t, ft.failed)
	require.Len(t, ft.errs, 1)
	assert.Contains(t, ft.errs[0], "main failed")
	assert.False(t, afterRun.Load())
	require.NotNil(t, l)
	assert.True(t, l.IsClosed())
	assert.False(t, l.IsRunning())
	assert.True(t, leftDefer.Load(), "Close reclaimed the leftover task")
	assert.False(t, leftWoke.Load(), "the leftover task is unwound, not resumed")
	reports := r.all()
	require.Len(t, reports, 1, "%q", r.messages())
	assert.Equal(t, "Task was destroyed but it is pending!", reports[0].Message)
	assert.Equal(t, "left", reports[0].Task.Name())
	goleak.VerifyNone(t)
}

// Running a coroutine that was already awaited fails the task with
// Python's RuntimeError('cannot reuse already awaited coroutine'), both
// through RunUntilComplete and through CreateTask inside a coroutine.
func TestLifecycleReuseAwaitedCoroutine(t *testing.T) {
	var r lcReports
	l := lcNewLoop(&r)
	defer l.Close()
	c := coroutine.New(func(co *coroutine.Co) (int, error) { return 1, nil })
	v, err := l.RunUntilComplete(c)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	if assert.NotPanics(t, func() { v, err = l.RunUntilComplete(c) }) {
		assert.ErrorIs(t, err, coroutine.ErrReused)
		assert.EqualError(t, err, "cannot reuse already awaited coroutine")
	}

	var inner error
	_, err = l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
		d := coroutine.New(func(co *coroutine.Co) (int, error) { return 2, nil })
		if _, err := d.Await(co); err != nil {
			return 0, err
		}
		dt, err := task.CreateTask(co, d)
		if err != nil {
			return 0, err
		}
		_, inner = dt.Await(co)
		return 0, nil
	}))
	require.NoError(t, err, "creating the task must not panic")
	assert.EqualError(t, inner, "cannot reuse already awaited coroutine")
}

// Time may be called from any goroutine, also on a virtual-clock loop
// while it runs (run with -race).
func TestLifecycleTimeFromAnotherGoroutine(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	release := l.KeepAlive()
	_, err := l.CallLater(time.Hour, func() {})
	require.NoError(t, err)
	started := make(chan struct{})
	_, err = l.CallSoon(func() { close(started) })
	require.NoError(t, err)
	loopDone := make(chan error, 1)
	go func() { loopDone <- l.RunForever() }()
	<-started
	lcAwaitBlocked(t)
	now := l.Time()
	_, err = l.CallSoonThreadsafe(l.Stop)
	require.NoError(t, err)
	release()
	require.NoError(t, <-loopDone)
	assert.Less(t, now, 1.0)
}

// lcChildEnv names the test a re-executed test binary runs as the
// scenario itself (see lcInChild).
const lcChildEnv = "GOASYNCIO_LC_CHILD"

// lcInChild runs the calling test's scenario in a fresh copy of the test
// binary, so a scenario that crashes the process fails this one test
// instead of the whole package run. It returns true in the child, where
// the caller must run the scenario.
func lcInChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(lcChildEnv) == t.Name() {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), lcChildEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the scenario failed or crashed the process (%v):\n%s", err, out)
	}
	return false
}

// A pending task whose deferred call panics while Close reclaims it must
// not crash the program: the other tasks are still reclaimed, and the
// panic is reported through the exception handler. (CPython closes such a
// coroutine from the garbage collector, which prints the exception as
// "Exception ignored in ..." and goes on.)
func TestLifecycleClosePanicInDefer(t *testing.T) {
	if !lcInChild(t) {
		return
	}
	var r lcReports
	l := lcNewLoop(&r)
	var order []string
	never := l.CreateFuture[int]()
	_, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { order = append(order, "a") }()
		defer lcPanicInTask("a's defer panicked")
		return never.Await(co)
	}), task.WithName("a"))
	require.NoError(t, err)
	_, err = l.CreateTask(lcWaitFuture(never, "b", &order), task.WithName("b"))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
		return 0, task.Sleep(co, time.Second)
	}))
	require.NoError(t, err)
	require.NotPanics(t, func() { err = l.Close() })
	assert.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, order)
	goleak.VerifyNone(t)
	found := false
	for _, ctx := range r.all() {
		var pe *coroutine.PanicError
		if errors.As(ctx.Exception, &pe) && pe.Value == "a's defer panicked" {
			found = true
		}
	}
	assert.True(t, found, "the panic is reported; got %q", r.messages())
}
