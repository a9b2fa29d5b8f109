package loop_test

// Benchmarks of the loop's hot paths: a task step, a switch between two
// tasks, spawning and gathering many tasks, many timers, a future resolved
// by a callback, a run_in_executor round trip, and the memory a pending
// task holds. Every loop uses the virtual clock, so no benchmark ever waits
// for real time. The two bare round trips (two channels; iter.Pull) are the
// floors under a task step of each handoff; they are repeated here (they
// also live in package coroutine) so that the ratio task step / bare round
// trip comes from one run. Benchmarks that depend on the handoff have the
// sub-benchmarks /channel and /pull. The Python twins are in bench/python;
// bench/compare.sh runs both sides (see bench/README.md).

import (
	"bufio"
	"context"
	"iter"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// bnWire has the shape of drive.go's wire, the message both directions
// of the channel handoff share, so the baseline copies as many bytes per
// hand-off.
type bnWire struct {
	value any
	err   error
	why   uint8
	close bool
}

// bnResume and bnYield have the shapes of drive.go's resumeMsg and
// yieldMsg, which the pull handoff passes without a channel.
type bnResume struct {
	err   error
	close bool
}

type bnYield struct {
	value any
	why   uint8
}

// BenchmarkBareChannelRoundTrip: a goroutine parked on an unbuffered
// channel is resumed with a send and hands control back with a send on
// the same channel, as coroutine/drive.go does (the two sides strictly
// alternate). One op is one resume plus one yield: what one task step
// with the channel handoff costs at the very least.
func BenchmarkBareChannelRoundTrip(b *testing.B) {
	b.ReportAllocs()
	ch := make(chan bnWire)
	go func() {
		for {
			m := <-ch
			if m.close {
				close(ch)
				return
			}
			ch <- bnWire{why: 1}
		}
	}()
	b.ResetTimer()
	for range b.N {
		ch <- bnWire{}
		<-ch
	}
	b.StopTimer()
	ch <- bnWire{close: true}
	<-ch // closed: the goroutine is gone
}

// BenchmarkBarePullRoundTrip: the same round trip through iter.Pull, as
// coroutine/pull.go does it: the driver leaves a message in a shared box
// and calls next; the sequence reads it and yields. The floor under one
// task step with the pull handoff.
func BenchmarkBarePullRoundTrip(b *testing.B) {
	b.ReportAllocs()
	var box bnResume
	next, stop := iter.Pull(func(yield func(bnYield) bool) {
		for {
			if box.close || !yield(bnYield{}) {
				return
			}
		}
	})
	defer stop()
	next() // start the sequence: it is now parked in yield
	b.ResetTimer()
	for range b.N {
		box = bnResume{}
		if _, ok := next(); !ok {
			b.Fatal("the sequence ended")
		}
	}
	b.StopTimer()
	box = bnResume{close: true}
	next()
}

// bnHandoffs runs fn as the sub-benchmarks /channel and /pull, each given
// a loop option selecting that handoff (explicitly, whatever
// GOASYNCIO_HANDOFF says).
func bnHandoffs(b *testing.B, fn func(b *testing.B, h loop.Option)) {
	b.Run("channel", func(b *testing.B) { fn(b, loop.WithHandoff(coroutine.HandoffChannel)) })
	b.Run("pull", func(b *testing.B) { fn(b, loop.WithHandoff(coroutine.HandoffPull)) })
}

// bnLoop returns a virtual-clock loop closed when the benchmark ends.
func bnLoop(b *testing.B, opts ...loop.Option) *loop.Loop {
	l := loop.New(append([]loop.Option{loop.WithVirtualClock()}, opts...)...)
	b.Cleanup(func() {
		if err := l.Close(); err != nil {
			b.Errorf("Close: %v", err)
		}
	})
	return l
}

// BenchmarkTaskStep: one task doing "await asyncio.sleep(0)" b.N times.
// One op is one task step round trip: a loop iteration pops the step,
// the handoff resumes the body, the body yields, the step queues the next
// one.
func BenchmarkTaskStep(b *testing.B) {
	bnHandoffs(b, func(b *testing.B, h loop.Option) {
		b.ReportAllocs()
		l := bnLoop(b, h)
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
	})
}

// BenchmarkTaskSwitch: two tasks, each doing sleep(0) b.N times, so the
// loop runs them alternately. One op is one round (a step of each);
// ns/switch is the cost of handing the loop from one task to the other.
func BenchmarkTaskSwitch(b *testing.B) {
	bnHandoffs(b, func(b *testing.B, h loop.Option) {
		b.ReportAllocs()
		l := bnLoop(b, h)
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
	})
}

// BenchmarkLoopIteration: a callback that queues itself again with
// CallSoonArg, b.N times. One op is one loop iteration running one pooled
// handle: what a task step costs without the task and the handoff.
func BenchmarkLoopIteration(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	n := 0
	var again func(any)
	again = func(any) {
		n++
		if n == b.N {
			l.Stop()
			return
		}
		if err := l.CallSoonArg(again, nil, nil, 0); err != nil {
			b.Fatal(err)
		}
	}
	if err := l.CallSoonArg(again, nil, nil, 0); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if err := l.RunForever(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if n != b.N {
		b.Fatalf("%d iterations; want %d", n, b.N)
	}
}

// bnSpawnCount is the number of tasks per op of BenchmarkSpawnGather100k.
const bnSpawnCount = 100_000

// BenchmarkSpawnGather100k: a task creates 100k tasks running a trivial
// coroutine (return i) and gathers them. One op is the whole batch;
// ns/task is per spawned task.
func BenchmarkSpawnGather100k(b *testing.B) {
	bnHandoffs(b, func(b *testing.B, h loop.Option) {
		b.ReportAllocs()
		l := bnLoop(b, h)
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
	})
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

// BenchmarkRunInExecutor: a task awaits loop.run_in_executor(None, fn)
// b.N times, fn returning its argument. One op is one round trip: submit
// to the default pool, run fn on a pool goroutine, come back through
// call_soon_threadsafe, wake the task.
func BenchmarkRunInExecutor(b *testing.B) {
	b.ReportAllocs()
	l := bnLoop(b)
	n := b.N
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		sum := 0
		for i := range n {
			f, err := l.RunInExecutor(nil, func(context.Context) (int, error) { return i, nil })
			if err != nil {
				return 0, err
			}
			v, err := f.Await(co)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, l.ShutdownDefaultExecutor(co)
	})
	b.ResetTimer()
	got, err := l.RunUntilComplete(c)
	b.StopTimer()
	if want := n * (n - 1) / 2; err != nil || got != want {
		b.Fatalf("checksum %d, %v; want %d", got, err, want)
	}
}

// bnMem is a snapshot of the memory figures the pending-task benchmarks
// report, taken after a full collection.
type bnMem struct {
	heap, stack, sys uint64
}

func bnReadMem() bnMem {
	runtime.GC()
	runtime.GC() // the second cycle frees what the first one's finalizers and sweeps left
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return bnMem{heap: ms.HeapInuse, stack: ms.StackInuse, sys: ms.Sys}
}

// bnPeakRSS returns the process's peak resident set (VmHWM in
// /proc/self/status) in bytes, or 0 where that is not available.
func bnPeakRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// bnSpawnPending creates n tasks on l, each awaiting fut, and runs the
// loop until every one of them has taken its first step and is parked on
// the future. It returns the tasks.
func bnSpawnPending(b *testing.B, l *loop.Loop, fut *task.Future[int], n int) []task.Awaitable[int] {
	tasks := make([]task.Awaitable[int], n)
	for i := range tasks {
		t, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
			return fut.Await(co)
		}))
		if err != nil {
			b.Fatal(err)
		}
		tasks[i] = t
	}
	// The first steps of the n tasks are queued before this task's, so
	// once its sleep(0) comes back every task is waiting on fut.
	if _, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (int, error) {
		return 0, task.Sleep(co, 0)
	})); err != nil {
		b.Fatal(err)
	}
	for _, t := range tasks {
		if t.(*task.Task[int]).Done() {
			b.Fatal("a pending task finished")
		}
	}
	return tasks
}

// bnFinish resolves fut with 1 and gathers the tasks; their results must
// add up to their number.
func bnFinish(b *testing.B, l *loop.Loop, fut *task.Future[int], tasks []task.Awaitable[int]) {
	g := task.Gather(l, tasks...)
	if err := fut.SetResult(1); err != nil {
		b.Fatal(err)
	}
	res, err := l.RunUntilComplete(g)
	sum := 0
	for _, v := range res {
		sum += v
	}
	if err != nil || sum != len(tasks) {
		b.Fatalf("gather: checksum %d, %v; want %d", sum, err, len(tasks))
	}
}

// bnGoroutinesCreated is how many goroutines the process has created so
// far.
func bnGoroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// bnPendingTasks measures the memory of n tasks each awaiting a future
// that is not resolved while they are measured: the growth of
// HeapInuse+StackInuse over a fresh loop, after a full collection,
// divided by n. One op creates the tasks, measures, then resolves the
// future and gathers them; ns/task times all but the measuring (the forced
// collections).
//
// The runtime never frees the descriptor of a goroutine that exited (a
// runtime.g, about 480 B in Go 1.27): it keeps it for the next goroutine.
// So the figure counts those descriptors only in a process that has not
// run many goroutines before: run the benchmark alone, with -benchtime=1x,
// as bench/compare.sh does. Otherwise it says so in the log.
func bnPendingTasks(b *testing.B, h loop.Option, n int) {
	if c := bnGoroutinesCreated(); c > 1000 || b.N > 1 {
		b.Logf("%d goroutines ran in this process before (b.N=%d): B/task leaves out the goroutine descriptors "+
			"left for reuse; run this benchmark alone with -benchtime=1x for the full figure", c, b.N)
	}
	var heap, stack float64
	b.ResetTimer()
	for range b.N {
		l := loop.New(loop.WithVirtualClock(), h)
		fut := l.CreateFuture[int]()
		b.StopTimer()
		m0 := bnReadMem()
		b.StartTimer()
		tasks := bnSpawnPending(b, l, fut, n)
		b.StopTimer()
		m1 := bnReadMem()
		b.StartTimer()
		heap += float64(int64(m1.heap-m0.heap)) / float64(n)
		stack += float64(int64(m1.stack-m0.stack)) / float64(n)
		bnFinish(b, l, fut, tasks)
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	ops := float64(b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/ops/float64(n), "ns/task")
	b.ReportMetric((heap+stack)/ops, "B/task")
	b.ReportMetric(heap/ops, "heap-B/task")
	b.ReportMetric(stack/ops, "stack-B/task")
}

// BenchmarkPendingTasks100k: memory per pending task, 100k tasks each
// awaiting a never-resolved future (B/task = heap-B/task + stack-B/task).
// Run each sub-benchmark alone with -benchtime=1x (see bnPendingTasks).
func BenchmarkPendingTasks100k(b *testing.B) {
	bnHandoffs(b, func(b *testing.B, h loop.Option) { bnPendingTasks(b, h, 100_000) })
}

// BenchmarkPendingTasks1M is BenchmarkPendingTasks100k with a million
// tasks (about 4 GB at peak). Run each sub-benchmark alone with
// -benchtime=1x; it is skipped with -short.
func BenchmarkPendingTasks1M(b *testing.B) {
	if testing.Short() {
		b.Skip("a million tasks: not with -short (run it alone with -benchtime=1x)")
	}
	bnHandoffs(b, func(b *testing.B, h loop.Option) { bnPendingTasks(b, h, 1_000_000) })
}

// BenchmarkPendingGather1M: a million tasks awaiting one future; once they
// all wait, the future is resolved and a gather of them all completes.
// Reports the process's peak memory: Sys-MB (runtime.MemStats.Sys, all
// memory the Go runtime obtained from the OS, which only grows) and
// peakRSS-MB (VmHWM). Run each sub-benchmark in a process of its own with
// -benchtime=1x, so that nothing before it raised those peaks; it is
// skipped with -short.
func BenchmarkPendingGather1M(b *testing.B) {
	if testing.Short() {
		b.Skip("a million tasks: not with -short (run it alone with -benchtime=1x)")
	}
	const n = 1_000_000
	bnHandoffs(b, func(b *testing.B, h loop.Option) {
		b.ResetTimer()
		for range b.N {
			l := loop.New(loop.WithVirtualClock(), h)
			fut := l.CreateFuture[int]()
			tasks := bnSpawnPending(b, l, fut, n)
			bnFinish(b, l, fut, tasks)
			if err := l.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/task")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "Sys-MB")
		b.ReportMetric(float64(bnPeakRSS())/(1<<20), "peakRSS-MB")
	})
}
