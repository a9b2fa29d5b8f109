package rtrace_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime/trace"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/rtrace"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// rtWorker sleeps twice, logging through the task's own trace context.
func rtWorker(rt *rtrace.Tracer, d time.Duration, fail bool) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		ctx := rt.Context(task.CurrentTask(co))
		if ctx == nil {
			return 0, fmt.Errorf("no trace context for %v", task.CurrentTask(co))
		}
		for i := range 2 {
			trace.Logf(ctx, "rtrace-test", "round %d", i)
			if err := task.Sleep(co, d); err != nil {
				return 0, err
			}
		}
		if fail {
			return 0, task.ValueError("rtrace-boom")
		}
		return int(d / time.Millisecond), nil
	})
}

// rtDemo runs three workers (one fails, one is cancelled, one sleeps
// forever and is left pending) under a virtual-clock loop traced by rt.
func rtDemo(t *testing.T, rt *rtrace.Tracer) []task.Outcome[int] {
	t.Helper()
	var stderr bytes.Buffer
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(rt), loop.WithStderr(&stderr))
	main := coroutine.New(func(co *coroutine.Co) ([]task.Outcome[int], error) {
		var ts []task.Awaitable[int]
		for i, d := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second} {
			tk, err := task.CreateTask(co, rtWorker(rt, d, i == 1), task.WithName(fmt.Sprintf("rtrace-worker-%d", i+1)))
			if err != nil {
				return nil, err
			}
			ts = append(ts, tk)
		}
		if _, err := task.CreateTask(co, rtWorker(rt, time.Hour, false), task.WithName("rtrace-left-pending")); err != nil {
			return nil, err
		}
		if err := task.Sleep(co, 0); err != nil {
			return nil, err
		}
		ts[2].(*task.Task[int]).Cancel("enough")
		return task.GatherReturnExceptions(co, ts...).Await(co)
	})
	m, err := l.CreateTask(main, task.WithName("rtrace-main"))
	require.NoError(t, err)
	res, err := l.RunUntilComplete(m)
	require.NoError(t, err)
	require.NoError(t, l.Close())
	rt.End()
	assert.Contains(t, stderr.String(), "Task was destroyed but it is pending!")
	return res
}

func TestUnderRuntimeTrace(t *testing.T) {
	if trace.IsEnabled() {
		t.Skip("runtime tracing is already on (go test -trace)")
	}
	var buf bytes.Buffer
	require.NoError(t, trace.Start(&buf))
	res := rtDemo(t, rtrace.New())
	trace.Stop()

	require.Len(t, res, 3)
	assert.Equal(t, 1000, res[0].Value)
	assert.EqualError(t, res[1].Err, "rtrace-boom")
	assert.ErrorIs(t, res[2].Err, context.Canceled)

	require.NotEmpty(t, buf.Bytes(), "the execution trace was written")
	// The trace's string table holds the names of the tasks, regions and
	// log categories we emitted.
	for _, s := range []string{"asyncio loop", "rtrace-main", "rtrace-worker-1", "rtrace-worker-3",
		"rtrace-left-pending", "iteration", "handle", "step", "await", "wakeup", "cancel", "error", "rtrace-test"} {
		assert.True(t, bytes.Contains(buf.Bytes(), []byte(s)), "trace mentions %q", s)
	}
}

// TestWithoutRuntimeTrace: with tracing off the tracer is harmless.
func TestWithoutRuntimeTrace(t *testing.T) {
	if trace.IsEnabled() {
		t.Skip("runtime tracing is on (go test -trace)")
	}
	res := rtDemo(t, rtrace.New(rtrace.WithContext(context.Background())))
	require.Len(t, res, 3)
	assert.Equal(t, 1000, res[0].Value)
}

// TestContextAfterDone: a finished task has no trace context any more.
func TestContextAfterDone(t *testing.T) {
	rt := rtrace.New()
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(rt))
	defer l.Close()
	tk, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) { return 1, nil }), task.WithName("rtrace-short"))
	require.NoError(t, err)
	assert.NotNil(t, rt.Context(tk), "known from its creation")
	_, err = l.RunUntilComplete(tk)
	require.NoError(t, err)
	assert.Nil(t, rt.Context(tk))
	rt.End()
}
