package loop_test

// Benchmarks of the loop's hot paths: a task step, a switch between two
// tasks, spawning and gathering many tasks, many timers, and a future
// resolved by a callback. Every loop uses the virtual clock, so no
// benchmark ever waits for real time. BenchmarkBareChannelRoundTrip is
// repeated here (it also lives in package coroutine) so that the ratio
// task step / bare round trip comes from one run. The Python twins are in
// bench/python; bench/compare.sh runs both sides.

import (
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// bnResume and bnYield have the shapes of coroutine/drive.go's messages.
type bnResume struct {
	err   error
	close bool
}

type bnYield struct {
	value any
	why   uint8
}

// BenchmarkBareChannelRoundTrip: a goroutine parked on an unbuffered
// channel, resumed with a send, handing control back with a send on a
// second unbuffered channel: the floor under one task step.
func BenchmarkBareChannelRoundTrip(b *testing.B) {
	b.ReportAllocs()
	resume := make(chan bnResume)
	yield := make(chan bnYield)
	go func() {
		for m := range resume {
			if m.close {
				break
			}
			yield <- bnYield{}
		}
		close(yield)
	}()
	b.ResetTimer()
	for range b.N {
		resume <- bnResume{}
		<-yield
	}
	b.StopTimer()
	resume <- bnResume{close: true}
	<-yield
}

// bnLoop returns a virtual-clock loop closed when the benchmark ends.
func bnLoop(b *testing.B) *loop.Loop {
	l := loop.New(loop.WithVirtualClock())
	b.Cleanup(func() {
		if err := l.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	})
	return l
}

// BenchmarkTaskStep: one task doing "await asyncio.sleep(0)" b.N times.
// One op is one task step round trip: a loop iteration pops the step,
// Send resumes the body, the body yields, the step queues the next one.
func BenchmarkTaskStep(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	n := b.N
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		for i := range n {
			if err := task.Sleep(co, 0); err != nil {
				return i, err
			}
		}
		return n, nil
	})
	b.ResetTimer()
	got, err := l.RunUntilComplete(c)
	b.StopTimer()
	if err != nil || got != n {
		b.Fatalf("got %d, %v; want %d", got, err, n)
	}
}

// BenchmarkTaskSwitch: two tasks, each doing sleep(0) b.N times, so the
// loop runs them alternately. One op is one round (a step of each);
// ns/switch is the cost of handing the loop from one task to the other.
func BenchmarkTaskSwitch(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	n := b.N
	last, outOfTurn := -1, 0
	player := func(id int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			for i := range n {
				if last == id {
					outOfTurn++
				}
				last = id
				if err := task.Sleep(co, 0); err != nil {
					return i, err
				}
			}
			return n, nil
		})
	}
	g := task.Gather[int](l, player(0), player(1))
	b.ResetTimer()
	got, err := l.RunUntilComplete(g)
	b.StopTimer()
	if err != nil || len(got) != 2 || got[0]+got[1] != 2*n {
		b.Fatalf("got %v, %v; want [%d %d]", got, err, n, n)
	}
	if outOfTurn != 0 {
		b.Fatalf("%d steps ran out of turn; the tasks must alternate", outOfTurn)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*n), "ns/switch")
}

// bnSpawnCount is the number of tasks per op of BenchmarkSpawnGather100k.
const bnSpawnCount = 100_000

// BenchmarkSpawnGather100k: a task creates 100k tasks running a trivial
// coroutine (return i) and gathers them. One op is the whole batch;
// ns/task is per spawned task.
func BenchmarkSpawnGather100k(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	const want = bnSpawnCount * (bnSpawnCount - 1) / 2
	trivial := func(i int) *coroutine.Coroutine[int] {
		return coroutine.New(func(*coroutine.Co) (int, error) { return i, nil })
	}
	main := func() *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			aws := make([]task.Awaitable[int], bnSpawnCount)
			for i := range aws {
				t, err := task.CreateTask(co, trivial(i))
				if err != nil {
					return 0, err
				}
				aws[i] = t
			}
			res, err := task.Gather(co, aws...).Await(co)
			sum := 0
			for _, v := range res {
				sum += v
			}
			return sum, err
		})
	}
	b.ResetTimer()
	for range b.N {
		got, err := l.RunUntilComplete(main())
		if err != nil || got != want {
			b.Fatalf("checksum %d, %v; want %d", got, err, want)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bnSpawnCount), "ns/task")
}

// bnTimerCount is the number of timers per op of BenchmarkCallLater100k.
const bnTimerCount = 100_000

// BenchmarkCallLater100k: 100k call_later timers with distinct delays
// (1 ms .. 100 s), scheduled in a scrambled order (k*7919 mod 100000) and
// fired in delay order on the virtual clock. One op schedules and fires
// them all; ns/timer is per timer.
func BenchmarkCallLater100k(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	const want = bnTimerCount * (bnTimerCount - 1) / 2
	b.ResetTimer()
	for range b.N {
		next, sum, outOfOrder := 0, 0, 0
		for i := range bnTimerCount {
			k := i * 7919 % bnTimerCount
			_, err := l.CallLater(time.Duration(k+1)*time.Millisecond, func() {
				if k != next {
					outOfOrder++
				}
				next = k + 1
				sum += k
				if next == bnTimerCount {
					l.Stop()
				}
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := l.RunForever(); err != nil {
			b.Fatal(err)
		}
		if sum != want || outOfOrder != 0 || next != bnTimerCount {
			b.Fatalf("checksum %d (want %d), %d timers out of order, last %d", sum, want, outOfOrder, next-1)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*bnTimerCount), "ns/timer")
}

// BenchmarkFutureAwait: a task awaits a fresh future that a call_soon
// callback resolves, b.N times. One op is create_future + call_soon +
// await: two loop iterations (the callback, then the task's wakeup).
func BenchmarkFutureAwait(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	n := b.N
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		sum := 0
		for i := range n {
			f := l.CreateFuture[int]()
			if _, err := l.CallSoon(func() { _ = f.SetResult(i) }); err != nil {
				return 0, err
			}
			v, err := f.Await(co)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, nil
	})
	b.ResetTimer()
	got, err := l.RunUntilComplete(c)
	b.StopTimer()
	if want := n * (n - 1) / 2; err != nil || got != want {
		b.Fatalf("checksum %d, %v; want %d", got, err, want)
	}
}
