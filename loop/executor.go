package loop

import (
	"context"

	"github.com/goasyncio/goasyncio/concurrent"
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// This file is the executor half of base_events.py: run_in_executor, the
// default executor and its shutdown. Work runs on pool goroutines, off
// the loop goroutine; results come back through CallSoonThreadsafe.

// Executor runs functions on goroutines of its own
// (concurrent.futures.Executor). *concurrent.Pool implements it.
type Executor interface {
	Submit(fn func()) error
	Shutdown(wait bool)
}

// ErrExecutorShutdown is returned by RunInExecutor on the default executor
// after ShutdownDefaultExecutor or Close.
var ErrExecutorShutdown error = task.RuntimeError("Executor shutdown has been called")

// SetDefaultExecutor replaces the executor RunInExecutor uses when given
// nil (set_default_executor).
func (l *Loop) SetDefaultExecutor(ex Executor) { l.defaultExecutor = ex }

// RunInExecutor runs fn on ex, or on the loop's default executor when ex
// is nil (a pool of concurrent.DefaultWorkers goroutines, created on first
// use), and returns a future of its result on this loop
// (loop.run_in_executor). fn receives a context that is cancelled when the
// future is cancelled or the loop closes. A panic in fn becomes the
// future's *coroutine.PanicError. While fn runs, a virtual-clock loop
// waits for it rather than report a deadlock.
func (l *Loop) RunInExecutor[T any](ex Executor, fn func(ctx context.Context) (T, error)) (*task.Future[T], error) {
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	if ex == nil {
		if l.executorShutdownCalled {
			return nil, ErrExecutorShutdown
		}
		if l.defaultExecutor == nil {
			l.defaultExecutor = concurrent.NewPool(0)
		}
		ex = l.defaultExecutor
	}
	fut := task.NewFuture[T](l)
	ctx, cancel := context.WithCancel(l.execCtx())
	task.AddDoneCallbackNamed(fut, func(f task.AnyFuture) {
		if f.Cancelled() {
			cancel()
		}
	}, task.CbChainCheckCancel)
	release := l.KeepAlive()
	err := ex.Submit(func() {
		defer release()
		defer cancel()
		var r T
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = coroutine.NewPanicError(p)
				}
			}()
			r, err = fn(ctx)
		}()
		_, _ = l.CallSoonThreadsafe(func() {
			if fut.Done() {
				return
			}
			if err != nil {
				_ = fut.SetException(err)
			} else {
				_ = fut.SetResult(r)
			}
		})
	})
	if err != nil {
		release()
		cancel()
		return nil, task.RuntimeError(err.Error())
	}
	return fut, nil
}

// execCtx is the parent of every executor job's context: cancelled when
// the loop closes.
func (l *Loop) execCtx() context.Context {
	if l.execCancel == nil {
		l.execBase, l.execCancel = context.WithCancel(context.Background())
	}
	return l.execBase
}

// ShutdownDefaultExecutor waits, from a coroutine of this loop, until the
// default executor has finished its work and its goroutines have exited
// (shutdown_default_executor); new work is refused from then on. The
// contexts of jobs still running are cancelled first.
func (l *Loop) ShutdownDefaultExecutor(co *coroutine.Co) error {
	l.executorShutdownCalled = true
	// Work still running is told to stop (its context is cancelled), so
	// that waiting for it cannot hang on work that waits for its context.
	if l.execCancel != nil {
		l.execCancel()
	}
	ex := l.defaultExecutor
	if ex == nil {
		return nil
	}
	done := task.NewFuture[struct{}](l)
	release := l.KeepAlive()
	go func() {
		defer release()
		ex.Shutdown(true)
		_, _ = l.CallSoonThreadsafe(func() {
			if !done.Done() {
				_ = done.SetResult(struct{}{})
			}
		})
	}()
	_, err := done.Await(co)
	return err
}

// ToThread runs fn off the loop on the default executor and waits for it
// from the coroutine co (asyncio.to_thread).
func ToThread[T any](co *coroutine.Co, fn func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	l, err := GetRunningLoop(co)
	if err != nil {
		return zero, err
	}
	fut, err := l.RunInExecutor(nil, fn)
	if err != nil {
		return zero, err
	}
	return fut.Await(co)
}

// RunCoroutineThreadsafe submits c to run as a task on l from any other
// goroutine and returns a concurrent future to wait on
// (asyncio.run_coroutine_threadsafe). Cancelling that future cancels the
// task.
func RunCoroutineThreadsafe[T any](c *coroutine.Coroutine[T], l *Loop) (*concurrent.Future[T], error) {
	cf := concurrent.NewFuture[T]()
	_, err := l.CallSoonThreadsafe(func() {
		if cf.Cancelled() {
			_ = c.Close()
			return
		}
		t, err := l.CreateTask(c)
		if err != nil {
			_ = cf.SetException(err)
			return
		}
		task.ChainToConcurrent(t, cf)
	})
	if err != nil {
		return nil, err
	}
	return cf, nil
}
