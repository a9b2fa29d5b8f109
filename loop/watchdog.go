package loop

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/goasyncio/goasyncio/task"
)

// This file answers "which coroutine is holding the loop up?". CPython's
// debug mode reports a slow callback after it returns; in debug mode our
// loop also watches from another goroutine while a handle runs, and when a
// callback or task step keeps control past a threshold (a coroutine
// calling time.Sleep, or blocking on a channel) it reports the stack of
// the goroutine that holds it: the task's coroutine goroutine, or the
// loop's own.

// WithStuckThreshold sets how long a callback or task step may keep
// control before the debug-mode watchdog reports it with its goroutine's
// stack (1 second by default; 0 disables the watchdog).
func WithStuckThreshold(d time.Duration) Option {
	return optionFunc(func(l *Loop) { l.stuckThreshold = d })
}

// watch is the watchdog's view of the handle being run.
type watch struct {
	start atomic.Int64                // UnixNano when the handle started, 0 when none runs
	desc  atomic.Pointer[task.Handle] // the handle
	seq   atomic.Uint64               // counts handles, so each is reported once
}

func (l *Loop) watchBegin(h *task.Handle) {
	l.wd.desc.Store(h)
	l.wd.seq.Add(1)
	l.wd.start.Store(time.Now().UnixNano())
}

func (l *Loop) watchEnd() { l.wd.start.Store(0) }

// startWatchdog runs the watchdog until the returned function is called.
func (l *Loop) startWatchdog() (stop func()) {
	th := l.stuckThreshold
	if th <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	exited := make(chan struct{})
	loopGoid := l.goid.Load()
	go func() {
		defer close(exited)
		tick := time.NewTicker(th / 4)
		defer tick.Stop()
		var reported uint64
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			start := l.wd.start.Load()
			if start == 0 {
				continue
			}
			seq := l.wd.seq.Load()
			held := time.Since(time.Unix(0, start))
			if held < th || seq == reported {
				continue
			}
			reported = seq
			g := l.tasks.ActiveGoid()
			who := "the loop's goroutine"
			if name := l.tasks.ActiveTaskName(); name != "" {
				who = "the coroutine of " + name
			}
			if g == 0 {
				g = loopGoid
			}
			desc := "a callback"
			if h := l.wd.desc.Load(); h != nil {
				desc = h.String()
			}
			l.warnf("Executing %s has kept control for %.3f seconds; %s (goroutine %d) is at:\n%s",
				desc, held.Seconds(), who, g, goroutineStack(g))
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}

// goroutineStack returns the stack of goroutine g from a dump of all
// goroutines, or a note that it was not found.
func goroutineStack(g int64) string {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	prefix := []byte("goroutine " + strconv.FormatInt(g, 10) + " ")
	for _, block := range bytes.Split(buf[:n], []byte("\n\n")) {
		if bytes.HasPrefix(block, prefix) {
			return string(block) + "\n"
		}
	}
	return fmt.Sprintf("(goroutine %d not found)\n", g)
}
