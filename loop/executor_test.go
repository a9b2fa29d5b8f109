package loop_test

// Tests for the executor half of the loop (loop/executor.go, task/wrap.go,
// section 17 of the semantics catalog): run_in_executor, to_thread,
// run_coroutine_threadsafe, wrap_future, shutdown_default_executor. The
// first tests are Go twins of the Python programs in testdata/executor/
// and must print what CPython 3.13 prints; in every twin the functions
// run off the loop only return values (or wait for something the loop
// does), so the output does not depend on how threads are scheduled. The
// Go-only tests after them pin what Python cannot show: contexts
// cancelled with the awaiting future or the loop, panics, cancellation
// from outside goroutines, goroutine leaks, and the virtual clock.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/concurrent"
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// extOut collects what a twin prints. Functions running on executor
// goroutines may print too, so it locks.
type extOut struct {
	mu sync.Mutex
	b  strings.Builder
}

// p is Python's print(*args).
func (o *extOut) p(args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = pyfmt.Fprintln(&o.b, args...)
}

func (o *extOut) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// extLog sends what a loop writes to its stderr to the test log.
type extLog struct{ t testing.TB }

func (w extLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// extOpts are the options of every loop here: virtual time (so sleeps of
// an hour take none, and a stuck loop reports a deadlock instead of
// hanging) and stderr to the test log.
func extOpts(t testing.TB, more ...loop.Option) []loop.Option {
	return append([]loop.Option{loop.WithVirtualClock(), loop.WithStderr(extLog{t})}, more...)
}

// extRun is asyncio.run(main()) for a twin.
func extRun[T any](t *testing.T, main *coroutine.Coroutine[T], opts ...loop.Option) T {
	t.Helper()
	v, err := loop.Run(main, extOpts(t, opts...)...)
	require.NoError(t, err)
	return v
}

// extOK reports an error where the Python program raises nothing.
func extOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("unexpected error: %v", err)
	}
}

// extMust is extOK for calls that also return a value.
func extMust[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		extOK(t, err)
		return v
	}
}

// extCompare checks the twin's output against testdata/executor/<name>.py.
func extCompare(t *testing.T, o *extOut, name string) {
	t.Helper()
	difftest.Compare(t, o.String(), "testdata/executor/"+name+".py")
}

// extEps is how far apart virtual times may be and still count as
// equal: the virtual clock moves on by a nanosecond at every read.
const extEps = 1e-6

// extLoop is asyncio.get_running_loop() inside a twin. It runs on a
// coroutine's goroutine, so it reports a failure without FailNow.
func extLoop(t testing.TB, co *coroutine.Co) *loop.Loop {
	t.Helper()
	l, err := loop.GetRunningLoop(co)
	extOK(t, err)
	return l
}

// extSquare is def square(x): return x * x, as an executor function.
func extSquare(x int) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return x * x, nil }
}

// extFail is def fail(msg): raise ValueError(msg).
func extFail(msg string) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return 0, task.ValueError(msg) }
}

// extToThread is asyncio.to_thread(fn) as a coroutine object (to_thread
// is an async def), for create_task and gather.
func extToThread[T any](fn func(context.Context) (T, error)) *coroutine.Coroutine[T] {
	return coroutine.New(func(co *coroutine.Co) (T, error) { return loop.ToThread(co, fn) })
}

// ---------------------------------------------------------------------
// Twins of testdata/executor/*.py.

func TestExecutorTwinOrder(t *testing.T) {
	var o extOut
	must := extMust[*task.Future[int]](t)
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)                             // loop = asyncio.get_running_loop()
		_, _ = l.CallSoon(func() { o.p("callback 1") }) // loop.call_soon(print, "callback 1")
		fut := must(l.RunInExecutor(nil, extSquare(6))) // fut = loop.run_in_executor(None, compute, 6)
		_, _ = l.CallSoon(func() { o.p("callback 2") }) // loop.call_soon(print, "callback 2")
		o.p("awaiting", fut.Done())                     // print("awaiting", fut.done())
		r := extMust[int](t)(fut.Await(co))             // r = await fut
		o.p("result", r, fut.Done())                    // print("result", r, fut.done())
		var futs []task.Awaitable[int]                  // futs = [loop.run_in_executor(None, compute, i)
		for i := range 6 {                              //         for i in range(6)]
			futs = append(futs, must(l.RunInExecutor(nil, extSquare(i))))
		}
		o.p("gather", extMust[[]int](t)(task.Gather(co, futs...).Await(co))) // print("gather", await asyncio.gather(*futs))
		return struct{}{}, nil
	})
	extRun(t, main) // asyncio.run(main())
	extCompare(t, &o, "order")
}

func TestExecutorTwinToThread(t *testing.T) {
	var o extOut
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)
		o.p("to_thread", extMust[int](t)(loop.ToThread(co, extSquare(7)))) // print("to_thread", await asyncio.to_thread(square, 7))
		if _, err := loop.ToThread(co, extFail("bad input")); err != nil { // await asyncio.to_thread(fail, "bad input")
			o.p("caught", pyfmt.Repr(err)) // except ValueError as e: print("caught", repr(e))
		}
		fut := extMust[*task.Future[int]](t)(l.RunInExecutor(nil, extFail("boom")))
		if _, err := fut.Await(co); err != nil { // await loop.run_in_executor(None, fail, "boom")
			o.p("caught", pyfmt.Repr(err))
		}
		r := extMust[[]task.Outcome[int]](t)(task.GatherReturnExceptions(co, // r = await asyncio.gather(
			extToThread(extSquare(2)), //     asyncio.to_thread(square, 2),
			extToThread(extFail("x")), //     asyncio.to_thread(fail, "x"),
			extToThread(extSquare(4)), //     asyncio.to_thread(square, 4),
		).Await(co)) //                      return_exceptions=True)
		o.p("gather", r)

		tt := extMust[*task.Task[int]](t)(l.CreateTask(extToThread(extSquare(3)))) // t = asyncio.create_task(asyncio.to_thread(square, 3))
		extOK(t, task.Sleep(co, 0))                                                // await asyncio.sleep(0)
		o.p("cancel", tt.Cancel())                                                 // print("cancel", t.cancel())
		if _, err := tt.Await(co); errors.Is(err, context.Canceled) {              // await t
			o.p("to_thread task cancelled", tt.Cancelled()) // except asyncio.CancelledError: print(...)
		}
		return struct{}{}, nil
	})
	extRun(t, main)
	extCompare(t, &o, "to_thread")
}

func TestExecutorTwinThreadsafe(t *testing.T) {
	var o extOut
	add := func(a, b int) *coroutine.Coroutine[int] { // async def add(a, b):
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			o.p("add on the loop", a, b) // print("add on the loop", a, b)
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return a + b, nil
		})
	}
	fail := func() *coroutine.Coroutine[int] { // async def fail():
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return 0, task.ValueError("coroutine failed")
		})
	}
	worker := func(l *loop.Loop) func(context.Context) ([]any, error) { // def worker(loop):
		return func(context.Context) ([]any, error) {
			fut, err := loop.RunCoroutineThreadsafe(add(2, 3), l) // fut = asyncio.run_coroutine_threadsafe(add(2, 3), loop)
			if err != nil {
				return nil, err
			}
			r, err := fut.Result() // r = fut.result()
			extOK(t, err)
			fut2, err := loop.RunCoroutineThreadsafe(fail(), l)
			if err != nil {
				return nil, err
			}
			var errRepr any                          // err = None
			if _, err := fut2.Result(); err != nil { // fut2.result()
				errRepr = pyfmt.Repr(err) // except ValueError as e: err = repr(e)
			}
			// isinstance(fut, concurrent.futures.Future): the static type.
			return []any{r, fut.Done(), fut.Cancelled(), true, errRepr}, nil
		}
	}
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)
		r := extMust[[]any](t)(loop.ToThread(co, worker(l))) // r = await asyncio.to_thread(worker, loop)
		o.p("worker returned", r)
		return struct{}{}, nil
	})
	extRun(t, main)
	extCompare(t, &o, "threadsafe")
}

// Cancelling the concurrent future of run_coroutine_threadsafe from the
// thread while the task runs: cancel() returns True at once and the task
// is cancelled on the loop.
func TestExecutorTwinThreadsafeCancel(t *testing.T) {
	var o extOut
	started := make(chan struct{})                                 // started = threading.Event()
	slow := coroutine.New(func(co *coroutine.Co) (string, error) { // async def slow():
		close(started)                                    // started.set()
		if err := task.Sleep(co, time.Hour); err != nil { // await asyncio.sleep(3600)
			if errors.Is(err, context.Canceled) {
				o.p("slow: cancelled") // except asyncio.CancelledError: print("slow: cancelled"); raise
			}
			return "", err
		}
		return "finished", nil
	})
	worker := func(l *loop.Loop) func(context.Context) ([]any, error) {
		return func(context.Context) ([]any, error) {
			fut, err := loop.RunCoroutineThreadsafe(slow, l) // fut = asyncio.run_coroutine_threadsafe(slow(), loop)
			if err != nil {
				return nil, err
			}
			<-started                 // started.wait()
			cancelled := fut.Cancel() // cancelled = fut.cancel()
			outcome := "result"       // fut.result(); outcome = "result"
			if _, err := fut.Result(); errors.Is(err, concurrent.ErrCancelled) {
				outcome = "CancelledError" // except concurrent.futures.CancelledError
			}
			return []any{cancelled, fut.Cancelled(), fut.Done(), outcome}, nil
		}
	}
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)
		r := extMust[[]any](t)(loop.ToThread(co, worker(l)))
		o.p("worker returned", r)
		o.p("tasks left", len(task.AllTasks(co))) // print("tasks left", len(asyncio.all_tasks()))
		return struct{}{}, nil
	})
	extRun(t, main)
	extCompare(t, &o, "threadsafe_cancel")
}

func TestExecutorTwinShutdown(t *testing.T) {
	var o extOut
	f := func(context.Context) (string, error) { return "ran", nil } // def f(): return "ran"
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)
		fut := extMust[*task.Future[string]](t)(l.RunInExecutor(nil, f))
		o.p(extMust[string](t)(fut.Await(co)))             // print(await loop.run_in_executor(None, f))
		extOK(t, l.ShutdownDefaultExecutor(co))            // await loop.shutdown_default_executor()
		o.p("shut down")                                   // print("shut down")
		if _, err := l.RunInExecutor(nil, f); err != nil { // loop.run_in_executor(None, f)
			assert.ErrorIs(t, err, loop.ErrExecutorShutdown)
			o.p("RuntimeError:", err.Error()) // except RuntimeError as e: print("RuntimeError:", e)
		}
		if _, err := loop.ToThread(co, f); err != nil { // await asyncio.to_thread(f)
			assert.ErrorIs(t, err, loop.ErrExecutorShutdown)
			o.p("to_thread RuntimeError:", err.Error())
		}
		extOK(t, l.ShutdownDefaultExecutor(co)) // await loop.shutdown_default_executor()
		o.p("shut down again")
		pool := concurrent.NewPool(1) // pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
		fut = extMust[*task.Future[string]](t)(l.RunInExecutor(pool, f))
		o.p("own pool", extMust[string](t)(fut.Await(co)))  // print("own pool", await loop.run_in_executor(pool, f))
		pool.Shutdown(true)                                 // pool.shutdown()
		if _, err := l.RunInExecutor(pool, f); err != nil { // loop.run_in_executor(pool, f)
			o.p("RuntimeError:", err.Error())
		}
		return struct{}{}, nil
	})
	extRun(t, main) // asyncio.run(main())

	l := loop.New(extOpts(t)...)                       // loop = asyncio.new_event_loop()
	extOK(t, l.Close())                                // loop.close()
	if _, err := l.RunInExecutor(nil, f); err != nil { // loop.run_in_executor(None, f)
		assert.ErrorIs(t, err, task.ErrLoopClosed)
		o.p("closed loop RuntimeError:", err.Error())
	}
	extCompare(t, &o, "shutdown")
}

func TestExecutorTwinCancelFuture(t *testing.T) {
	var o extOut
	f := func(context.Context) (string, error) { return "late", nil }
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l := extLoop(t, co)
		fut := extMust[*task.Future[string]](t)(l.RunInExecutor(nil, f)) // fut = loop.run_in_executor(None, f)
		o.p("cancel", fut.Cancel())                                      // print("cancel", fut.cancel())
		if _, err := fut.Await(co); errors.Is(err, context.Canceled) {   // await fut
			o.p("awaiter cancelled", fut.Cancelled(), fut.Done())
		}
		fut2 := extMust[*task.Future[string]](t)(l.RunInExecutor(nil, f))
		o.p("second", extMust[string](t)(fut2.Await(co))) // print("second", await fut2)
		return struct{}{}, nil
	})
	extRun(t, main)
	extCompare(t, &o, "cancel_future")
}

// ---------------------------------------------------------------------
// Go-only: contexts, panics, custom executors.

// extWait waits (real time, bounded) for a value from another goroutine.
func extWait[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// The function's context is live while it runs normally.
func TestExecutorCtxLive(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (error, error) {
		return loop.ToThread(co, func(ctx context.Context) (error, error) { return ctx.Err(), nil })
	})
	assert.NoError(t, extRun(t, main))
}

// Cancelling the future RunInExecutor returned cancels the function's
// context; the awaiter gets CancelledError without waiting for it.
func TestExecutorCtxCancelledWithFuture(t *testing.T) {
	seen := make(chan error, 1)
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		l := extLoop(t, co)
		fut := extMust[*task.Future[int]](t)(l.RunInExecutor(nil, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			seen <- ctx.Err()
			return 0, ctx.Err()
		}))
		extOK(t, task.Sleep(co, 0))
		assert.True(t, fut.Cancel())
		_, err := fut.Await(co)
		assert.ErrorIs(t, err, context.Canceled)
		var ce *task.CancelledError
		assert.ErrorAs(t, err, &ce, "the awaiter gets asyncio's CancelledError")
		return "awaiter done", nil
	})
	assert.Equal(t, "awaiter done", extRun(t, main))
	// Run shut the default executor down and waited for its work.
	select {
	case err := <-seen:
		assert.ErrorIs(t, err, context.Canceled)
	default:
		t.Fatal("the function never saw its context cancelled")
	}
}

// Cancelling the task that awaits ToThread cancels the function's context
// too (the task cancels the future it waits on).
func TestExecutorCtxCancelledWithAwaitingTask(t *testing.T) {
	seen := make(chan error, 1)
	main := coroutine.New(func(co *coroutine.Co) (bool, error) {
		l := extLoop(t, co)
		tt := extMust[*task.Task[int]](t)(l.CreateTask(extToThread(func(ctx context.Context) (int, error) {
			<-ctx.Done()
			seen <- ctx.Err()
			return 0, nil
		})))
		extOK(t, task.Sleep(co, time.Second))
		assert.True(t, tt.Cancel())
		_, err := tt.Await(co)
		assert.ErrorIs(t, err, context.Canceled)
		return tt.Cancelled(), nil
	})
	assert.True(t, extRun(t, main))
	assert.ErrorIs(t, extWait(t, "the function to see its context cancelled", seen), context.Canceled)
}

// Closing the loop cancels the context of work still running, even if
// the loop never ran; nothing is left behind.
func TestExecutorCtxCancelledWhenLoopCloses(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	l := loop.New(extOpts(t)...)
	seen := make(chan error, 1)
	started := make(chan struct{})
	fut, err := l.RunInExecutor(nil, func(ctx context.Context) (int, error) {
		close(started)
		<-ctx.Done()
		seen <- ctx.Err()
		return 1, nil
	})
	require.NoError(t, err)
	extWait(t, "the function to start", started)
	require.NoError(t, l.Close())
	assert.ErrorIs(t, extWait(t, "the function to see its context cancelled", seen), context.Canceled)
	assert.False(t, fut.Done(), "a closed loop takes no result in")
	goleak.VerifyNone(t, ignore)
}

// The same after the loop ran: work the main coroutine left running is
// told to stop when the loop closes.
func TestExecutorCtxCancelledWhenLoopClosesAfterRun(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	l := loop.New(extOpts(t)...)
	seen := make(chan error, 1)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := l.RunInExecutor(nil, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			seen <- ctx.Err()
			return 0, nil
		})
		return 7, err
	})
	v, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, 7, v)
	require.NoError(t, l.Close())
	assert.ErrorIs(t, extWait(t, "the function to see its context cancelled", seen), context.Canceled)
	goleak.VerifyNone(t, ignore)
}

// A panic in an executor function reaches the awaiter as a
// *coroutine.PanicError (with errors.Is through a panicked error), and
// the pool goes on working.
func TestExecutorPanic(t *testing.T) {
	sentinel := errors.New("sentinel")
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := loop.ToThread(co, func(context.Context) (int, error) { panic("boom") })
		var pe *coroutine.PanicError
		if assert.ErrorAs(t, err, &pe) {
			assert.Equal(t, "boom", pe.Value)
			assert.True(t, strings.HasPrefix(pe.Error(), "panic: boom\n"), "got %q", pe.Error())
			assert.NotEmpty(t, pe.Stack)
		}
		l := extLoop(t, co)
		fut := extMust[*task.Future[int]](t)(l.RunInExecutor(nil, func(context.Context) (int, error) { panic(sentinel) }))
		_, err = fut.Await(co)
		assert.ErrorIs(t, err, sentinel)
		assert.ErrorAs(t, err, &pe)
		return loop.ToThread(co, extSquare(5))
	})
	assert.Equal(t, 25, extRun(t, main))
}

// extRecExecutor is a pool that counts what the loop asks of it.
type extRecExecutor struct {
	*concurrent.Pool
	submits, shutdowns atomic.Int32
}

func (e *extRecExecutor) Submit(fn func()) error {
	e.submits.Add(1)
	return e.Pool.Submit(fn)
}

func (e *extRecExecutor) Shutdown(wait bool) {
	e.shutdowns.Add(1)
	e.Pool.Shutdown(wait)
}

// SetDefaultExecutor replaces the default executor, which Run then shuts
// down; an executor passed explicitly is the caller's to shut down.
func TestExecutorSetDefaultExecutor(t *testing.T) {
	def := &extRecExecutor{Pool: concurrent.NewPool(2)}
	own := &extRecExecutor{Pool: concurrent.NewPool(1)}
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		l := extLoop(t, co)
		l.SetDefaultExecutor(def)
		a := extMust[int](t)(loop.ToThread(co, extSquare(3)))
		fut := extMust[*task.Future[int]](t)(l.RunInExecutor(nil, extSquare(4)))
		b := extMust[int](t)(fut.Await(co))
		fut = extMust[*task.Future[int]](t)(l.RunInExecutor(own, extSquare(5)))
		c := extMust[int](t)(fut.Await(co))
		return a + b + c, nil
	})
	assert.Equal(t, 9+16+25, extRun(t, main))
	assert.Equal(t, int32(2), def.submits.Load())
	assert.Equal(t, int32(1), own.submits.Load())
	assert.GreaterOrEqual(t, def.shutdowns.Load(), int32(1), "Run shuts the default executor down")
	assert.Zero(t, own.shutdowns.Load(), "Run leaves explicit executors alone")
	own.Pool.Shutdown(true)
}

// extFullExecutor refuses all work.
type extFullExecutor struct{}

func (extFullExecutor) Submit(func()) error { return errors.New("executor is full") }
func (extFullExecutor) Shutdown(bool)       {}

// An executor that refuses the work makes RunInExecutor fail with a
// RuntimeError carrying its message, and leaves no promise behind: the
// virtual loop still detects a deadlock instead of waiting for it.
func TestExecutorSubmitRefused(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	fut, err := l.RunInExecutor(extFullExecutor{}, extSquare(2))
	assert.Nil(t, fut)
	assert.EqualError(t, err, "executor is full")
	var re task.RuntimeError
	assert.ErrorAs(t, err, &re)
	_, err = l.RunUntilComplete(l.CreateFuture[int]())
	assert.ErrorIs(t, err, loop.ErrDeadlock)
}

// An explicit pool bounds how much runs at once.
func TestExecutorExplicitPoolBound(t *testing.T) {
	pool := concurrent.NewPool(2)
	defer pool.Shutdown(true)
	var mu sync.Mutex
	now, peak := 0, 0
	gate := make(chan struct{})
	job := func(i int) func(context.Context) (int, error) {
		return func(context.Context) (int, error) {
			mu.Lock()
			now++
			peak = max(peak, now)
			mu.Unlock()
			<-gate
			mu.Lock()
			now--
			mu.Unlock()
			return i, nil
		}
	}
	main := coroutine.New(func(co *coroutine.Co) ([]int, error) {
		l := extLoop(t, co)
		_, _ = l.CallLater(time.Second, func() { close(gate) })
		var futs []task.Awaitable[int]
		for i := range 6 {
			futs = append(futs, extMust[*task.Future[int]](t)(l.RunInExecutor(pool, job(i))))
		}
		return task.Gather(co, futs...).Await(co)
	})
	assert.Equal(t, []int{0, 1, 2, 3, 4, 5}, extRun(t, main))
	assert.Equal(t, 2, peak)
}

// An executor future that fails and is never awaited is reported when
// the loop closes, like any future ("Future exception was never
// retrieved").
func TestExecutorUnretrievedException(t *testing.T) {
	var reports []task.ExceptionContext
	h := func(_ *loop.Loop, ctx task.ExceptionContext) { reports = append(reports, ctx) }
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		_, err := extLoop(t, co).RunInExecutor(nil, extFail("lost"))
		return struct{}{}, err
	})
	extRun(t, main, loop.WithExceptionHandler(h))
	require.Len(t, reports, 1)
	assert.Equal(t, "Future exception was never retrieved", reports[0].Message)
	assert.Equal(t, task.ValueError("lost"), reports[0].Exception)
}

// ShutdownDefaultExecutor waits for the work still running; with no
// default executor yet it returns at once.
func TestExecutorShutdownWaitsForWork(t *testing.T) {
	var finished atomic.Bool
	main := coroutine.New(func(co *coroutine.Co) (float64, error) {
		l := extLoop(t, co)
		gate := make(chan struct{})
		_, _ = l.CallLater(2*time.Second, func() { close(gate) })
		_, err := l.RunInExecutor(nil, func(context.Context) (int, error) {
			<-gate
			finished.Store(true)
			return 0, nil
		})
		extOK(t, err)
		extOK(t, l.ShutdownDefaultExecutor(co))
		assert.True(t, finished.Load(), "shutdown returned before the work finished")
		return l.Time(), nil
	})
	assert.InDelta(t, 2.0, extRun(t, main), extEps)

	unused := coroutine.New(func(co *coroutine.Co) (float64, error) {
		l := extLoop(t, co)
		extOK(t, l.ShutdownDefaultExecutor(co))
		return l.Time(), nil
	})
	assert.InDelta(t, 0.0, extRun(t, unused), extEps)
}

// ---------------------------------------------------------------------
// Go-only: run_coroutine_threadsafe from goroutines outside the loop.

// extServe runs l forever on the calling goroutine while fn runs on
// another goroutine (a promise kept with KeepAlive), then stops the loop.
// fn must not call t.FailNow (require): it is not the test's goroutine.
func extServe(t *testing.T, l *loop.Loop, fn func()) {
	t.Helper()
	release := l.KeepAlive() // the outside goroutine will call in
	go func() {
		defer release()
		defer func() { _, _ = l.CallSoonThreadsafe(l.Stop) }()
		fn()
	}()
	require.NoError(t, l.RunForever())
}

func TestRunCoroutineThreadsafeResult(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	var v int
	var err error
	var when float64
	extServe(t, l, func() {
		var cf *concurrent.Future[int]
		cf, err = loop.RunCoroutineThreadsafe(coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 3*time.Second); err != nil {
				return 0, err
			}
			when = l.Time()
			return 42, nil
		}), l)
		if err == nil {
			v, err = cf.ResultTimeout(time.Minute)
		}
	})
	require.NoError(t, err)
	assert.Equal(t, 42, v)
	assert.InDelta(t, 3.0, when, extEps)
}

func TestRunCoroutineThreadsafeException(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	var err error
	extServe(t, l, func() {
		cf, e := loop.RunCoroutineThreadsafe(coroutine.New(func(co *coroutine.Co) (int, error) {
			return 0, task.ValueError("bad")
		}), l)
		if !assert.NoError(t, e) {
			return
		}
		_, err = cf.ResultTimeout(time.Minute)
	})
	assert.Equal(t, task.ValueError("bad"), err)
}

// Cancelling the concurrent future from the outside goroutine while the
// task runs cancels the task on the loop: its coroutine sees
// CancelledError, and Cancel returns true at once, as in CPython (the
// concurrent future stays pending until the task is done).
func TestRunCoroutineThreadsafeCancelFromOutside(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	started := make(chan struct{})
	var sawCancel atomic.Bool
	var cancelled bool
	var err error
	c := coroutine.New(func(co *coroutine.Co) (string, error) {
		close(started)
		if err := task.Sleep(co, time.Hour); err != nil {
			sawCancel.Store(errors.Is(err, context.Canceled))
			return "", err
		}
		return "finished", nil
	})
	extServe(t, l, func() {
		cf, e := loop.RunCoroutineThreadsafe(c, l)
		if !assert.NoError(t, e) {
			return
		}
		<-started
		cancelled = cf.Cancel()
		_, err = cf.ResultTimeout(time.Minute)
	})
	assert.True(t, cancelled, "Cancel of the concurrent future while its task runs")
	assert.ErrorIs(t, err, context.Canceled)
	// The cancellation reached the loop in the iteration that also stopped
	// it (as in CPython); the task sees it when the loop runs again.
	require.NoError(t, l.Advance(0))
	assert.True(t, sawCancel.Load(), "the task's coroutine should see CancelledError")
	assert.Less(t, l.Time(), 3600.0, "the task should not have slept its hour")
}

// When the task is cancelled on the loop side, the concurrent future is
// cancelled too, so an outside goroutine waiting on it wakes up.
func TestRunCoroutineThreadsafeTaskCancelledOnLoop(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	var err error
	extServe(t, l, func() {
		cf, e := loop.RunCoroutineThreadsafe(coroutine.New(func(co *coroutine.Co) (int, error) {
			task.CurrentTask(co).Cancel()
			return 0, task.Sleep(co, time.Second)
		}), l)
		if !assert.NoError(t, e) {
			return
		}
		_, err = cf.ResultTimeout(2 * time.Second)
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the concurrent future was never completed")
}

// Cancelled before the loop created the task, the coroutine never runs;
// it is closed, so it is not reported as never awaited either.
func TestRunCoroutineThreadsafeCancelBeforeStart(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	ran := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) { ran = true; return 1, nil })
	cf, err := loop.RunCoroutineThreadsafe(c, l)
	require.NoError(t, err)
	assert.True(t, cf.Cancel())
	l.Stop()
	require.NoError(t, l.RunForever()) // one iteration: the submitting callback runs
	assert.False(t, ran)
	assert.Equal(t, coroutine.Closed, c.State())
	assert.Empty(t, l.Tasks().AllTasks())
	_, err = cf.Result()
	assert.ErrorIs(t, err, concurrent.ErrCancelled)
}

func TestRunCoroutineThreadsafeClosedLoop(t *testing.T) {
	l := loop.New(extOpts(t)...)
	require.NoError(t, l.Close())
	c := coroutine.New(func(co *coroutine.Co) (int, error) { return 1, nil })
	cf, err := loop.RunCoroutineThreadsafe(c, l)
	assert.Nil(t, cf)
	assert.ErrorIs(t, err, task.ErrLoopClosed)
	_ = c.Close()
}

// ---------------------------------------------------------------------
// Go-only: WrapFuture and ChainToConcurrent.

// extRunReal is asyncio.run on a real-clock loop, for tests whose outside
// goroutines are not announced to the loop (no KeepAlive).
func extRunReal[T any](t *testing.T, main *coroutine.Coroutine[T]) T {
	t.Helper()
	v, err := loop.Run(main, loop.WithStderr(extLog{t}))
	require.NoError(t, err)
	return v
}

func TestWrapFutureResultFromGoroutine(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		cf := concurrent.NewFuture[string]()
		f := task.WrapFuture(co, cf)
		assert.False(t, f.Done())
		go func() { _ = cf.SetResult("from outside") }()
		return f.Await(co)
	})
	assert.Equal(t, "from outside", extRunReal(t, main))
}

func TestWrapFutureExceptionFromGoroutine(t *testing.T) {
	boom := errors.New("boom")
	main := coroutine.New(func(co *coroutine.Co) (error, error) {
		cf := concurrent.NewFuture[int]()
		f := task.WrapFuture(co, cf)
		go func() { _ = cf.SetException(boom) }()
		_, err := f.Await(co)
		return err, nil
	})
	assert.Same(t, boom, extRunReal(t, main))
}

// A concurrent future cancelled outside cancels the loop's future.
func TestWrapFutureCancelledOutside(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (bool, error) {
		cf := concurrent.NewFuture[int]()
		f := task.WrapFuture(co, cf)
		go cf.Cancel()
		_, err := f.Await(co)
		assert.ErrorIs(t, err, context.Canceled)
		return f.Cancelled(), nil
	})
	assert.True(t, extRunReal(t, main))
}

// Cancelling the loop's future cancels a pending concurrent future; one
// already running cannot be cancelled and goes on, while the loop's
// future is cancelled anyway.
func TestWrapFutureCancelledOnLoop(t *testing.T) {
	pending := concurrent.NewFuture[int]()
	running := concurrent.NewFuture[int]()
	require.True(t, running.SetRunningOrNotifyCancel())
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		for _, cf := range []*concurrent.Future[int]{pending, running} {
			f := task.WrapFuture(co, cf)
			assert.True(t, f.Cancel())
			_, err := f.Await(co)
			assert.ErrorIs(t, err, context.Canceled)
		}
		extOK(t, task.Sleep(co, 0)) // the done callbacks have run
		return struct{}{}, nil
	})
	extRunReal(t, main)
	assert.True(t, pending.Cancelled())
	assert.False(t, running.Cancelled())
	assert.False(t, running.Done())
	_ = running.SetResult(1)
}

// A concurrent future that is already done is copied in through the
// loop, so the wrapper is done only at the next iteration, as in CPython
// (wrap_future calls back through call_soon_threadsafe).
func TestWrapFutureAlreadyDone(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		cf := concurrent.NewFuture[int]()
		assert.NoError(t, cf.SetResult(11))
		f := task.WrapFuture(co, cf)
		assert.False(t, f.Done(), "done only once the loop has taken the outcome in")
		return f.Await(co)
	})
	assert.Equal(t, 11, extRunReal(t, main))
}

// With the virtual clock, awaiting a wrapped concurrent future that a
// plain goroutine completes must not be mistaken for a deadlock: the
// wrapped future is outside work the loop waits for, as with
// RunInExecutor.
func TestWrapFutureVirtualClockWaitsForGoroutine(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		l := extLoop(t, co)
		cf := concurrent.NewFuture[string]()
		f := task.WrapFuture(co, cf)
		go_ := make(chan struct{})
		go func() {
			<-go_ // starts only once the loop is about to go idle
			_ = cf.SetResult("late but fine")
		}()
		_, _ = l.CallSoon(func() { close(go_) })
		return f.Await(co)
	})
	v, err := loop.Run(main, extOpts(t)...)
	assert.NoError(t, err)
	assert.Equal(t, "late but fine", v)
}

// ChainToConcurrent copies a task's outcome into a concurrent future, and
// cancelling the concurrent future from outside cancels the task.
func TestChainToConcurrent(t *testing.T) {
	okCF := concurrent.NewFuture[int]()
	errCF := concurrent.NewFuture[int]()
	cancelledCF := concurrent.NewFuture[int]()
	outsideCF := concurrent.NewFuture[int]()
	main := coroutine.New(func(co *coroutine.Co) (bool, error) {
		l := extLoop(t, co)
		ok := extMust[*task.Task[int]](t)(l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) { return 3, nil })))
		task.ChainToConcurrent(ok, okCF)
		bad := extMust[*task.Task[int]](t)(l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
			return 0, task.ValueError("bad")
		})))
		task.ChainToConcurrent(bad, errCF)
		sleeper := func() *coroutine.Coroutine[int] {
			return coroutine.New(func(co *coroutine.Co) (int, error) { return 0, task.Sleep(co, time.Hour) })
		}
		c1 := extMust[*task.Task[int]](t)(l.CreateTask(sleeper()))
		task.ChainToConcurrent(c1, cancelledCF)
		c2 := extMust[*task.Task[int]](t)(l.CreateTask(sleeper()))
		task.ChainToConcurrent(c2, outsideCF)
		extOK(t, task.Sleep(co, 0))
		c1.Cancel()
		done := make(chan struct{})
		go func() { outsideCF.Cancel(); close(done) }()
		<-done // blocks this coroutine a moment; the loop has nothing else to do
		_, _ = task.GatherReturnExceptions(co, ok, bad, c1, c2).Await(co)
		return c2.Cancelled(), nil
	})
	assert.True(t, extRunReal(t, main), "cancelling the concurrent future cancels the task")
	v, err := okCF.Result()
	assert.Equal(t, 3, v)
	assert.NoError(t, err)
	_, err = errCF.Result()
	assert.Equal(t, task.ValueError("bad"), err)
	assert.True(t, cancelledCF.Cancelled())
	assert.True(t, outsideCF.Cancelled())
}

// ---------------------------------------------------------------------
// Go-only: goroutines left behind.

// Run shuts the default executor down and waits for it, so nothing is
// left running when it returns.
func TestExecutorRunLeavesNoGoroutines(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		l := extLoop(t, co)
		sum := 0
		var futs []task.Awaitable[int]
		for i := range 20 {
			futs = append(futs, extMust[*task.Future[int]](t)(l.RunInExecutor(nil, extSquare(i))))
		}
		for _, v := range extMust[[]int](t)(task.Gather(co, futs...).Await(co)) {
			sum += v
		}
		r := extMust[int](t)(loop.ToThread(co, func(context.Context) (int, error) {
			cf, err := loop.RunCoroutineThreadsafe(coroutine.New(func(co *coroutine.Co) (int, error) { return 1, nil }), l)
			if err != nil {
				return 0, err
			}
			return cf.Result()
		}))
		return sum + r, nil
	})
	assert.Equal(t, 2470+1, extRun(t, main))
	goleak.VerifyNone(t, ignore)
}

// Close shuts the default executor down without waiting, but its
// goroutines exit on their own soon after.
func TestExecutorCloseLeavesNoGoroutines(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	l := loop.New(extOpts(t)...)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		var futs []task.Awaitable[int]
		for i := range 10 {
			futs = append(futs, extMust[*task.Future[int]](t)(l.RunInExecutor(nil, extSquare(i))))
		}
		r, err := task.Gather(co, futs...).Await(co)
		return len(r), err
	})
	v, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, 10, v)
	require.NoError(t, l.Close())
	goleak.VerifyNone(t, ignore)
}

// ---------------------------------------------------------------------
// Go-only: the virtual clock and outside work.

// Work that finishes quickly takes no virtual time, even with a timer
// pending that the loop could jump to.
func TestExecutorVirtualQuickWorkTakesNoTime(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) ([]float64, error) {
		l := extLoop(t, co)
		_, _ = l.CallLater(5*time.Second, func() {})
		var times []float64
		for i := range 5 {
			extMust[int](t)(loop.ToThread(co, extSquare(i)))
			times = append(times, l.Time())
		}
		return times, nil
	})
	// A generous grace makes "quickly" certain even on a loaded machine.
	assert.InDeltaSlice(t, []float64{0, 0, 0, 0, 0}, extRun(t, main, loop.WithExternalWait(time.Minute)), extEps)
}

// Work that waits for a loop timer does not hang the virtual loop: after
// the grace period the loop moves time on, the timer fires, the work
// finishes.
func TestExecutorVirtualWorkWaitsOnLoopTimer(t *testing.T) {
	for _, grace := range []time.Duration{0, time.Millisecond} {
		t.Run(fmt.Sprint("grace=", grace), func(t *testing.T) {
			var opts []loop.Option
			if grace > 0 {
				opts = append(opts, loop.WithExternalWait(grace))
			}
			main := coroutine.New(func(co *coroutine.Co) ([]float64, error) {
				l := extLoop(t, co)
				gate := make(chan struct{})
				_, _ = l.CallLater(10*time.Second, func() { close(gate) })
				v := extMust[float64](t)(loop.ToThread(co, func(context.Context) (float64, error) {
					<-gate
					return l.Time(), nil
				}))
				return []float64{v, l.Time()}, nil
			})
			assert.InDeltaSlice(t, []float64{10, 10}, extRun(t, main, opts...), extEps)
		})
	}
}

// While outside work is pending, sleeping on the loop takes exactly the
// virtual time asked for.
func TestExecutorVirtualSleepWhileWorkRuns(t *testing.T) {
	main := coroutine.New(func(co *coroutine.Co) ([]float64, error) {
		l := extLoop(t, co)
		gate := make(chan struct{})
		fut := extMust[*task.Future[int]](t)(l.RunInExecutor(nil, func(context.Context) (int, error) {
			<-gate
			return 1, nil
		}))
		var times []float64
		for range 3 {
			extOK(t, task.Sleep(co, 1500*time.Millisecond))
			times = append(times, l.Time())
		}
		close(gate)
		extMust[int](t)(fut.Await(co))
		return append(times, l.Time()), nil
	})
	assert.InDeltaSlice(t, []float64{1.5, 3, 4.5, 4.5}, extRun(t, main, loop.WithExternalWait(time.Millisecond)), extEps)
}

// With no timer at all, a virtual loop waits for outside work as long as
// it takes instead of reporting a deadlock.
func TestExecutorVirtualNoTimerWaits(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	go func() {
		<-started
		close(release)
	}()
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		return loop.ToThread(co, func(context.Context) (string, error) {
			close(started)
			<-release
			return "waited", nil
		})
	})
	assert.Equal(t, "waited", extRun(t, main))
}

// KeepAlive: a promise from outside keeps a virtual loop with nothing to
// do waiting for the call instead of reporting a deadlock; once every
// promise is released the deadlock check is back.
func TestKeepAlive(t *testing.T) {
	l := loop.New(extOpts(t)...)
	defer l.Close()
	fut := l.CreateFuture[string]()
	release := l.KeepAlive()
	kick := make(chan struct{})
	go func() {
		<-kick
		_, _ = l.CallSoonThreadsafe(func() { _ = fut.SetResult("called back") })
		release()
		release() // releasing twice counts once
	}()
	_, _ = l.CallSoon(func() { close(kick) })
	v, err := l.RunUntilComplete(fut)
	require.NoError(t, err)
	assert.Equal(t, "called back", v)
	assert.InDelta(t, 0.0, l.Time(), extEps)

	_, err = l.RunUntilComplete(l.CreateFuture[int]())
	assert.ErrorIs(t, err, loop.ErrDeadlock, "no promise left: a stuck loop is a deadlock again")
}

// ---------------------------------------------------------------------
// Examples.

func ExampleLoop_RunInExecutor() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		l, _ := loop.GetRunningLoop(co)
		// Blocking work runs on the default executor's goroutines; the
		// coroutine waits without blocking the loop.
		fut, err := l.RunInExecutor(nil, func(ctx context.Context) (string, error) {
			return strings.ToUpper("blocking work"), nil
		})
		if err != nil {
			return "", err
		}
		return fut.Await(co)
	})
	fmt.Println(loop.Run(main))
	// Output: BLOCKING WORK <nil>
}

func ExampleToThread() {
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := loop.ToThread(co, func(ctx context.Context) (int, error) {
			return 0, task.ValueError("bad input")
		})
		fmt.Println("error:", err)
		return loop.ToThread(co, func(ctx context.Context) (int, error) { return 6 * 7, nil })
	})
	fmt.Println(loop.Run(main))
	// Output:
	// error: bad input
	// 42 <nil>
}

func ExampleRunCoroutineThreadsafe() {
	l := loop.New()
	go func() {
		// A goroutine outside the loop submits a coroutine and waits.
		cf, _ := loop.RunCoroutineThreadsafe(coroutine.New(func(co *coroutine.Co) (string, error) {
			return "computed on the loop", nil
		}), l)
		fmt.Println(cf.Result())
		_, _ = l.CallSoonThreadsafe(l.Stop)
	}()
	_ = l.RunForever()
	_ = l.Close()
	// Output: computed on the loop <nil>
}

func ExampleLoop_ShutdownDefaultExecutor() {
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		l, _ := loop.GetRunningLoop(co)
		if err := l.ShutdownDefaultExecutor(co); err != nil {
			return struct{}{}, err
		}
		_, err := l.RunInExecutor(nil, func(context.Context) (int, error) { return 1, nil })
		fmt.Println(err)
		return struct{}{}, nil
	})
	_, _ = loop.Run(main)
	// Output: Executor shutdown has been called
}
