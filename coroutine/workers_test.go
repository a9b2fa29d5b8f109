package coroutine_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
)

// wkHandoffs runs f once per handoff.
func wkHandoffs(t *testing.T, f func(t *testing.T, h coroutine.Handoff)) {
	for _, h := range []coroutine.Handoff{coroutine.HandoffChannel, coroutine.HandoffPull} {
		t.Run(h.String(), func(t *testing.T) { f(t, h) })
	}
}

// wkStart makes a coroutine that takes its goroutine from p.
func wkStart[T any](h coroutine.Handoff, p *coroutine.Workers, fn coroutine.Func[T]) *coroutine.Coroutine[T] {
	c := coroutine.New(fn)
	c.SetHandoff(h)
	c.SetWorkers(p)
	return c
}

// A body that returns gives its goroutine back to the pool, and the next
// coroutine runs on that same goroutine: one goroutine serves them all.
func TestWorkersReuseOneGoroutine(t *testing.T) {
	wkHandoffs(t, func(t *testing.T, h coroutine.Handoff) {
		p := coroutine.NewWorkers(4)
		defer p.Close()
		var ids []uint64
		for i := range 5 {
			c := wkStart(h, p, func(co *coroutine.Co) (int, error) {
				ids = append(ids, crtGoid())
				require.NoError(t, co.Yield(nil)) // a suspension in between
				return i * 10, nil
			})
			_, done := c.Send()
			require.False(t, done)
			assert.Equal(t, 0, p.Parked(), "the body holds its goroutine while suspended")
			_, done = c.Send()
			require.True(t, done)
			got, err := c.Result()
			require.NoError(t, err)
			assert.Equal(t, i*10, got)
			assert.Equal(t, 1, p.Parked(), "the goroutine is back in the pool")
		}
		require.Len(t, ids, 5)
		for _, id := range ids[1:] {
			assert.Equal(t, ids[0], id, "every body ran on the first one's goroutine")
		}
	})
}

// A panicking body still gives its goroutine back (the panic is recovered
// on it); a body closed while suspended takes its goroutine with it; the
// pool never keeps more than its maximum; Close lets the parked ones go
// (goleak in TestMain checks that they exit).
func TestWorkersPanicCloseAndMax(t *testing.T) {
	wkHandoffs(t, func(t *testing.T, h coroutine.Handoff) {
		p := coroutine.NewWorkers(2)
		boom := wkStart(h, p, func(*coroutine.Co) (int, error) { panic("boom") })
		_, done := boom.Send()
		require.True(t, done)
		var pe *coroutine.PanicError
		require.True(t, errors.As(boom.Err(), &pe))
		assert.Equal(t, "boom", pe.Value)
		assert.Equal(t, 1, p.Parked())

		closed := wkStart(h, p, func(co *coroutine.Co) (int, error) {
			_ = co.Yield(nil)
			t.Error("a closed body must not resume")
			return 0, nil
		})
		_, done = closed.Send()
		require.False(t, done)
		assert.Equal(t, 0, p.Parked(), "the closed body took the parked goroutine")
		require.NoError(t, closed.Close())
		assert.Equal(t, 0, p.Parked(), "an unwound goroutine does not come back")

		// Three suspended at once need three goroutines; only two are kept.
		var cs []*coroutine.Coroutine[int]
		for range 3 {
			c := wkStart(h, p, func(co *coroutine.Co) (int, error) { return 1, co.Yield(nil) })
			_, done := c.Send()
			require.False(t, done)
			cs = append(cs, c)
		}
		for _, c := range cs {
			_, done := c.Send()
			require.True(t, done)
		}
		assert.Equal(t, 2, p.Parked())
		p.Close()
		assert.Equal(t, 0, p.Parked())

		// A closed pool takes nothing back.
		c := wkStart(h, p, func(*coroutine.Co) (int, error) { return 7, nil })
		_, done = c.Send()
		require.True(t, done)
		assert.Equal(t, 0, p.Parked())
	})
}
