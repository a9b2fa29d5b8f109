package gobench_test

import (
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/locks"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// gbRun runs main as asyncio.run would, on a virtual-clock loop with the
// default (channel) handoff, and fails the benchmark on an error.
func gbRun(b *testing.B, main func(co *coroutine.Co) (int, error)) int {
	l := loop.New(loop.WithVirtualClock(), loop.WithHandoff(coroutine.HandoffChannel))
	defer func() {
		if err := l.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	}()
	got, err := l.RunUntilComplete(coroutine.New(main))
	if err != nil {
		b.Fatal(err)
	}
	return got
}

// gbSpawn is asyncio.create_task.
func gbSpawn(co *coroutine.Co, fn func(co *coroutine.Co) (int, error)) (task.Awaitable[int], error) {
	return task.CreateTask(co, coroutine.New(fn))
}

// BenchmarkQueue: one producer task puts the items 0..b.N-1 into a Queue,
// one consumer task gets them all and adds them up; with maxsize 1 (every
// Put waits for a Get) and 100. One op is one item through the queue.
func BenchmarkQueue(b *testing.B) {
	for _, maxsize := range []int{1, 100} {
		b.Run(fmt.Sprintf("maxsize=%d", maxsize), func(b *testing.B) {
			b.ReportAllocs()
			n := b.N
			b.ResetTimer()
			got := gbRun(b, func(co *coroutine.Co) (int, error) {
				q := queues.New[int](maxsize)
				prod, err := gbSpawn(co, func(co *coroutine.Co) (int, error) {
					for i := range n {
						if err := q.Put(co, i); err != nil {
							return 0, err
						}
					}
					return 0, nil
				})
				if err != nil {
					return 0, err
				}
				cons, err := gbSpawn(co, func(co *coroutine.Co) (int, error) {
					sum := 0
					for range n {
						v, err := q.Get(co)
						if err != nil {
							return 0, err
						}
						sum += v
					}
					return sum, nil
				})
				if err != nil {
					return 0, err
				}
				res, err := task.Gather(co, prod, cons).Await(co)
				if err != nil {
					return 0, err
				}
				return res[1], nil
			})
			b.StopTimer()
			if want := n * (n - 1) / 2; got != want {
				b.Fatalf("checksum %d; want %d", got, want)
			}
		})
	}
}

// gbLockTasks is the number of tasks contending for the lock.
const gbLockTasks = 100

// BenchmarkLockContention: 100 tasks each take the same Lock repeatedly,
// and while holding it increment a counter and await sleep(0), so the
// other 99 queue up behind it. One op is one acquire + release (about
// b.N in all, split evenly among the tasks); ns/acquire is exact.
func BenchmarkLockContention(b *testing.B) {
	b.ReportAllocs()
	per := max(1, b.N/gbLockTasks)
	total := per * gbLockTasks
	b.ResetTimer()
	got := gbRun(b, func(co *coroutine.Co) (int, error) {
		var mu locks.Lock
		counter, overlaps := 0, 0
		holding := false
		aws := make([]task.Awaitable[int], gbLockTasks)
		for i := range aws {
			t, err := gbSpawn(co, func(co *coroutine.Co) (int, error) {
				for range per {
					if err := mu.Acquire(co); err != nil {
						return 0, err
					}
					if holding {
						overlaps++
					}
					holding = true
					counter++
					err := task.Sleep(co, 0)
					holding = false
					if rerr := mu.Release(); err == nil {
						err = rerr
					}
					if err != nil {
						return 0, err
					}
				}
				return per, nil
			})
			if err != nil {
				return 0, err
			}
			aws[i] = t
		}
		res, err := task.Gather(co, aws...).Await(co)
		if err != nil {
			return 0, err
		}
		sum := 0
		for _, v := range res {
			sum += v
		}
		if overlaps != 0 || sum != counter {
			return 0, fmt.Errorf("%d overlapping holders; counter %d, tasks report %d", overlaps, counter, sum)
		}
		return counter, nil
	})
	b.StopTimer()
	if got != total {
		b.Fatalf("checksum %d; want %d", got, total)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/acquire")
}
