package task

import (
	"strconv"
	"strings"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is taskgroups.py: structured concurrency. A TaskGroup's block
// runs in the parent task; tasks created in the group are awaited when the
// block ends. The first child to fail cancels its siblings and the parent's
// block, and every error is collected into an ExceptionGroup.

// ExceptionGroup is Python's ExceptionGroup / BaseExceptionGroup: several
// errors raised together. errors.Is and errors.As look inside it (it is a
// Go joined error: Unwrap returns the list).
type ExceptionGroup struct {
	Msg  string
	Errs []error
}

// Error is Python's str: "unhandled errors in a TaskGroup (2 sub-exceptions)".
func (e *ExceptionGroup) Error() string {
	n := len(e.Errs)
	s := e.Msg + " (" + strconv.Itoa(n) + " sub-exception"
	if n != 1 {
		s += "s"
	}
	return s + ")"
}

// Unwrap returns the grouped errors, for errors.Is and errors.As.
func (e *ExceptionGroup) Unwrap() []error { return e.Errs }

// PyRepr is Python's repr: ExceptionGroup('msg', [ValueError('x')]).
func (e *ExceptionGroup) PyRepr() string {
	parts := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		parts[i] = pyfmt.Repr(err)
	}
	return "ExceptionGroup(" + pyfmt.Repr(e.Msg) + ", [" + strings.Join(parts, ", ") + "])"
}

// TaskGroup is asyncio.TaskGroup. Create one with NewTaskGroup and enter
// it with Run, or use WithTaskGroup. Its methods run on the loop's
// goroutine, from the parent task and the children.
type TaskGroup struct {
	entered, exiting, aborting bool
	loop                       EventLoop
	parent                     AnyTask
	parentCancelRequested      bool
	tasks                      []AnyTask // in creation order; done ones removed
	errors                     []error
	onCompleted                *Future[bool]
}

// NewTaskGroup returns a task group that has not been entered.
func NewTaskGroup() *TaskGroup { return &TaskGroup{} }

// WithTaskGroup runs body inside a new task group (async with
// asyncio.TaskGroup() as tg) and waits for every task created in it.
func WithTaskGroup(co *coroutine.Co, body func(tg *TaskGroup) error) error {
	g := NewTaskGroup()
	return g.Run(co, func() error { return body(g) })
}

// String is Python's repr: <TaskGroup tasks=2 entered>.
func (g *TaskGroup) String() string {
	info := []string{""}
	if len(g.tasks) > 0 {
		info = append(info, "tasks="+strconv.Itoa(len(g.tasks)))
	}
	if len(g.errors) > 0 {
		info = append(info, "errors="+strconv.Itoa(len(g.errors)))
	}
	if g.aborting {
		info = append(info, "cancelling")
	} else if g.entered {
		info = append(info, "entered")
	}
	return "<TaskGroup" + strings.Join(info, " ") + ">"
}

// Run enters the group, runs body, and then waits for all the group's
// tasks (__aenter__ / __aexit__). It returns body's CancelledError if the
// parent was cancelled from outside, an *ExceptionGroup with every child
// error (and body's own error) if anything failed, and nil otherwise.
func (g *TaskGroup) Run(co *coroutine.Co, body func() error) error {
	if g.entered {
		return RuntimeError("TaskGroup " + g.String() + " has already been entered")
	}
	if g.loop == nil {
		g.loop = loopOf(co)
	}
	g.parent = TaskOf(co)
	if g.parent == nil {
		return RuntimeError("TaskGroup " + g.String() + " cannot determine the parent task")
	}
	g.entered = true
	return g.exit(co, body())
}

func (g *TaskGroup) exit(co *coroutine.Co, exc error) error {
	g.exiting = true
	var propagate error
	if exc != nil && IsCancelled(exc) {
		propagate = exc
	}
	if exc != nil && !g.aborting {
		g.abort()
	}
	for len(g.tasks) > 0 {
		if g.onCompleted == nil {
			g.onCompleted = NewFuture[bool](g.loop)
		}
		if _, err := g.onCompleted.Await(co); err != nil && IsCancelled(err) {
			if !g.aborting {
				propagate = err
				g.abort()
			}
		}
		g.onCompleted = nil
	}
	if g.parentCancelRequested {
		if g.parent.Uncancel() == 0 {
			propagate = nil
		}
	}
	if propagate != nil && len(g.errors) == 0 {
		return propagate
	}
	if exc != nil && !IsCancelled(exc) {
		g.errors = append(g.errors, exc)
	}
	if len(g.errors) > 0 {
		if g.parent.Cancelling() > 0 {
			g.parent.Uncancel()
			g.parent.Cancel()
		}
		errs := g.errors
		g.errors = nil
		return &ExceptionGroup{Msg: "unhandled errors in a TaskGroup", Errs: errs}
	}
	return nil
}

// CreateTask creates a task in the group (TaskGroup.create_task). Before
// the group is entered, after it finished, or while it is shutting down,
// the coroutine is closed and a RuntimeError returned.
func (g *TaskGroup) CreateTask[T any](c *coroutine.Coroutine[T], opts ...TaskOption) (*Task[T], error) {
	switch {
	case !g.entered:
		_ = c.Close()
		return nil, RuntimeError("TaskGroup " + g.String() + " has not been entered")
	case g.exiting && len(g.tasks) == 0:
		_ = c.Close()
		return nil, RuntimeError("TaskGroup " + g.String() + " is finished")
	case g.aborting:
		_ = c.Close()
		return nil, RuntimeError("TaskGroup " + g.String() + " is shutting down")
	}
	t, err := NewTask(g.loop, c, opts...)
	if err != nil {
		return nil, err
	}
	if t.Done() {
		g.onTaskDone(t)
	} else {
		g.tasks = append(g.tasks, t)
		AddDoneCallbackNamed(t, g.onTaskDone, cbTaskGroupName)
	}
	return t, nil
}

// abort cancels every child that is not done (in creation order; CPython
// iterates a set).
func (g *TaskGroup) abort() {
	g.aborting = true
	for _, t := range g.tasks {
		if !t.Done() {
			t.Cancel()
		}
	}
}

func (g *TaskGroup) onTaskDone(f AnyFuture) {
	t := f.(AnyTask)
	for i, x := range g.tasks {
		if x == t {
			g.tasks = append(g.tasks[:i], g.tasks[i+1:]...)
			break
		}
	}
	if g.onCompleted != nil && len(g.tasks) == 0 && !g.onCompleted.Done() {
		_ = g.onCompleted.SetResult(true)
	}
	if t.Cancelled() {
		return
	}
	exc, _ := t.Exception()
	if exc == nil {
		return
	}
	g.errors = append(g.errors, exc)
	if g.parent.Done() {
		g.loop.CallExceptionHandler(ExceptionContext{
			Message:   "Task " + t.String() + " has errored out but its parent task " + g.parent.String() + " is already completed",
			Exception: exc,
			Task:      t,
		})
		return
	}
	if !g.aborting && !g.parentCancelRequested {
		g.abort()
		g.parentCancelRequested = true
		g.parent.Cancel()
	}
}
