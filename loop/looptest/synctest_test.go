package looptest_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/loop/looptest"
	"github.com/goasyncio/goasyncio/task"
)

// ltTimeline is a program without time.Sleep: two children sleep on the
// loop's timers, one wakes the other through a future, and main gathers
// them. It returns the loop times at which things happened.
func ltTimeline() *coroutine.Coroutine[[]float64] {
	return coroutine.New(func(co *coroutine.Co) ([]float64, error) {
		l, err := loop.GetRunningLoop(co)
		if err != nil {
			return nil, err
		}
		var times []float64
		signal := task.NewFuture[int](co)
		setter := coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 90*time.Minute); err != nil {
				return 0, err
			}
			times = append(times, l.Time())
			return 0, signal.SetResult(1)
		})
		waiter := coroutine.New(func(co *coroutine.Co) (int, error) {
			v, err := signal.Await(co)
			times = append(times, l.Time())
			return v, err
		})
		if _, err := task.Gather(co, setter, waiter).Await(co); err != nil {
			return nil, err
		}
		return times, nil
	})
}

// Inside a synctest bubble, with the real clock: the loop waits for its
// timers on a time.Timer, which the bubble's fake clock fires as soon as
// every goroutine of the bubble (the loop's and the coroutines') is
// durably blocked. An hour and a half passes in fake time, none in real
// time, and nothing deadlocks.
func TestSynctestRealClock(t *testing.T) {
	realStart := time.Now()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		times := looptest.Run(t, ltTimeline(), looptest.RealClock())
		require.Len(t, times, 2)
		assert.InDelta(t, 5400, times[0], 0.01)
		assert.Equal(t, times[0], times[1], "the waiter wakes in the same loop iteration, no time later")
		elapsed := time.Since(start)
		assert.GreaterOrEqual(t, elapsed, 90*time.Minute, "the bubble's clock moved")
		assert.Less(t, elapsed, 90*time.Minute+time.Second)
	})
	assert.Less(t, time.Since(realStart), 10*time.Second)
}

// Inside a synctest bubble, with the virtual clock: the loop never waits
// on the bubble's clock, and the harness's manual Advance works too.
func TestSynctestVirtualClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		times := looptest.Run(t, ltTimeline())
		require.Len(t, times, 2)
		assert.InDelta(t, 5400, times[0], 0.01)
		assert.InDelta(t, times[0], times[1], 1e-6, "the waiter wakes in the same loop iteration")
		// Only the goroutine check's short waits for finished coroutines'
		// goroutines to exit (microseconds) move the bubble's clock.
		assert.Less(t, time.Since(start), time.Second, "the loop never waited on the bubble's clock")

		h := looptest.New(t)
		sleeper := h.Spawn(ltSleepThenReturn(time.Hour, 3))
		h.RunUntilIdle() // the first step starts the sleep
		h.Advance(59 * time.Minute)
		assert.False(t, sleeper.Done())
		h.Advance(time.Minute)
		require.True(t, sleeper.Done())
		v, err := sleeper.Result()
		require.NoError(t, err)
		assert.Equal(t, 3, v)
	})
}

// Inside a bubble, the checks still work: a pending task is reported,
// its goroutine is reclaimed (the bubble would otherwise report it), and
// no time passes.
func TestSynctestChecks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := ltRunFake(t, func(ft *ltFakeTB) {
			looptest.Run(ft, coroutine.New(func(co *coroutine.Co) (int, error) {
				never := task.NewFuture[int](co)
				_, err := task.CreateTask(co, ltWaitForever(never, nil), task.WithName("left"))
				return 0, err
			}), looptest.RealClock())
		})
		require.Len(t, ft.errors(), 1)
		assert.Contains(t, ft.errors()[0], "task left (coroutine ltWaitForever) was still pending when the loop closed")
	})
}
