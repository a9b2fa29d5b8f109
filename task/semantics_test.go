package task_test

// Differential tests for sections 4 to 9 of asyncio-semantics.md (Future,
// coroutines and await, Task, cancellation, sleep, gather). Each test is
// the Go twin of one program in testdata/sem49: it builds the same program
// with our API, collects what it prints, and compares that with what
// CPython 3.13 prints (or with the committed golden file).
//
// Every twin runs on a fresh loop with the virtual clock; the Python side
// uses CPython's own loop with its time source replaced the same way
// (testdata/sem49/sem.py). Many programs start a ticker first: a callback
// that prints "iter N" and queues itself again, so it runs first in every
// iteration and its lines mark where each iteration begins.

import (
	"errors"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// semEnv is what a twin's main coroutine works with: its loop and the
// output it prints into.
type semEnv struct {
	t   *testing.T
	l   *loop.Loop
	out strings.Builder
}

// p is Python's print.
func (e *semEnv) p(args ...any) { pyfmt.Fprintln(&e.out, args...) }

// semTicker queues the iteration counter of sem.py's start_ticker: it
// prints "iter N" and queues itself again, limit times.
func (e *semEnv) semTicker(limit int) {
	n := 0
	var tick func()
	tick = func() {
		n++
		e.p("iter", n)
		if n < limit {
			if _, err := e.l.CallSoon(tick); err != nil {
				e.t.Errorf("ticker: %v", err)
			}
		}
	}
	if _, err := e.l.CallSoon(tick); err != nil {
		e.t.Fatalf("ticker: %v", err)
	}
}

// semConfig describes how a twin's main coroutine is run.
type semConfig struct {
	ticker   int    // iterations the ticker counts; 0 for no ticker
	mainName string // run main as a task with this name (loop.create_task(main(), name=...))
}

// semRun runs main on a new virtual-clock loop the way the Python twins
// do (loop = new_loop(); start_ticker(...); loop.run_until_complete(main());
// loop.close()) and compares the output with testdata/sem49/<py>.
func semRun(t *testing.T, py string, cfg semConfig, main func(co *coroutine.Co, e *semEnv) error) {
	t.Helper()
	e := &semEnv{t: t}
	e.l = loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	if cfg.ticker > 0 {
		e.semTicker(cfg.ticker)
	}
	c := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, main(co, e)
	})
	var err error
	if cfg.mainName != "" {
		mt, cerr := e.l.CreateTask(c, task.WithName(cfg.mainName))
		if cerr != nil {
			t.Fatal(cerr)
		}
		_, err = e.l.RunUntilComplete(mt)
	} else {
		_, err = e.l.RunUntilComplete(c)
	}
	if err != nil {
		t.Errorf("main ended with %s", pyfmt.Repr(err))
	}
	if cerr := e.l.Close(); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	difftest.Compare(t, e.out.String(), filepath.Join("testdata", "sem49", py))
}

// semCancelled returns err as a *task.CancelledError, or nil.
func semCancelled(err error) *task.CancelledError {
	var ce *task.CancelledError
	if errors.As(err, &ce) {
		return ce
	}
	return nil
}

// semIsRuntime reports whether err is a task.RuntimeError.
func semIsRuntime(err error) bool {
	var re task.RuntimeError
	return errors.As(err, &re)
}

// semKeyError is Python's KeyError, for programs that raise one.
type semKeyError string

func (e semKeyError) Error() string  { return string(e) }
func (e semKeyError) PyRepr() string { return "KeyError(" + pyfmt.Repr(string(e)) + ")" }

// semRound is Python's round(x, 3) for the loop times the twins print.
func semRound(x float64) float64 { return math.Round(x*1000) / 1000 }

// semUnit is the result of coroutines that return None.
type semUnit = struct{}

var semNone semUnit
