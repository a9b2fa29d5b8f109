package task

import (
	"github.com/goasyncio/goasyncio/concurrent"
)

// This file is the cross-goroutine half of futures.py: wrap_future and
// _chain_future, which copy outcomes between a loop's futures and
// concurrent futures that other goroutines wait on.

// WrapFuture returns a future on the loop of s that follows cf
// (asyncio.wrap_future): when cf completes on any goroutine, its outcome
// is copied in through CallSoonThreadsafe; cancelling the returned future
// cancels cf.
func WrapFuture[T any](s Scope, cf *concurrent.Future[T]) *Future[T] {
	l := loopOf(s)
	f := NewFuture[T](l)
	// Until cf completes, the loop is promised a callback from outside,
	// so a virtual-clock loop waits for it rather than report a deadlock.
	release := func() {}
	if ka, ok := l.(interface{ KeepAlive() func() }); ok {
		release = ka.KeepAlive()
	}
	AddDoneCallbackNamed(f, func(AnyFuture) {
		if f.Cancelled() {
			cf.Cancel()
		}
		release()
	}, CbChainCheckCancel)
	cf.AddDoneCallback(func(cf *concurrent.Future[T]) {
		r, err := cf.Result()
		cancelled := cf.Cancelled()
		defer release()
		_, _ = l.CallSoonThreadsafe(func() {
			if f.Done() {
				return
			}
			switch {
			case cancelled:
				f.Cancel()
			case err != nil:
				_ = f.SetException(err)
			default:
				_ = f.SetResult(r)
			}
		})
	})
	return f
}

// ChainToConcurrent copies the outcome of src, a future of this package,
// into cf when src completes, and cancels src (on its loop, through
// CallSoonThreadsafe) when cf is cancelled from another goroutine. Call it
// on src's loop goroutine.
func ChainToConcurrent[T any](src FutureLike[T], cf *concurrent.Future[T]) {
	l := src.Loop()
	cf.AddDoneCallback(func(cf *concurrent.Future[T]) {
		if cf.Cancelled() {
			_, _ = l.CallSoonThreadsafe(func() { src.Cancel() })
		}
	})
	AddDoneCallbackNamed(src, func(AnyFuture) {
		if src.Cancelled() {
			cf.Cancel()
			return
		}
		if !cf.SetRunningOrNotifyCancel() {
			return
		}
		r, err := src.Result()
		if err != nil {
			_ = cf.SetException(err)
		} else {
			_ = cf.SetResult(r)
		}
	}, CbChainSetState)
}
