package task_test

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// gather waits once for a future or task passed several times, at any
// count of arguments (arg_to_fut), and each gather call counts afresh:
// the same futures passed to a second gather are its children again.
func TestGatherDedupesFuturesAtAnyCount(t *testing.T) {
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	defer func() { require.NoError(t, l.Close()) }()
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		futs := make([]*task.Future[int], 5)
		for i := range futs {
			futs[i] = task.NewFuture[int](co)
		}
		var args []task.Awaitable[int]
		for i := range 40 {
			args = append(args, futs[i%5])
		}
		tk, err := task.CreateTask(co, coroutine.New(func(*coroutine.Co) (int, error) { return 100, nil }))
		require.NoError(t, err)
		args = append(args, tk, tk)
		g1 := task.Gather(co, args...)
		g2 := task.Gather(co, args...)
		gf := task.GatherFutures(co, false, futs[0], futs[0], futs[1])
		assert.Len(t, g1.Children(), 42)
		for i, f := range futs {
			require.NoError(t, f.SetResult(i))
		}
		r1, err := g1.Await(co)
		require.NoError(t, err)
		r2, err := g2.Await(co)
		require.NoError(t, err)
		rf, err := gf.Await(co)
		require.NoError(t, err)
		assert.Equal(t, r1, r2)
		require.Len(t, r1, 42)
		for i := range 40 {
			assert.Equal(t, i%5, r1[i])
		}
		assert.Equal(t, []int{100, 100}, r1[40:])
		assert.Equal(t, []any{0, 0, 1}, []any{rf[0].Value, rf[1].Value, rf[2].Value})

		// A refused argument (a future of another loop) leaves no mark
		// behind: the futures before it gather normally next time.
		other := loop.New(loop.WithVirtualClock())
		defer func() { _ = other.Close() }()
		bad := task.NewFuture[int](other)
		g3 := task.Gather[int](co, futs[0], futs[1], bad)
		_, err = g3.Await(co)
		assert.Error(t, err)
		r4, err := task.Gather[int](co, futs[0], futs[1], futs[0]).Await(co)
		require.NoError(t, err)
		assert.Equal(t, []int{0, 1, 0}, r4)
		return 0, nil
	})
	_, err := l.RunUntilComplete(main)
	require.NoError(t, err)
}
