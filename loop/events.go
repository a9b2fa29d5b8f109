package loop

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// This file is the loop half of events.py: the process-wide default loop
// that get_event_loop returns, and get_running_loop. It is the only global
// loop state in the module; everything else takes its loop explicitly.

var (
	defaultMu   sync.Mutex
	defaultLoop *Loop
)

// GetEventLoop returns the event loop (asyncio.get_event_loop as of
// Python 3.13 in the main thread): called from the goroutine that is
// running a loop (a callback of that loop), it returns that loop;
// otherwise it returns the default loop, creating and setting it on first
// use. If the default loop was closed it is still returned, as CPython
// does; running it then fails with ErrLoopClosed. Safe from any goroutine.
//
// Inside a coroutine, prefer GetRunningLoop(co). GetEventLoop finds the
// running loop from a callback, and from the coroutine of a task the loop
// started (through the goroutine that started it), at the cost of reading
// the goroutine's stack; it cannot from a coroutine started elsewhere (an
// eager task started by another coroutine), and then returns the default
// loop, which Run and an open Runner set to their own.
func GetEventLoop() *Loop {
	if l := runningOnThisGoroutine(); l != nil {
		return l
	}
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultLoop == nil {
		defaultLoop = New()
	}
	return defaultLoop
}

// Which goroutine runs which loop: CPython keeps the running loop in a
// thread-local. We key running loops by goroutine id, and find the loop of
// code running inside a task's coroutine through the goroutine that started
// that coroutine (the "created by ... in goroutine N" line of its stack:
// the loop's goroutine, for a task started by the loop). This costs a
// stack read per RunForever, Run and GetEventLoop, never per iteration.
var (
	runningMu  sync.Mutex
	runningByG = map[int64]*Loop{}
	runningAny atomic.Int32
)

// enterRunning registers l as running on the calling goroutine; it fails
// if this goroutine (or the loop whose coroutine this is) is already
// running another loop (_check_running).
func (l *Loop) enterRunning() (int64, error) {
	g, creator := goroutineIDs()
	runningMu.Lock()
	defer runningMu.Unlock()
	if other, ok := runningByG[g]; ok && other != l {
		return 0, ErrOtherLoopRunning
	}
	if other, ok := runningByG[creator]; ok && other != l && other.IsRunning() {
		return 0, ErrOtherLoopRunning
	}
	runningByG[g] = l
	runningAny.Add(1)
	return g, nil
}

func (l *Loop) leaveRunning(g int64) {
	runningMu.Lock()
	if runningByG[g] == l {
		delete(runningByG, g)
	}
	runningMu.Unlock()
	runningAny.Add(-1)
}

// runningOnThisGoroutine returns the loop the calling code runs under: the
// loop this goroutine runs, or the running loop that started the coroutine
// this goroutine is the body of. Nil if none.
func runningOnThisGoroutine() *Loop {
	if runningAny.Load() == 0 {
		return nil
	}
	g, creator := goroutineIDs()
	runningMu.Lock()
	defer runningMu.Unlock()
	if l := runningByG[g]; l != nil {
		return l
	}
	if l := runningByG[creator]; l != nil && l.IsRunning() {
		return l
	}
	return nil
}

// goroutineIDs returns the calling goroutine's id and, when it is the body
// goroutine of a coroutine (started by coroutine.(*Coroutine).start or by
// iter.Pull for the pull handoff), the id of the goroutine that started
// it; otherwise 0.
func goroutineIDs() (self, creator int64) {
	buf := make([]byte, 8<<10)
	buf = buf[:runtime.Stack(buf, false)]
	self = parseGoid(buf, "goroutine ")
	i := bytes.LastIndex(buf, []byte("\ncreated by "))
	if i < 0 {
		return self, 0
	}
	line := buf[i+len("\ncreated by "):]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	if !bytes.Contains(line, []byte("goasyncio/coroutine.")) && !bytes.HasPrefix(line, []byte("iter.Pull")) {
		return self, 0
	}
	k := bytes.LastIndex(line, []byte(" in goroutine "))
	if k < 0 {
		return self, 0
	}
	return self, parseGoid(line[k:], " in goroutine ")
}

func parseGoid(b []byte, prefix string) int64 {
	i := bytes.Index(b, []byte(prefix))
	if i < 0 {
		return 0
	}
	b = b[i+len(prefix):]
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// ErrOtherLoopRunning is returned when a goroutine that is running one
// loop (from one of its callbacks) tries to run another.
var ErrOtherLoopRunning error = task.RuntimeError("Cannot run the event loop while another loop is running")

// SetEventLoop makes l the default loop (asyncio.set_event_loop); nil
// forgets it, so the next GetEventLoop creates a new one.
func SetEventLoop(l *Loop) {
	defaultMu.Lock()
	defaultLoop = l
	defaultMu.Unlock()
}

// GetRunningLoop returns the loop running the coroutine co
// (asyncio.get_running_loop). It returns task.ErrNoRunningLoop when co is
// not running in a task.
func GetRunningLoop(co *coroutine.Co) (*Loop, error) {
	el, err := task.GetRunningLoop(co)
	if err != nil {
		return nil, err
	}
	if l, ok := el.(*Loop); ok {
		return l, nil
	}
	return nil, task.ErrNoRunningLoop
}
