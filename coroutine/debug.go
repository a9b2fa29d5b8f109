package coroutine

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"weak"
)

// This file is the debug-mode support of coroutines.py: knowing which
// goroutine a coroutine runs on (so a loop can check that loop-only calls
// come from the right place) and remembering where coroutines were
// created, so that those never awaited can be reported (CPython's
// "coroutine ... was never awaited" RuntimeWarning).

// debugUsers counts the debug-mode loops that want tracking; tracking
// costs a goroutine-id lookup per coroutine start and a registry entry per
// coroutine, so it is off unless some loop is in debug mode.
var debugUsers atomic.Int32

// EnableTracking turns creation and goroutine tracking on until the
// returned function is called. Loops in debug mode call it.
func EnableTracking() (disable func()) {
	debugUsers.Add(1)
	var once sync.Once
	return func() { once.Do(func() { debugUsers.Add(-1) }) }
}

func tracking() bool { return debugUsers.Load() > 0 }

// Goid returns the id of the calling goroutine. It parses
// runtime.Stack, so it is slow: debug mode only.
func Goid() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	b := bytes.TrimPrefix(buf[:n], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}

// Goid returns the id of the goroutine the coroutine runs on, or 0 if it
// has not started or tracking was off when it started. Safe from any
// goroutine.
func (c *Coroutine[T]) Goid() int64 {
	ctl := c.ctl.Load()
	if ctl == nil {
		return 0
	}
	return ctl.goid.Load()
}

type created struct {
	ref   func() (State, string, bool) // state, name, still alive
	stack string
}

var (
	createdMu sync.Mutex
	createdAt []created
	dropped   []NeverAwaited // collected while still unstarted
)

// track records a new coroutine and where it was created. If it is
// garbage collected still unstarted, a cleanup files the report, the way
// CPython warns when it destroys a coroutine that was never awaited.
func track[T any](c *Coroutine[T]) {
	w := weak.Make(c)
	stack := CallerStack("github.com/goasyncio/goasyncio/coroutine.")
	name := c.Name()
	createdMu.Lock()
	createdAt = append(createdAt, created{
		ref: func() (State, string, bool) {
			c := w.Value()
			if c == nil {
				return Closed, "", false
			}
			return c.state, c.Name(), true
		},
		stack: stack,
	})
	createdMu.Unlock()
	runtime.AddCleanup(c, func(ctl *control) {
		if ctl.started.Load() {
			return
		}
		createdMu.Lock()
		dropped = append(dropped, NeverAwaited{Name: name, Stack: stack})
		createdMu.Unlock()
	}, c.control())
}

// NeverAwaited is a coroutine that was created but neither awaited nor
// driven.
type NeverAwaited struct {
	Name  string // the coroutine's function name
	Stack string // the stack where it was created
}

// TakeNeverAwaited returns the tracked coroutines that are still in the
// Created state and forgets every tracked coroutine. A loop in debug mode
// calls it when it closes.
func TakeNeverAwaited() []NeverAwaited {
	createdMu.Lock()
	list := createdAt
	createdAt = nil
	out := dropped
	dropped = nil
	createdMu.Unlock()
	for _, c := range list {
		if st, name, ok := c.ref(); ok && st == Created {
			out = append(out, NeverAwaited{Name: name, Stack: c.stack})
		}
	}
	return out
}

// CallerStack returns the calling goroutine's stack, oldest call first
// ("most recent call last", as Python prints tracebacks), without its
// header line and without the frames of functions whose names start with
// one of drop (nor those of runtime/debug and of this function).
func CallerStack(drop ...string) string {
	lines := strings.Split(strings.TrimRight(string(debug.Stack()), "\n"), "\n")
	if len(lines) > 0 && strings.HasPrefix(lines[0], "goroutine ") {
		lines = lines[1:]
	}
	drop = append(drop, "runtime/debug.", "github.com/goasyncio/goasyncio/coroutine.CallerStack")
	var frames []string
	for i := 0; i+1 < len(lines); i += 2 {
		fn, loc := lines[i], lines[i+1]
		if strings.HasPrefix(fn, "created by ") {
			continue
		}
		skip := false
		for _, d := range drop {
			if strings.HasPrefix(fn, d) {
				skip = true
				break
			}
		}
		if !skip {
			frames = append(frames, fn+"\n"+loc)
		}
	}
	slices.Reverse(frames)
	return strings.Join(frames, "\n") + "\n"
}
