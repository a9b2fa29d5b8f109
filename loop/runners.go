package loop

import (
	"errors"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// This file is runners.py: asyncio.Runner and asyncio.run.

type runnerState uint8

const (
	runnerCreated runnerState = iota
	runnerInitialized
	runnerClosed
)

// Runner runs coroutines on one loop it owns (asyncio.Runner): each Run
// call runs a coroutine as a task until it is done, and Close cancels
// what is left, shuts the default executor down and closes the loop. The
// loop is created at the first Run or GetLoop, with the options given to
// NewRunner. A Runner is used from one goroutine.
type Runner struct {
	opts  []Option
	loop  *Loop
	state runnerState
}

// NewRunner returns a runner whose loop will be created with opts. While
// the runner is open its loop is the default loop (SetEventLoop), as with
// CPython's Runner; Close forgets it again.
func NewRunner(opts ...Option) *Runner { return &Runner{opts: opts} }

// ErrRunInRunningLoop and ErrRunnerInRunningLoop are returned by Run and
// Runner.Run when called from code that a running loop runs (a callback or
// a task's coroutine).
var (
	ErrRunInRunningLoop    error = task.RuntimeError("asyncio.run() cannot be called from a running event loop")
	ErrRunnerInRunningLoop error = task.RuntimeError("Runner.run() cannot be called from a running event loop")
)

// ErrRunnerClosed is returned by a Runner used after Close.
var ErrRunnerClosed error = task.RuntimeError("Runner is closed")

func (r *Runner) lazyInit() error {
	switch r.state {
	case runnerClosed:
		return ErrRunnerClosed
	case runnerInitialized:
		return nil
	}
	r.loop = New(r.opts...)
	SetEventLoop(r.loop) // as Runner does without a loop_factory
	r.state = runnerInitialized
	return nil
}

// GetLoop returns the runner's loop, creating it if needed (get_loop()).
func (r *Runner) GetLoop() (*Loop, error) {
	if err := r.lazyInit(); err != nil {
		return nil, err
	}
	return r.loop, nil
}

// Run runs c as a task on the runner's loop until it is done and returns
// its result (Runner.run). The task is created on each call, so a second
// Run on the same runner continues on the same loop, with the tasks the
// first one left behind.
func (r *Runner) Run[T any](c *coroutine.Coroutine[T]) (T, error) {
	var zero T
	if c == nil {
		return zero, task.ValueError("a coroutine was expected, got None")
	}
	if runningOnThisGoroutine() != nil {
		return zero, ErrRunnerInRunningLoop
	}
	if err := r.lazyInit(); err != nil {
		_ = c.Close()
		return zero, err
	}
	if r.loop.IsRunning() {
		_ = c.Close()
		return zero, task.RuntimeError("Runner.run() cannot be called from a running event loop")
	}
	t, err := r.loop.CreateTask(c)
	if err != nil {
		return zero, err
	}
	return r.loop.RunUntilComplete(t)
}

// Close cancels the tasks still pending and waits for them (an error one
// of them ends with is reported as "unhandled exception during
// asyncio.run() shutdown"), shuts the default executor down, and closes
// the loop (Runner.close). Closing an unused or closed runner does
// nothing.
func (r *Runner) Close() error {
	if r.state != runnerInitialized {
		return nil
	}
	defer func() {
		defaultMu.Lock()
		if defaultLoop == r.loop {
			defaultLoop = nil
		}
		defaultMu.Unlock()
		r.loop = nil
		r.state = runnerClosed
	}()
	serr := r.loop.shutdown()
	if cerr := r.loop.Close(); cerr != nil {
		return cerr
	}
	return serr
}

// Run runs main in a new loop and closes the loop (asyncio.run): a Runner
// used once. main becomes a task (Task-1 in a fresh program); when it is
// done, the tasks it left behind are cancelled and awaited, the default
// executor is shut down, and the loop is closed. Run returns main's result
// or error. opts configure the loop.
func Run[T any](main *coroutine.Coroutine[T], opts ...Option) (T, error) {
	if runningOnThisGoroutine() != nil {
		var zero T
		return zero, ErrRunInRunningLoop
	}
	r := NewRunner(opts...)
	finished := false
	defer func() {
		if !finished && r.loop != nil {
			// Unwinding from a panic or runtime.Goexit: only close, since
			// running the loop again could fail the same way.
			_ = r.loop.Close()
			r.state = runnerClosed
			defaultMu.Lock()
			if defaultLoop == r.loop {
				defaultLoop = nil
			}
			defaultMu.Unlock()
		}
	}()
	res, err := r.Run(main)
	finished = true
	if cerr := r.Close(); err == nil && cerr != nil {
		// Only a virtual-clock deadlock gets here: leftover tasks that
		// cannot finish being cancelled, where asyncio.run would hang.
		err = cerr
	}
	return res, err
}

// shutdown is the first half of Runner.close: cancel leftover tasks and
// wait for them, then the two shutdown steps CPython runs as tasks
// (asynchronous generators, the default executor). On a virtual clock,
// leftover tasks that cannot finish make it return an error matching
// ErrDeadlock (asyncio.run would hang there); the other steps still run.
func (l *Loop) shutdown() error {
	if l.IsClosed() || l.IsRunning() {
		return nil
	}
	err := l.cancelAllTasks()
	// shutdown_asyncgens: nothing to do (there are no asynchronous
	// generators), but it is a task and takes a Task-N number, as in CPython.
	asyncgens := coroutine.New(func(*coroutine.Co) (struct{}, error) { return struct{}{}, nil })
	if _, aerr := l.RunUntilComplete(asyncgens); aerr != nil {
		return err
	}
	executor := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, l.ShutdownDefaultExecutor(co)
	})
	_, _ = l.RunUntilComplete(executor)
	return err
}

// cancelAllTasks is runners._cancel_all_tasks. It returns the deadlock
// error of a virtual-clock loop whose cancelled tasks cannot finish.
func (l *Loop) cancelAllTasks() error {
	toCancel := l.tasks.AllTasks()
	if len(toCancel) == 0 {
		return nil
	}
	futs := make([]task.AnyFuture, len(toCancel))
	for i, t := range toCancel {
		t.Cancel()
		futs[i] = t
	}
	_, err := l.RunUntilComplete(task.GatherFutures(l, true, futs...))
	if !errors.Is(err, ErrDeadlock) {
		err = nil
	}
	for _, t := range toCancel {
		if t.Cancelled() || !t.Done() {
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
	return err
}
