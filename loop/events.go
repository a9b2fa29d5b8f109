package loop

import (
	"sync"

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

// GetEventLoop returns the default event loop, creating and setting it on
// first use (asyncio.get_event_loop as of Python 3.13 in the main thread).
// If the default loop was closed it is still returned, as CPython does;
// running it then fails with ErrLoopClosed. Safe from any goroutine.
func GetEventLoop() *Loop {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultLoop == nil {
		defaultLoop = New()
	}
	return defaultLoop
}

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
