package concurrent_test

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/concurrent"
)

// These tests pin concurrent.Pool to ThreadPoolExecutor's rules: at most
// max workers, started on demand and reused when idle; work taken in
// submission order; Shutdown refuses new work but finishes queued work.

// cfGauge counts jobs running at once and remembers the peak.
type cfGauge struct {
	mu        sync.Mutex
	now, peak int
}

func (g *cfGauge) enter() {
	g.mu.Lock()
	g.now++
	g.peak = max(g.peak, g.now)
	g.mu.Unlock()
}

func (g *cfGauge) leave() {
	g.mu.Lock()
	g.now--
	g.mu.Unlock()
}

func (g *cfGauge) get() (now, peak int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.now, g.peak
}

// cfWaitFor polls cond (real time, bounded) for conditions that other
// goroutines make true; it fails the test after ten seconds.
func cfWaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		runtime.Gosched()
	}
}

// The pool never runs more than max jobs at once, and with enough queued
// work it runs exactly max.
func TestPoolBound(t *testing.T) {
	for _, max := range []int{1, 3, 8} {
		t.Run(fmt.Sprint("max", max), func(t *testing.T) {
			p := concurrent.NewPool(max)
			defer p.Shutdown(true)
			var g cfGauge
			gate := make(chan struct{})
			var started atomic.Int32
			var wg sync.WaitGroup
			const jobs = 20
			wg.Add(jobs)
			for range jobs {
				require.NoError(t, p.Submit(func() {
					defer wg.Done()
					g.enter()
					started.Add(1)
					<-gate
					g.leave()
				}))
			}
			cfWaitFor(t, "the pool to fill up", func() bool { return started.Load() == int32(max) })
			now, peak := g.get()
			assert.Equal(t, max, now, "exactly max jobs run while more are queued")
			assert.Equal(t, max, peak)
			close(gate)
			wg.Wait()
			_, peak = g.get()
			assert.Equal(t, max, peak, "never more than max at once")
			assert.Equal(t, int32(jobs), started.Load())
		})
	}
}

// NewPool(0) is ThreadPoolExecutor's default size: min(32, CPUs+4).
func TestPoolDefaultSize(t *testing.T) {
	assert.Equal(t, min(32, runtime.NumCPU()+4), concurrent.DefaultWorkers())
	n := concurrent.DefaultWorkers()
	for _, arg := range []int{0, -1} {
		p := concurrent.NewPool(arg)
		var g cfGauge
		gate := make(chan struct{})
		var started atomic.Int32
		for range n + 5 {
			require.NoError(t, p.Submit(func() {
				g.enter()
				started.Add(1)
				<-gate
				g.leave()
			}))
		}
		cfWaitFor(t, "the pool to fill up", func() bool { return started.Load() == int32(n) })
		now, _ := g.get()
		assert.Equal(t, n, now, "NewPool(%d)", arg)
		close(gate)
		p.Shutdown(true)
		_, peak := g.get()
		assert.Equal(t, n, peak, "NewPool(%d)", arg)
		assert.Equal(t, int32(n+5), started.Load())
	}
}

// Work is taken from the queue in submission order: with one worker, it
// runs in exactly that order.
func TestPoolFIFO(t *testing.T) {
	p := concurrent.NewPool(1)
	gate := make(chan struct{})
	var order []int
	require.NoError(t, p.Submit(func() { <-gate }))
	for i := range 50 {
		require.NoError(t, p.Submit(func() { order = append(order, i) }))
	}
	close(gate)
	p.Shutdown(true)
	want := make([]int, 50)
	for i := range want {
		want[i] = i
	}
	assert.Equal(t, want, order)
}

// With several workers, jobs still start in submission order: job i+1
// never starts before job i has been taken.
func TestPoolFIFOStartOrder(t *testing.T) {
	p := concurrent.NewPool(3)
	defer p.Shutdown(true)
	const jobs = 30
	gates := make([]chan struct{}, jobs)
	for i := range gates {
		gates[i] = make(chan struct{})
	}
	var started [jobs]atomic.Bool
	for i := range jobs {
		require.NoError(t, p.Submit(func() {
			started[i].Store(true)
			<-gates[i]
		}))
	}
	// Release jobs one at a time; after each release exactly the next
	// queued job starts.
	for i := range jobs {
		cfWaitFor(t, fmt.Sprintf("job %d to start", i), func() bool { return started[i].Load() })
		for j := i + 3; j < jobs; j++ {
			assert.False(t, started[j].Load(), "job %d started while job %d was the oldest running", j, i)
		}
		close(gates[i])
	}
}

func TestPoolShutdownRefusesNewWork(t *testing.T) {
	p := concurrent.NewPool(2)
	ran := false
	require.NoError(t, p.Submit(func() { ran = true }))
	p.Shutdown(true)
	assert.True(t, ran)
	err := p.Submit(func() { t.Error("ran after shutdown") })
	assert.Same(t, concurrent.ErrShutdown, err)
	assert.EqualError(t, err, "cannot schedule new futures after shutdown")
	p.Shutdown(true) // twice is fine
	p.Shutdown(false)
	p.Wait()
}

// Shutdown(false) returns at once; queued work still runs, and Wait
// returns when every worker has exited.
func TestPoolShutdownNoWaitFinishesQueuedWork(t *testing.T) {
	p := concurrent.NewPool(2)
	gate := make(chan struct{})
	var ran atomic.Int32
	for range 10 {
		require.NoError(t, p.Submit(func() {
			<-gate
			ran.Add(1)
		}))
	}
	p.Shutdown(false) // must not wait for the gate
	assert.ErrorIs(t, p.Submit(func() {}), concurrent.ErrShutdown)
	close(gate)
	p.Wait()
	assert.Equal(t, int32(10), ran.Load(), "queued work runs after Shutdown")
}

// Shutdown(true) waits for running and queued work.
func TestPoolShutdownWaits(t *testing.T) {
	p := concurrent.NewPool(2)
	var ran atomic.Int32
	release := make(chan struct{})
	for range 6 {
		require.NoError(t, p.Submit(func() {
			<-release
			ran.Add(1)
		}))
	}
	returned := make(chan struct{})
	go func() {
		p.Shutdown(true)
		close(returned)
	}()
	select {
	case <-returned:
		t.Fatal("Shutdown(true) returned while work was still running")
	default:
	}
	close(release)
	<-returned
	assert.Equal(t, int32(6), ran.Load())
}

// An unused pool has no goroutines: Shutdown and Wait return at once.
func TestPoolUnusedShutdown(t *testing.T) {
	p := concurrent.NewPool(4)
	p.Shutdown(true)
	p.Wait()
	assert.ErrorIs(t, p.Submit(func() {}), concurrent.ErrShutdown)
}

// Submit from many goroutines at once: every job runs exactly once.
func TestPoolConcurrentSubmit(t *testing.T) {
	p := concurrent.NewPool(4)
	var counts [200]atomic.Int32
	var g cfGauge
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, p.Submit(func() {
				g.enter()
				counts[i].Add(1)
				g.leave()
			}))
		}()
	}
	wg.Wait()
	p.Shutdown(true)
	for i := range counts {
		assert.Equal(t, int32(1), counts[i].Load(), "job %d", i)
	}
	_, peak := g.get()
	assert.LessOrEqual(t, peak, 4)
}

// Submit and Shutdown racing: a job is either refused or run, never lost.
func TestPoolSubmitRacesShutdown(t *testing.T) {
	for range 50 {
		p := concurrent.NewPool(2)
		var accepted, ran atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if p.Submit(func() { ran.Add(1) }) == nil {
					accepted.Add(1)
				}
			}()
		}
		p.Shutdown(false)
		wg.Wait()
		p.Wait()
		assert.Equal(t, accepted.Load(), ran.Load())
	}
}

func ExamplePool() {
	p := concurrent.NewPool(2) // at most two goroutines
	results := make([]*concurrent.Future[int], 5)
	for i := range results {
		f := concurrent.NewFuture[int]()
		results[i] = f
		_ = p.Submit(func() { _ = f.SetResult(i * i) })
	}
	var squares []int
	for _, f := range results {
		v, _ := f.Result()
		squares = append(squares, v)
	}
	fmt.Println(squares)
	p.Shutdown(true) // wait for the workers to exit
	fmt.Println(p.Submit(func() {}))
	// Output:
	// [0 1 4 9 16]
	// cannot schedule new futures after shutdown
}
