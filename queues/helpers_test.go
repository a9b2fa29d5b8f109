package queues_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// qtOut collects what a Go twin prints, for difftest.Compare.
type qtOut struct{ b strings.Builder }

// p prints like Python's print.
func (o *qtOut) p(args ...any) { _, _ = pyfmt.Fprintln(&o.b, args...) }

// r is repr(), for printing errors as Python's repr(e).
func qtR(v any) string { return pyfmt.Repr(v) }

// qtRun runs main on a fresh virtual-clock loop (Python:
// loop = new_event_loop(); loop.run_until_complete(main()); loop.close())
// and compares the output with the Python twin testdata/<name>.py.
func qtRun(t *testing.T, name string, main func(co *coroutine.Co, o *qtOut) error) {
	t.Helper()
	o := &qtOut{}
	l := loop.New(loop.WithVirtualClock())
	_, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, main(co, o)
	}))
	if err != nil {
		t.Errorf("main: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	difftest.Compare(t, o.b.String(), "testdata/"+name+".py")
}

// qtGo starts fn as a task (asyncio.create_task).
func qtGo(co *coroutine.Co, fn func(co *coroutine.Co) error) *task.Task[struct{}] {
	tk, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, fn(co)
	}))
	if err != nil {
		panic(err)
	}
	return tk
}

// qtGoV starts fn, which returns a value, as a task.
func qtGoV[T any](co *coroutine.Co, fn func(co *coroutine.Co) (T, error)) *task.Task[T] {
	tk, err := task.CreateTask(co, coroutine.New(fn))
	if err != nil {
		panic(err)
	}
	return tk
}

// qtSleep0 is await asyncio.sleep(0).
func qtSleep0(co *coroutine.Co) error { return task.Sleep(co, 0) }

// qtMust panics on an unexpected error, which fails the test through the
// task's exception (CPython would raise).
func qtMust(err error) {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
}

// qtMust1 is qtMust for a call returning a value.
func qtMust1[T any](v T, err error) T {
	qtMust(err)
	return v
}

// qtStr is str().
func qtStr(v any) string { return pyfmt.Str(v) }
