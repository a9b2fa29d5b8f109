package loop

import (
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// This file is runners.py: asyncio.run.

// Run runs main in a new loop and closes the loop (asyncio.run). main
// becomes a task; when it is done, the tasks it left behind are cancelled
// and run until they finish (an error one of them ends with is reported as
// "unhandled exception during asyncio.run() shutdown"), and the loop is
// closed. Run returns main's result or error. opts configure the loop.
func Run[T any](main *coroutine.Coroutine[T], opts ...Option) (T, error) {
	var zero T
	if main == nil {
		return zero, task.ValueError("a coroutine was expected, got None")
	}
	l := New(opts...)
	finished := false
	defer func() {
		// After a panic or runtime.Goexit out of the loop, only close:
		// running the loop again while unwinding could fail the same way.
		if finished {
			l.shutdown()
		}
		_ = l.Close()
	}()
	t, err := l.CreateTask(main)
	if err != nil {
		return zero, err
	}
	res, err := l.RunUntilComplete(t)
	finished = true
	return res, err
}

// shutdown is Runner.close before loop.close: cancel leftover tasks and
// wait for them, then the two shutdown steps CPython runs as tasks
// (asynchronous generators, the default executor).
func (l *Loop) shutdown() {
	if l.IsClosed() || l.IsRunning() {
		return
	}
	l.cancelAllTasks()
	// shutdown_asyncgens: nothing to do (there are no asynchronous
	// generators), but it is a task and takes a Task-N number, as in CPython.
	asyncgens := coroutine.New(func(*coroutine.Co) (struct{}, error) { return struct{}{}, nil })
	if _, err := l.RunUntilComplete(asyncgens); err != nil {
		return
	}
	executor := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, l.ShutdownDefaultExecutor(co)
	})
	_, _ = l.RunUntilComplete(executor)
}

// cancelAllTasks is runners._cancel_all_tasks.
func (l *Loop) cancelAllTasks() {
	toCancel := l.tasks.AllTasks()
	if len(toCancel) == 0 {
		return
	}
	futs := make([]task.AnyFuture, len(toCancel))
	for i, t := range toCancel {
		t.Cancel()
		futs[i] = t
	}
	_, _ = l.RunUntilComplete(task.GatherFutures(l, true, futs...))
	for _, t := range toCancel {
		if t.Cancelled() {
			continue
		}
		if exc, _ := t.Exception(); exc != nil {
			l.CallExceptionHandler(task.ExceptionContext{
				Message:   "unhandled exception during asyncio.run() shutdown",
				Exception: exc,
				Task:      t,
			})
		}
	}
}
