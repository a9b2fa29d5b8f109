package task

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
)

// Scope says where a call happens, standing in for the thread-local state
// Python reads (the running loop, the current task). Pass the
// *coroutine.Co your coroutine body received when calling from inside a
// coroutine run by a task; pass the EventLoop (a *loop.Loop) when calling
// from outside. Anything else is a programming error and panics.
type Scope = any

// loopOf resolves a Scope to its loop.
func loopOf(s Scope) EventLoop {
	switch s := s.(type) {
	case *coroutine.Co:
		if t, ok := s.Driver().(*taskBase); ok {
			return t.fut.loop
		}
		panic("task: the coroutine is not running in a task; pass its loop instead")
	case EventLoop:
		if s == nil {
			panic("task: nil event loop")
		}
		return s
	case nil:
		panic("task: nil scope: pass a *coroutine.Co or an event loop")
	}
	panic(fmt.Sprintf("task: a scope must be a *coroutine.Co or an event loop, got %T", s))
}

// LoopOf returns the loop of s: the loop itself, or the loop of the task
// running the coroutine whose *coroutine.Co is s (get_running_loop()).
func LoopOf(s Scope) EventLoop { return loopOf(s) }

// GetRunningLoop returns the loop running the coroutine co
// (asyncio.get_running_loop()). Outside a task it returns ErrNoRunningLoop.
func GetRunningLoop(co *coroutine.Co) (EventLoop, error) {
	if t, ok := co.Driver().(*taskBase); ok {
		return t.fut.loop, nil
	}
	return nil, ErrNoRunningLoop
}

// TaskOf returns the task that runs the coroutine co, or nil.
func TaskOf(co *coroutine.Co) AnyTask {
	if t, ok := co.Driver().(*taskBase); ok {
		return t.self
	}
	return nil
}
