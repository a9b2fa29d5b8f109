package loop

import (
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
// Inside a coroutine, use GetRunningLoop(co): Go has no goroutine-local
// state, so GetEventLoop cannot see the loop that runs a coroutine, except
// through Run, which makes its loop the default while it runs.
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
// thread-local; we key running loops by goroutine id, which costs a stack
// read per RunForever and per GetEventLoop, never per iteration.
var (
	runningMu  sync.Mutex
	runningByG = map[int64]*Loop{}
	runningAny atomic.Int32
)

// enterRunning registers l as running on the calling goroutine; it fails
// if this goroutine is already running another loop (_check_running).
func (l *Loop) enterRunning() (int64, error) {
	g := coroutine.Goid()
	runningMu.Lock()
	defer runningMu.Unlock()
	if other, ok := runningByG[g]; ok && other != l {
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

func runningOnThisGoroutine() *Loop {
	if runningAny.Load() == 0 {
		return nil
	}
	g := coroutine.Goid()
	runningMu.Lock()
	defer runningMu.Unlock()
	return runningByG[g]
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
