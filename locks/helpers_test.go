package locks

import (
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// lkPrint is the print of a twin: it writes to the test's buffer.
type lkPrint func(args ...any)

// lkRun runs main as asyncio.run(main()) on a loop with a virtual clock
// and returns what it printed.
func lkRun(t *testing.T, main func(co *coroutine.Co, p lkPrint) error) string {
	t.Helper()
	var out strings.Builder
	p := func(args ...any) { _, _ = pyfmt.Fprintln(&out, args...) }
	_, err := loop.Run(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, main(co, p)
	}), loop.WithVirtualClock())
	if err != nil {
		t.Fatalf("main failed: %v\noutput so far:\n%s", err, out.String())
	}
	return out.String()
}

// lkTwin runs main and compares its output with the Python program
// testdata/name.py.
func lkTwin(t *testing.T, name string, main func(co *coroutine.Co, p lkPrint) error) {
	t.Helper()
	got := lkRun(t, main)
	difftest.Compare(t, got, "testdata/"+name+".py")
}

// lkSpawn is asyncio.create_task(coro) for a coroutine without a result.
func lkSpawn(co *coroutine.Co, fn func(co *coroutine.Co) error) *task.Task[struct{}] {
	t, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, fn(co)
	}))
	if err != nil {
		panic(err)
	}
	return t
}

// lkGather is await asyncio.gather(*ts).
func lkGather[T any](co *coroutine.Co, ts ...*task.Task[T]) ([]T, error) {
	aws := make([]task.Awaitable[T], len(ts))
	for i, t := range ts {
		aws[i] = t
	}
	return task.Gather(co, aws...).Await(co)
}

// lkGatherRE is await asyncio.gather(*ts, return_exceptions=True).
func lkGatherRE[T any](co *coroutine.Co, ts ...*task.Task[T]) ([]task.Outcome[T], error) {
	aws := make([]task.Awaitable[T], len(ts))
	for i, t := range ts {
		aws[i] = t
	}
	return task.GatherReturnExceptions(co, aws...).Await(co)
}

// lkSleep0 is await asyncio.sleep(0).
func lkSleep0(co *coroutine.Co) error { return task.Sleep(co, 0) }
