package task

import (
	"github.com/goasyncio/goasyncio/coroutine"
)

// This file is ensure_future: turning anything awaitable into a future.

// Awaitable is anything a coroutine can await and get a T from:
// *coroutine.Coroutine[T], *Future[T], *Task[T], or a type of your own
// with an Await method.
type Awaitable[T any] interface {
	Await(co *coroutine.Co) (T, error)
}

// FutureLike is a future with a typed result: *Future[T], *Task[T], and the
// future Gather returns (for T = []R).
type FutureLike[T any] interface {
	AnyFuture
	Result() (T, error)
	Await(co *coroutine.Co) (T, error)
}

// EnsureFuture returns aw as a future on the loop of s (ensure_future): a
// coroutine is wrapped in a new task, a future is returned as it is, any
// other awaitable is awaited by a new task. A future bound to another loop
// is refused with ErrDifferentLoop.
func EnsureFuture[T any](s Scope, aw Awaitable[T]) (FutureLike[T], error) {
	return ensureFuture(loopOf(s), aw)
}

func ensureFuture[T any](l EventLoop, aw Awaitable[T], opts ...TaskOption) (FutureLike[T], error) {
	switch a := aw.(type) {
	case nil:
		return nil, TypeError("An asyncio.Future, a coroutine or an awaitable is required")
	case *coroutine.Coroutine[T]:
		t, err := NewTask(l, a, opts...)
		if err != nil {
			return nil, err
		}
		return t, nil
	case FutureLike[T]:
		if a.Loop() != l {
			return nil, ErrDifferentLoop
		}
		return a, nil
	}
	t, err := NewTask(l, coroutine.New(func(co *coroutine.Co) (T, error) {
		return aw.Await(co)
	}), opts...)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// EnsureFutureQuiet is ensure_future for run_until_complete: a coroutine
// becomes a task that is not reported if still pending at close.
func EnsureFutureQuiet[T any](l EventLoop, aw Awaitable[T]) (FutureLike[T], error) {
	return ensureFuture(l, aw, quiet())
}

// Wrap returns a future on the loop of s that is already done with v: the
// awaitable form of a plain value.
func Wrap[T any](s Scope, v T) *Future[T] {
	f := NewFuture[T](s)
	_ = f.SetResult(v)
	return f
}
