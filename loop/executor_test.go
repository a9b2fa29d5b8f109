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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/concurrent"
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/internal/pyfmt"
	"github.com/goasyncio/goasyncio/loop"
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

// extLoop is asyncio.get_running_loop() inside a twin.
func extLoop(t testing.TB, co *coroutine.Co) *loop.Loop {
	t.Helper()
	l, err := loop.GetRunningLoop(co)
	require.NoError(t, err)
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
