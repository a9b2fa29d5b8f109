// Package concurrent is Python's concurrent.futures in miniature: a Future
// that any goroutine can wait on, and a bounded pool of goroutines that
// runs functions (ThreadPoolExecutor). The event loop uses them for
// run_in_executor and run_coroutine_threadsafe; code outside the loop uses
// them to wait for work the loop does.
package concurrent

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrCancelled is the error of a cancelled concurrent future
// (concurrent.futures.CancelledError). It matches context.Canceled.
var ErrCancelled error = cancelledError{}

type cancelledError struct{}

func (cancelledError) Error() string        { return "cancelled" }
func (cancelledError) Is(target error) bool { return target == context.Canceled }
func (cancelledError) PyRepr() string       { return "CancelledError()" }
func (cancelledError) PyStr() string        { return "" } // str(CancelledError()) is empty

// ErrTimeout is returned by ResultTimeout when the future is not done in
// time (concurrent.futures.TimeoutError). It matches
// context.DeadlineExceeded.
var ErrTimeout error = timeoutError{}

type timeoutError struct{}

func (timeoutError) Error() string        { return "timeout" }
func (timeoutError) Is(target error) bool { return target == context.DeadlineExceeded }
func (timeoutError) PyRepr() string       { return "TimeoutError()" }
func (timeoutError) PyStr() string        { return "" } // str(TimeoutError()) is empty

// ErrInvalidState is returned when setting the outcome of a done future.
var ErrInvalidState = errors.New("concurrent: future is already done")

type state uint8

const (
	pending state = iota
	running
	cancelled
	finished
)

// Future is a concurrent.futures.Future: its result is set by one
// goroutine and waited for by any number of others. Every method is safe
// for concurrent use. Create one with NewFuture.
type Future[T any] struct {
	mu        sync.Mutex
	state     state
	result    T
	err       error
	done      chan struct{}
	callbacks []func(*Future[T])
}

// NewFuture returns a pending future.
func NewFuture[T any]() *Future[T] { return &Future[T]{done: make(chan struct{})} }

// Done reports whether the future is finished or cancelled.
func (f *Future[T]) Done() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// Cancelled reports whether the future was cancelled.
func (f *Future[T]) Cancelled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state == cancelled
}

// Running reports whether the work is running (set_running_or_notify_cancel was called).
func (f *Future[T]) Running() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state == running
}

// DoneChan returns a channel closed when the future is done, for select.
func (f *Future[T]) DoneChan() <-chan struct{} { return f.done }

// Cancel cancels the future unless its work is running or done; it
// reports whether the future is cancelled now.
func (f *Future[T]) Cancel() bool {
	f.mu.Lock()
	switch f.state {
	case running, finished:
		f.mu.Unlock()
		return false
	case cancelled:
		f.mu.Unlock()
		return true
	}
	f.state = cancelled
	f.err = ErrCancelled
	return f.complete()
}

// SetRunningOrNotifyCancel marks the work as started; it returns false if
// the future was cancelled first, and then the work must not run.
func (f *Future[T]) SetRunningOrNotifyCancel() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state == cancelled {
		return false
	}
	if f.state == pending {
		f.state = running
	}
	return true
}

// SetResult finishes the future with v.
func (f *Future[T]) SetResult(v T) error {
	f.mu.Lock()
	if f.state == cancelled || f.state == finished {
		f.mu.Unlock()
		return ErrInvalidState
	}
	f.state, f.result = finished, v
	f.complete()
	return nil
}

// SetException finishes the future with err.
func (f *Future[T]) SetException(err error) error {
	f.mu.Lock()
	if f.state == cancelled || f.state == finished {
		f.mu.Unlock()
		return ErrInvalidState
	}
	f.state, f.err = finished, err
	f.complete()
	return nil
}

// complete is called with f.mu held; it releases it and runs callbacks.
func (f *Future[T]) complete() bool {
	cbs := f.callbacks
	f.callbacks = nil
	close(f.done)
	f.mu.Unlock()
	for _, cb := range cbs {
		cb(f)
	}
	return true
}

// AddDoneCallback calls fn with the future once it is done: at once, on
// the calling goroutine, if it already is; otherwise on the goroutine that
// completes it.
func (f *Future[T]) AddDoneCallback(fn func(*Future[T])) {
	f.mu.Lock()
	if f.state == cancelled || f.state == finished {
		f.mu.Unlock()
		fn(f)
		return
	}
	f.callbacks = append(f.callbacks, fn)
	f.mu.Unlock()
}

// Result waits until the future is done and returns its outcome.
func (f *Future[T]) Result() (T, error) {
	<-f.done
	return f.outcome()
}

// ResultTimeout is Result with a time limit; it returns ErrTimeout if the
// future is not done within d.
func (f *Future[T]) ResultTimeout(d time.Duration) (T, error) {
	if f.Done() {
		return f.outcome()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-f.done:
		return f.outcome()
	case <-t.C:
		var zero T
		return zero, ErrTimeout
	}
}

// ResultContext is Result that gives up when ctx is done, returning
// ctx.Err().
func (f *Future[T]) ResultContext(ctx context.Context) (T, error) {
	if f.Done() {
		return f.outcome()
	}
	select {
	case <-f.done:
		return f.outcome()
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (f *Future[T]) outcome() (T, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.result, f.err
}
