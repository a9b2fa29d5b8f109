package concurrent_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/concurrent"
	"github.com/goasyncio/goasyncio/pyfmt"
)

// These tests pin concurrent.Future to concurrent.futures.Future's
// observable rules: one outcome, set once; cancel only while pending;
// callbacks once each, in the order added; waiting from any goroutine.

// cfDone reports whether ch is closed, without waiting.
func cfDone(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestFuturePendingState(t *testing.T) {
	f := concurrent.NewFuture[int]()
	assert.False(t, f.Done())
	assert.False(t, f.Cancelled())
	assert.False(t, f.Running())
	assert.False(t, cfDone(f.DoneChan()))
}

func TestFutureSetResult(t *testing.T) {
	f := concurrent.NewFuture[int]()
	require.NoError(t, f.SetResult(42))
	assert.True(t, f.Done())
	assert.False(t, f.Cancelled())
	assert.False(t, f.Running())
	assert.True(t, cfDone(f.DoneChan()))
	v, err := f.Result()
	assert.Equal(t, 42, v)
	assert.NoError(t, err)
	// Result can be read any number of times.
	v, err = f.Result()
	assert.Equal(t, 42, v)
	assert.NoError(t, err)
}

func TestFutureSetException(t *testing.T) {
	boom := errors.New("boom")
	f := concurrent.NewFuture[string]()
	require.NoError(t, f.SetException(boom))
	assert.True(t, f.Done())
	assert.False(t, f.Cancelled())
	v, err := f.Result()
	assert.Equal(t, "", v)
	assert.Same(t, boom, err)
}

// A done future keeps its first outcome: set_result / set_exception on a
// finished or cancelled future raise InvalidStateError.
func TestFutureOutcomeIsSetOnce(t *testing.T) {
	f := concurrent.NewFuture[int]()
	require.NoError(t, f.SetResult(1))
	assert.ErrorIs(t, f.SetResult(2), concurrent.ErrInvalidState)
	assert.ErrorIs(t, f.SetException(errors.New("late")), concurrent.ErrInvalidState)
	v, err := f.Result()
	assert.Equal(t, 1, v)
	assert.NoError(t, err)

	g := concurrent.NewFuture[int]()
	require.NoError(t, g.SetException(errors.New("first")))
	assert.ErrorIs(t, g.SetResult(2), concurrent.ErrInvalidState)
	_, err = g.Result()
	assert.EqualError(t, err, "first")

	c := concurrent.NewFuture[int]()
	require.True(t, c.Cancel())
	assert.ErrorIs(t, c.SetResult(2), concurrent.ErrInvalidState)
	assert.ErrorIs(t, c.SetException(errors.New("x")), concurrent.ErrInvalidState)
	assert.True(t, c.Cancelled())
}

func TestFutureCancelPending(t *testing.T) {
	f := concurrent.NewFuture[int]()
	assert.True(t, f.Cancel())
	assert.True(t, f.Done())
	assert.True(t, f.Cancelled())
	assert.False(t, f.Running())
	_, err := f.Result()
	assert.Equal(t, concurrent.ErrCancelled, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "cancelled", err.Error())
	assert.Equal(t, "CancelledError()", err.(interface{ PyRepr() string }).PyRepr())
	// Cancelling again still reports a cancelled future.
	assert.True(t, f.Cancel())
}

// cancel() returns False once the work is running or the future is done.
func TestFutureCancelRefused(t *testing.T) {
	running := concurrent.NewFuture[int]()
	require.True(t, running.SetRunningOrNotifyCancel())
	assert.True(t, running.Running())
	assert.False(t, running.Cancel())
	assert.False(t, running.Done())
	assert.False(t, running.Cancelled())
	require.NoError(t, running.SetResult(7), "a running future can still finish")
	assert.False(t, running.Running())
	v, err := running.Result()
	assert.Equal(t, 7, v)
	assert.NoError(t, err)

	finished := concurrent.NewFuture[int]()
	require.NoError(t, finished.SetResult(1))
	assert.False(t, finished.Cancel())
	assert.False(t, finished.Cancelled())

	failed := concurrent.NewFuture[int]()
	require.NoError(t, failed.SetException(errors.New("x")))
	assert.False(t, failed.Cancel())
}

func TestFutureSetRunningOrNotifyCancel(t *testing.T) {
	f := concurrent.NewFuture[int]()
	require.True(t, f.Cancel())
	assert.False(t, f.SetRunningOrNotifyCancel(), "cancelled first: the work must not run")
	assert.False(t, f.Running())
	assert.True(t, f.Cancelled())
}

func TestFutureResultTimeout(t *testing.T) {
	f := concurrent.NewFuture[int]()
	v, err := f.ResultTimeout(time.Millisecond)
	assert.Equal(t, 0, v)
	assert.Equal(t, concurrent.ErrTimeout, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, "TimeoutError()", err.(interface{ PyRepr() string }).PyRepr())
	assert.False(t, f.Done(), "a timed-out wait leaves the future alone")

	require.NoError(t, f.SetResult(3))
	v, err = f.ResultTimeout(time.Hour)
	assert.Equal(t, 3, v)
	assert.NoError(t, err)
}

// result(timeout=0) on a finished future returns the result: CPython
// looks at the state before it waits at all. The Go future must not let
// an expired timer win a select against a closed done channel.
func TestFutureResultTimeoutZeroOnDone(t *testing.T) {
	f := concurrent.NewFuture[int]()
	require.NoError(t, f.SetResult(5))
	timeouts := 0
	for range 500 {
		if _, err := f.ResultTimeout(0); err != nil {
			timeouts++
		}
	}
	assert.Zero(t, timeouts, "ResultTimeout(0) on a done future timed out %d times out of 500", timeouts)
}

func TestFutureResultContext(t *testing.T) {
	f := concurrent.NewFuture[int]()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.ResultContext(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, concurrent.ErrCancelled, "the context's error, not a cancelled future")
	assert.False(t, f.Done())

	dctx, dcancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer dcancel()
	_, err = f.ResultContext(dctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	go func() { _ = f.SetResult(9) }()
	v, err := f.ResultContext(context.Background())
	assert.Equal(t, 9, v)
	assert.NoError(t, err)
}

// Callbacks run once each, in the order added: on the goroutine that
// completes the future, before SetResult returns; or at once, on the
// caller's goroutine, when the future is already done.
func TestFutureDoneCallbacks(t *testing.T) {
	f := concurrent.NewFuture[int]()
	var order []string
	for _, name := range []string{"a", "b", "c"} {
		f.AddDoneCallback(func(g *concurrent.Future[int]) {
			assert.Same(t, f, g)
			assert.True(t, g.Done())
			order = append(order, name)
		})
	}
	assert.Empty(t, order)
	require.NoError(t, f.SetResult(1))
	assert.Equal(t, []string{"a", "b", "c"}, order, "run before SetResult returns, in order")

	f.AddDoneCallback(func(*concurrent.Future[int]) { order = append(order, "late") })
	assert.Equal(t, []string{"a", "b", "c", "late"}, order, "a callback added to a done future runs at once")

	require.ErrorIs(t, f.SetResult(2), concurrent.ErrInvalidState)
	assert.Len(t, order, 4, "callbacks never run twice")
}

func TestFutureDoneCallbackOnCancel(t *testing.T) {
	f := concurrent.NewFuture[int]()
	var seen []bool
	f.AddDoneCallback(func(g *concurrent.Future[int]) { seen = append(seen, g.Cancelled()) })
	require.True(t, f.Cancel())
	assert.Equal(t, []bool{true}, seen)
	f.Cancel()
	assert.Equal(t, []bool{true}, seen)
}

// A callback may use the future it is given (Result, AddDoneCallback,
// Cancel) without deadlocking: the lock is not held while callbacks run.
func TestFutureCallbackReentry(t *testing.T) {
	f := concurrent.NewFuture[int]()
	var got []string
	f.AddDoneCallback(func(g *concurrent.Future[int]) {
		v, err := g.Result()
		got = append(got, fmt.Sprint("result ", v, " ", err))
		g.AddDoneCallback(func(*concurrent.Future[int]) { got = append(got, "nested") })
		got = append(got, fmt.Sprint("cancel ", g.Cancel()))
		_, err = g.ResultTimeout(time.Hour)
		got = append(got, fmt.Sprint("timeout ", err))
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.SetResult(4)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SetResult deadlocked in a callback that uses the future")
	}
	assert.Equal(t, []string{"result 4 <nil>", "nested", "cancel false", "timeout <nil>"}, got)
}

// Many goroutines wait in every way while many others race to set the
// outcome: exactly one setter wins, every waiter sees its outcome, and
// every callback runs exactly once whether it was added before or after.
func TestFutureManyGoroutines(t *testing.T) {
	for round := range 20 {
		f := concurrent.NewFuture[int]()
		const waiters, setters, adders = 16, 8, 16
		var wg sync.WaitGroup
		type outcome struct {
			v   int
			err error
		}
		seen := make(chan outcome, 4*waiters)
		start := make(chan struct{})
		for i := range waiters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var v int
				var err error
				switch i % 4 {
				case 0:
					v, err = f.Result()
				case 1:
					v, err = f.ResultContext(context.Background())
				case 2:
					v, err = f.ResultTimeout(time.Minute)
				default:
					<-f.DoneChan()
					v, err = f.Result()
				}
				seen <- outcome{v, err}
			}()
		}
		var setWins, cancelWins atomic.Int32
		for i := range setters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				switch i % 3 {
				case 0:
					if f.SetResult(100+i) == nil {
						setWins.Add(1)
					}
				case 1:
					if f.SetException(fmt.Errorf("err %d", i)) == nil {
						setWins.Add(1)
					}
				default:
					if f.Cancel() {
						cancelWins.Add(1)
					}
				}
			}()
		}
		var calls [adders]atomic.Int32
		var cbwg sync.WaitGroup
		cbwg.Add(adders)
		for i := range adders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				f.AddDoneCallback(func(*concurrent.Future[int]) {
					calls[i].Add(1)
					cbwg.Done()
				})
			}()
		}
		close(start)
		wg.Wait()
		cbwg.Wait()
		close(seen)

		// Cancel reports true for every caller once the future is
		// cancelled, and false for all once it has finished.
		v0, err0 := f.Result()
		if f.Cancelled() {
			assert.Zero(t, setWins.Load(), "round %d: nothing is set on a cancelled future", round)
			assert.GreaterOrEqual(t, cancelWins.Load(), int32(1), "round %d", round)
			assert.Equal(t, concurrent.ErrCancelled, err0)
		} else {
			assert.Equal(t, int32(1), setWins.Load(), "round %d: exactly one setter wins", round)
			assert.Zero(t, cancelWins.Load(), "round %d: a finished future cannot be cancelled", round)
		}
		for o := range seen {
			assert.Equal(t, v0, o.v, "round %d", round)
			assert.Equal(t, err0, o.err, "round %d", round)
		}
		for i := range adders {
			assert.Equal(t, int32(1), calls[i].Load(), "round %d: callback %d", round, i)
		}
	}
}

// Cancel and SetResult racing: exactly one of them takes effect.
func TestFutureCancelRacesSetResult(t *testing.T) {
	for range 200 {
		f := concurrent.NewFuture[int]()
		var cancelled bool
		var setErr error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); cancelled = f.Cancel() }()
		go func() { defer wg.Done(); setErr = f.SetResult(1) }()
		wg.Wait()
		if cancelled {
			assert.ErrorIs(t, setErr, concurrent.ErrInvalidState)
			assert.True(t, f.Cancelled())
		} else {
			assert.NoError(t, setErr)
			assert.False(t, f.Cancelled())
		}
	}
}

func ExampleFuture() {
	f := concurrent.NewFuture[string]()
	go func() {
		// Any goroutine may complete the future...
		_ = f.SetResult("done")
	}()
	// ...and any number may wait for it.
	v, err := f.Result()
	fmt.Println(v, err)
	fmt.Println(f.Cancel()) // too late: it is finished
	// Output:
	// done <nil>
	// false
}

func ExampleFuture_Cancel() {
	f := concurrent.NewFuture[int]()
	f.AddDoneCallback(func(f *concurrent.Future[int]) {
		fmt.Println("callback: cancelled =", f.Cancelled())
	})
	fmt.Println(f.Cancel())
	_, err := f.Result()
	fmt.Println(errors.Is(err, context.Canceled))
	// Output:
	// callback: cancelled = true
	// true
	// true
}

func ExampleFuture_ResultTimeout() {
	f := concurrent.NewFuture[int]()
	_, err := f.ResultTimeout(time.Millisecond)
	fmt.Println(err, errors.Is(err, context.DeadlineExceeded))
	// Output:
	// timeout true
}

// str() of concurrent.futures' CancelledError() and TimeoutError() is
// empty; their repr names the class.
func TestErrorsPythonView(t *testing.T) {
	assert.Equal(t, "CancelledError()", pyfmt.Repr(concurrent.ErrCancelled))
	assert.Equal(t, "", pyfmt.Str(concurrent.ErrCancelled))
	assert.Equal(t, "TimeoutError()", pyfmt.Repr(concurrent.ErrTimeout))
	assert.Equal(t, "", pyfmt.Str(concurrent.ErrTimeout))
}
