package concurrent

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cfiCounts reads the pool's worker bookkeeping.
func cfiCounts(p *Pool) (workers, idle int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.workers, p.idle
}

// cfiWaitIdle waits (real time, bounded) until n workers are idle.
func cfiWaitIdle(t *testing.T, p *Pool, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, idle := cfiCounts(p); idle == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %d idle workers", n)
		}
		runtime.Gosched()
	}
}

// Workers start on demand, one per job that finds no idle worker, and an
// idle worker takes the next job instead of a new one being started
// (ThreadPoolExecutor._adjust_thread_count).
func TestPoolWorkersOnDemand(t *testing.T) {
	p := NewPool(4)
	w, _ := cfiCounts(p)
	assert.Zero(t, w, "no goroutine before the first job")

	done := make(chan struct{})
	require.NoError(t, p.Submit(func() { done <- struct{}{} }))
	<-done
	cfiWaitIdle(t, p, 1)
	for range 5 {
		require.NoError(t, p.Submit(func() { done <- struct{}{} }))
		<-done
		cfiWaitIdle(t, p, 1)
		w, _ = cfiCounts(p)
		assert.Equal(t, 1, w, "sequential jobs reuse the idle worker")
	}

	// Now one worker is idle. Six jobs that block until released must
	// start four at once: the idle worker takes one and three new workers
	// start for the others (one idle worker cannot stand for six jobs).
	gate := make(chan struct{})
	var running atomic.Int32
	for range 6 {
		require.NoError(t, p.Submit(func() {
			running.Add(1)
			<-gate
		}))
	}
	deadline := time.Now().Add(5 * time.Second)
	for running.Load() < 4 && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	w, _ = cfiCounts(p)
	assert.Equal(t, int32(4), running.Load(), "jobs running at once after an idle period (workers=%d)", w)
	assert.Equal(t, 4, w, "workers after an idle period")
	close(gate)
	p.Shutdown(true)
	w, idle := cfiCounts(p)
	assert.Zero(t, w, "every worker exits at Shutdown")
	assert.Zero(t, idle)
}
