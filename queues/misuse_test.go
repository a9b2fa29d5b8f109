package queues_test

import (
	"errors"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

var qtAddr = regexp.MustCompile(`0x[0-9a-f]+`)

// qtFix hides object addresses, which differ from run to run.
func qtFix(s string) string { return qtAddr.ReplaceAllString(s, "0x?") }

// qtCo wraps fn as a coroutine returning nothing.
func qtCo(fn func(co *coroutine.Co) error) *coroutine.Coroutine[struct{}] {
	return coroutine.New(func(co *coroutine.Co) (struct{}, error) { return struct{}{}, fn(co) })
}

// qtRunOn runs fn to completion on l, failing the test on a loop error.
func qtRunOn(t *testing.T, l *loop.Loop, aw task.Awaitable[struct{}]) {
	t.Helper()
	_, err := l.RunUntilComplete(aw)
	require.NoError(t, err)
}

// TestMisuse is the twin of testdata/misuse.py: a queue used from two
// loops is bound on first contention only; the errors' repr and str.
func TestMisuse(t *testing.T) {
	o := &qtOut{}
	q := queues.New[any](0)
	getter := func(name string) func(co *coroutine.Co) error {
		return func(co *coroutine.Co) error {
			v, err := q.Get(co)
			var re task.RuntimeError
			if errors.As(err, &re) {
				o.p(name, "error", qtFix(qtR(err)))
				return nil
			}
			qtMust(err)
			o.p(name, "got", v)
			return nil
		}
	}
	l1 := loop.New(loop.WithVirtualClock())
	l2 := loop.New(loop.WithVirtualClock())
	sleep0 := func() *coroutine.Coroutine[struct{}] { return qtCo(qtSleep0) }

	qtRunOn(t, l2, qtCo(func(co *coroutine.Co) error { return q.Put(co, "free") }))
	qtRunOn(t, l1, qtCo(getter("g0")))

	tk, err := l1.CreateTask(qtCo(getter("g1")))
	require.NoError(t, err)
	qtRunOn(t, l1, sleep0())
	o.p(q)
	qtRunOn(t, l2, qtCo(getter("g2")))
	qtMust(q.PutNowait(1))
	o.p(q)
	qtRunOn(t, l2, qtCo(func(co *coroutine.Co) error {
		qtMust(q.PutNowait(2))
		qtMust(q.Put(co, 3))
		o.p("loop2 put 2 and 3")
		return nil
	}))
	qtRunOn(t, l1, tk)
	o.p(q)
	qtRunOn(t, l2, qtCo(getter("g3")))
	o.p(q)

	b := queues.New[string](1)
	qtMust(b.PutNowait("x"))
	putter := func(name string) func(co *coroutine.Co) error {
		return func(co *coroutine.Co) error {
			err := b.Put(co, "y")
			var re task.RuntimeError
			if errors.As(err, &re) {
				o.p(name, "error", qtFix(qtR(err)))
				return nil
			}
			qtMust(err)
			o.p(name, "put")
			return nil
		}
	}
	tk, err = l1.CreateTask(qtCo(putter("p1")))
	require.NoError(t, err)
	qtRunOn(t, l1, sleep0())
	qtRunOn(t, l2, qtCo(putter("p2")))
	o.p(b, qtMust1(b.GetNowait()))
	qtRunOn(t, l1, tk)
	o.p(b)

	j := queues.New[string](0)
	qtMust(j.PutNowait("z"))
	joiner := func(name string) func(co *coroutine.Co) error {
		return func(co *coroutine.Co) error {
			err := j.Join(co)
			var re task.RuntimeError
			if errors.As(err, &re) {
				o.p(name, "error", qtFix(qtR(err)))
				return nil
			}
			qtMust(err)
			o.p(name, "joined")
			return nil
		}
	}
	tk, err = l1.CreateTask(qtCo(joiner("j1")))
	require.NoError(t, err)
	qtRunOn(t, l1, sleep0())
	qtRunOn(t, l2, qtCo(joiner("j2")))
	qtMust1(j.GetNowait())
	qtMust(j.TaskDone())
	qtRunOn(t, l1, tk)
	qtRunOn(t, l2, qtCo(joiner("j3")))
	qtMust(j.PutNowait("w"))
	tk, err = l2.CreateTask(qtCo(joiner("j4")))
	require.NoError(t, err)
	qtRunOn(t, l2, sleep0())
	qtMust1(j.GetNowait())
	qtMust(j.TaskDone())
	qtRunOn(t, l2, tk)

	require.NoError(t, l1.Close())
	require.NoError(t, l2.Close())

	for _, err := range []error{queues.ErrQueueEmpty, queues.ErrQueueFull, queues.ErrQueueShutDown} {
		o.p(qtR(err), qtR(qtStr(err)))
	}
	err = queues.New[int](0).TaskDone()
	o.p(qtR(err), qtR(qtStr(err)))

	difftest.Compare(t, o.b.String(), "testdata/misuse.py")
}

// TestErrorsGoSide checks what Go callers rely on beyond the Python
// behaviour: sentinel identity, error texts, ValueError's type.
func TestErrorsGoSide(t *testing.T) {
	assert.EqualError(t, queues.ErrQueueEmpty, "queues: queue is empty")
	assert.EqualError(t, queues.ErrQueueFull, "queues: queue is full")
	assert.EqualError(t, queues.ErrQueueShutDown, "queues: queue is shut down")
	q := queues.New[int](1)
	_, err := q.GetNowait()
	assert.ErrorIs(t, err, queues.ErrQueueEmpty)
	require.NoError(t, q.PutNowait(1))
	assert.ErrorIs(t, q.PutNowait(2), queues.ErrQueueFull)
	q.Shutdown(false)
	assert.ErrorIs(t, q.PutNowait(2), queues.ErrQueueShutDown)
	assert.Equal(t, 1, qtMust1(q.GetNowait()))
	_, err = q.GetNowait()
	assert.ErrorIs(t, err, queues.ErrQueueShutDown)
	require.NoError(t, q.TaskDone())
	err = q.TaskDone()
	assert.Equal(t, task.ValueError("task_done() called too many times"), err)
}

// TestZeroValueAndNilLess checks that misconstructed queues fail loudly.
func TestZeroValueAndNilLess(t *testing.T) {
	var q queues.Queue[int]
	assert.PanicsWithValue(t, "queues: use of a zero queue value; create queues with New, NewLifo or NewPriority",
		func() { _ = q.PutNowait(1) })
	assert.PanicsWithValue(t, "queues: NewPriority with a nil less function",
		func() { queues.NewPriority[int](0, nil) })
}

// TestNoRunningLoop: a coroutine driven by hand, outside any task, cannot
// wait on a queue; it gets RuntimeError("no running event loop") instead
// of binding the queue to nothing. Operations that need not wait work.
func TestNoRunningLoop(t *testing.T) {
	q := queues.New[int](1)
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := q.Put(co, 1); err != nil {
			return 0, err
		}
		if err := q.Put(co, 2); err != nil {
			return 0, err
		}
		return 0, nil
	})
	_, done := c.Send()
	require.True(t, done)
	_, err := c.Result()
	assert.Equal(t, task.ErrNoRunningLoop, err)
	assert.Equal(t, "<Queue maxsize=1 _queue=[1] tasks=1>", q.String())

	// The queue is still unbound: a task of any loop can wait on it.
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	tk, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) { return q.Get(co) }))
	require.NoError(t, err)
	v, err := l.RunUntilComplete(tk)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
}

// TestClosedLoopCleansUp: closing a loop whose task waits in Get closes
// the task's coroutine, and the waiter leaves the queue as it would on
// cancellation (CPython does the same when the task is garbage
// collected). A later PutNowait then finds no stale getter to wake.
func TestClosedLoopCleansUp(t *testing.T) {
	q := queues.New[int](0)
	l := loop.New(loop.WithVirtualClock(), loop.WithExceptionHandler(func(*loop.Loop, task.ExceptionContext) {}))
	_, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) { return q.Get(co) }))
	require.NoError(t, err)
	qtRunOn(t, l, qtCo(qtSleep0))
	assert.Equal(t, "<Queue maxsize=0 _getters[1]>", q.String())
	require.NoError(t, l.Close())
	assert.Equal(t, "<Queue maxsize=0>", q.String())
	require.NoError(t, q.PutNowait(1))
	assert.Equal(t, "<Queue maxsize=0 _queue=[1] tasks=1>", q.String())
}
