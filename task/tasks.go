package task

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is tasks.py's Task: a future that drives a coroutine. A task
// step (__step) resumes the coroutine until it yields; what it yields
// decides what happens next:
//
//	a pending future  → the task adds its wakeup as a done callback and waits
//	nil (bare yield)  → the task queues its next step at the end of the ready queue
//	anything else     → an error is thrown into the coroutine one step later
//	(the body returns) → the task finishes with its result or error
//
// Awaiting a done future or another coroutine never reaches the task: it
// happens inside the coroutine, without yielding.

// taskCounter numbers unnamed tasks Task-1, Task-2, ... across all loops
// of the process, like CPython's module-level counter.
var taskCounter atomic.Uint64

// AnyTask is the untyped view of a Task[T]: what all_tasks and
// current_task return and what a coroutine's driver is.
type AnyTask interface {
	AnyFuture
	// Name returns the task's name (get_name()).
	Name() string
	// SetName renames the task (set_name()).
	SetName(name string)
	// Cancelling returns the number of pending cancel requests.
	Cancelling() int
	// Uncancel decrements the pending cancel requests.
	Uncancel() int
	// CoroName names the coroutine the task runs.
	CoroName() string
	// WaitingOn returns the future the task waits on, or nil (_fut_waiter).
	WaitingOn() AnyFuture
	// SourceTraceback returns where the task was created (debug mode).
	SourceTraceback() string

	tb() *taskBase
}

type coro interface {
	Close() error
	State() coroutine.State
	Name() string
	Goid() int64
}

// taskBase is the untyped part of a task; Task[T] adds the typed future
// and coroutine.
type taskBase struct {
	fut  *futureBase
	self AnyTask
	name string
	num  uint64 // N of the default name Task-N; 0 once named
	coro coro

	// stepH is the handle of the task's queued step. A task has at most
	// one step queued at a time, so one handle, made with the task, serves
	// every step.
	stepH Handle

	futWaiter           AnyFuture
	numCancelsRequested int

	stepExc  error // what the queued step throws into the coroutine
	wakeupFn func(any)

	prev, next *taskBase // the loop's live tasks, in creation order

	// The flags sit together at the end, where they share one word.
	mustCancel        bool
	logDestroyPending bool
	linked            bool
	// coroDropped is set on a task that finished in its eager first
	// step: CPython drops its _coro then, so its repr shows no coro=
	// and get_coro() returns None.
	coroDropped bool
}

// SourceTraceback returns the stack where the task was created, recorded
// in debug mode only (Task._source_traceback).
// (Kept in the loop's bookkeeping, not in the task, so that tasks stay
// small when debug mode is off.)
func (t *taskBase) SourceTraceback() string {
	if t.fut == nil || t.fut.loop == nil {
		return ""
	}
	return t.fut.loop.Tasks().sourceTracebacks[t]
}

func (t *taskBase) tb() *taskBase { return t }

// Name returns the task's name: Task-N unless one was given.
func (t *taskBase) Name() string {
	if t.num != 0 {
		return "Task-" + strconv.FormatUint(t.num, 10)
	}
	return t.name
}

// SetName renames the task.
func (t *taskBase) SetName(name string) { t.name, t.num = name, 0 }

// Cancelling returns how many cancel requests are pending (cancelling()).
func (t *taskBase) Cancelling() int { return t.numCancelsRequested }

// Uncancel withdraws one cancel request and returns how many remain
// (uncancel()). As in 3.13, reaching zero also clears a cancellation that
// has not been delivered yet.
func (t *taskBase) Uncancel() int {
	if t.numCancelsRequested > 0 {
		t.numCancelsRequested--
		if t.numCancelsRequested == 0 {
			t.mustCancel = false
		}
	}
	return t.numCancelsRequested
}

// CoroName names the coroutine the task runs ("fibn").
func (t *taskBase) CoroName() string { return t.coro.Name() }

// WaitingOn returns the future the task is suspended on, or nil.
func (t *taskBase) WaitingOn() AnyFuture { return t.futWaiter }

// finished unlinks a task that just completed from its loop's live list.
func (t *taskBase) finished() {
	if t.linked {
		t.fut.loop.Tasks().unlink(t)
	}
}

// Task is asyncio.Task: a future that runs a coroutine on its loop. Create
// one with loop.CreateTask or [CreateTask]; creating it queues its first
// step with call_soon. A Task is a Future: await it, read its Result, add
// done callbacks. Its methods must be called on the loop's goroutine.
type Task[T any] struct {
	Future[T]
	taskBase
	c *coroutine.Coroutine[T]
	// blk holds the coroutine's control block, so that a task and the
	// state of its handoff are one allocation.
	blk coroutine.Control
}

var (
	_ AnyTask   = (*Task[int])(nil)
	_ AnyFuture = (*Future[int])(nil)
)

// TaskOption configures a new task.
type TaskOption interface{ apply(*taskOptions) }

type taskOptions struct {
	name       string
	hasName    bool
	noLogAbort bool
	eager      bool
}

type optionFunc func(*taskOptions)

func (f optionFunc) apply(o *taskOptions) { f(o) }

// WithName names the task instead of Task-N (create_task(name=...)). As in
// 3.13, a named task does not consume a Task-N number.
func WithName(name string) TaskOption {
	return optionFunc(func(o *taskOptions) { o.name, o.hasName = name, true })
}

// Eager makes the task start eagerly (Task(..., eager_start=True), 3.12):
// if the loop is running, the coroutine runs at once, inside CreateTask,
// until it first suspends; a coroutine that never suspends finishes there
// and CreateTask returns a done task. On a loop that is not running the
// option does nothing. EagerTaskFactory applies it to every task of a loop.
func Eager() TaskOption { return optionFunc(func(o *taskOptions) { o.eager = true }) }

// EagerTaskFactory is asyncio.eager_task_factory: install it with
// loop.SetTaskFactory to make every new task of that loop eager.
var EagerTaskFactory = []TaskOption{Eager()}

// quiet marks a task whose destruction while pending is not reported
// (_log_destroy_pending = False): tasks made by run_until_complete and
// gather.
func quiet() TaskOption { return optionFunc(func(o *taskOptions) { o.noLogAbort = true }) }

// Quiet is the option run_until_complete uses for the task it creates: a
// task that is still pending when its loop closes is reclaimed without a
// "Task was destroyed but it is pending!" report.
func Quiet() TaskOption { return quiet() }

// CreateTask wraps coro in a task on the loop of s and queues its first
// step: asyncio.create_task (inside a coroutine, s is its *coroutine.Co)
// or loop.create_task (s is the loop). On a closed loop it returns
// ErrLoopClosed and leaves coro untouched.
func CreateTask[T any](s Scope, c *coroutine.Coroutine[T], opts ...TaskOption) (*Task[T], error) {
	return NewTask(loopOf(s), c, opts...)
}

// NewTask is CreateTask for an explicit loop: Task(coro, loop=l).
func NewTask[T any](l EventLoop, c *coroutine.Coroutine[T], opts ...TaskOption) (*Task[T], error) {
	if c == nil {
		return nil, TypeError("a coroutine was expected, got None")
	}
	var o taskOptions
	factory := l.Tasks().factory
	if len(opts) > 0 || len(factory) > 0 {
		o = collectOptions(factory, opts)
	}
	if l.IsClosed() {
		// As CPython: refused before the coroutine is touched, so it stays
		// created (and, in debug mode, is reported as never awaited).
		return nil, ErrLoopClosed
	}
	t := &Task[T]{c: c}
	t.futureBase.init(l, t)
	t.futureBase.task = &t.taskBase
	t.taskBase.fut = &t.futureBase
	t.taskBase.self = t
	t.taskBase.coro = c
	t.logDestroyPending = !o.noLogAbort
	if o.hasName && len(factory) == 0 {
		t.name = o.name
	} else {
		t.num = taskCounter.Add(1) // the name Task-N is spelled out when asked for
	}
	t.stepH.Set(taskStep, t, stepName)
	if l.GetDebug() {
		l.Tasks().setSourceTraceback(&t.taskBase, coroutine.CallerStack("github.com/goasyncio/goasyncio/task.",
			"github.com/goasyncio/goasyncio/loop.(*Loop).CreateTask"))
	}
	c.SetDriverIn(&t.taskBase, &t.blk)
	c.SetHandoff(l.Tasks().Handoff)
	c.SetWorkers(l.Tasks().Workers)
	if ls := l.Tasks(); ls.tracer != nil {
		ls.Trace(TraceEvent{Kind: TraceTaskCreated, Task: t})
	}
	if o.eager && l.IsRunning() {
		// Registered first, so all_tasks sees it during its eager step;
		// it unlinks itself if it finishes there.
		l.Tasks().link(&t.taskBase)
		t.eagerStart()
		t.nameAfterFactory(factory, o)
		return t, nil
	}
	if err := l.CallSoonHandle(&t.stepH); err != nil {
		_ = c.Close()
		return nil, err
	}
	l.Tasks().link(&t.taskBase)
	t.nameAfterFactory(factory, o)
	return t, nil
}

// nameAfterFactory names a task made while a task factory is set the way
// CPython 3.13.0's create_task does: the factory makes the task unnamed
// (it takes a Task-N number, and an eager first step runs under that
// name), then the task is renamed to the name asked for, and an unnamed
// one to 'None' (set_name(None), a 3.13.0 quirk; 3.12 kept Task-N).
func (t *Task[T]) nameAfterFactory(factory []TaskOption, o taskOptions) {
	if len(factory) == 0 {
		return
	}
	if o.hasName {
		t.SetName(o.name)
	} else {
		t.SetName("None")
	}
}

// collectOptions applies the loop's task factory, then opts. It is kept
// apart so that a task created without options allocates none.
func collectOptions(factory, opts []TaskOption) taskOptions {
	o := new(taskOptions)
	for _, opt := range factory {
		opt.apply(o)
	}
	for _, opt := range opts {
		opt.apply(o)
	}
	return *o
}

func stepName() string   { return "Task.task_step()" }
func wakeupName() string { return "Task.task_wakeup()" }

// Coro returns the coroutine the task runs (get_coro()).
func (t *Task[T]) Coro() *coroutine.Coroutine[T] {
	if t.coroDropped {
		return nil
	}
	return t.c
}

// SetResult is not allowed on a task: it returns ErrTaskSetResult.
func (t *Task[T]) SetResult(T) error { return ErrTaskSetResult }

// SetException is not allowed on a task: it returns ErrTaskSetException.
func (t *Task[T]) SetException(error) error { return ErrTaskSetException }

// Cancel requests that the task be cancelled (Task.cancel). It returns
// false if the task is already done. Otherwise the request is counted
// (Cancelling), and either the future the task waits on is cancelled, or
// the cancellation is thrown into the coroutine at its next step. The
// coroutine may catch it and go on; the task ends cancelled only if the
// CancelledError escapes. At most one message may be given: it reaches the
// first awaiter of the task.
func (t *Task[T]) Cancel(msg ...string) bool {
	t.logTraceback = false
	if t.state != statePending {
		return false
	}
	ls := t.loop.Tasks()
	if ls.cancelDepth++; ls.cancelDepth > maxCancelDepth {
		ls.cancelDepth-- // the outer calls' defers take back theirs
		panic(ErrCancelRecursion)
	}
	defer func() { ls.cancelDepth-- }()
	t.numCancelsRequested++
	if ls.tracer != nil {
		e := TraceEvent{Kind: TraceTaskCancel, Task: t}
		if len(msg) > 0 {
			e.Detail = msg[0]
		}
		ls.Trace(e)
	}
	if t.futWaiter != nil && t.futWaiter.Cancel(msg...) {
		return true
	}
	t.mustCancel = true
	if len(msg) > 0 {
		t.setCancelMsg(msg[0], true)
	} else {
		t.setCancelMsg("", false)
	}
	return true
}

// stepper is a task seen by the callback of its queued step.
type stepper interface{ queuedStep() }

// taskStep is the callback of a queued step. Its argument is the task, so
// queuing a step allocates nothing (no closure, no generic instantiation
// at run time), and the handle names its task.
func taskStep(a any) { a.(stepper).queuedStep() }

func (t *Task[T]) queuedStep() {
	exc := t.stepExc
	t.stepExc = nil
	t.step(exc)
}

// step is Task.__step: resume the coroutine once and act on what it does.
// exc is nil, or the error to throw into the coroutine.
func (t *Task[T]) step(exc error) {
	if t.state != statePending {
		panic(&InvalidStateError{Msg: "_step(): already done: " + t.String()})
	}
	if t.mustCancel {
		if !IsCancelled(exc) {
			exc = t.makeCancelledError()
		}
		t.mustCancel = false
	}
	t.futWaiter = nil
	ls := t.loop.Tasks()
	prev := ls.current
	ls.current = &t.taskBase
	defer t.leave(ls, prev)
	t.runAndHandleResult(ls, exc)
}

// runAndHandleResult is __step_run_and_handle_result: resume the coroutine
// once (send, or throw exc) and act on how it comes back.
func (t *Task[T]) runAndHandleResult(ls *LoopState, exc error) {
	if ls.Watch {
		// Debug mode: name the task for slow-step reports and publish it
		// for the watchdog and the goroutine check.
		ls.lastStepped = &t.taskBase
		prev := ls.active.Swap(&t.taskBase)
		defer ls.active.Store(prev)
	}
	if ls.tracer != nil {
		ls.Trace(TraceEvent{Kind: TraceStepStart, Task: t, Err: exc})
	}
	var y any
	var done bool
	if exc == nil {
		y, done = t.c.Send()
	} else {
		y, done = t.c.Throw(exc)
	}
	if done {
		t.finish()
		if ls.tracer != nil {
			ls.Trace(TraceEvent{Kind: TraceStepEnd, Task: t, Outcome: StepDone})
		}
		return
	}
	outcome := t.handleYield(y)
	if ls.tracer != nil {
		ls.Trace(TraceEvent{Kind: TraceStepEnd, Task: t, Outcome: outcome, Future: t.futWaiter})
	}
}

// eagerStart is __eager_start: the first step runs now, inside
// create_task, with the new task as the current task.
func (t *Task[T]) eagerStart() {
	ls := t.loop.Tasks()
	prev := ls.current
	ls.current = &t.taskBase
	defer t.leave(ls, prev)
	t.runAndHandleResult(ls, nil)
	t.coroDropped = t.state != statePending
}

// leave is _leave_task. It also settles a task whose coroutine called
// runtime.Goexit, which unwinds the loop's goroutine through here.
func (t *Task[T]) leave(ls *LoopState, prev *taskBase) {
	ls.current = prev
	if t.state == statePending && t.c.State() == coroutine.Closed && t.c.Err() == coroutine.ErrGoexit {
		_ = t.setException(coroutine.ErrGoexit)
		t.logTraceback = false
	}
}

// finish records how the coroutine ended.
func (t *Task[T]) finish() {
	r, err := t.c.Result()
	switch {
	case err == nil && t.mustCancel:
		// Cancelled while running, then returned: the task ends cancelled.
		t.mustCancel = false
		if msg, ok := t.futureBase.cancelMsg(); ok {
			t.futureBase.cancel([]string{msg})
		} else {
			t.futureBase.cancel(nil)
		}
	case err == nil:
		t.result = r
		t.state = stateFinished
		_ = t.scheduleCallbacks()
	case IsCancelled(err):
		t.cancelInfo().exc = err
		t.futureBase.cancel(nil)
	default:
		_ = t.setException(err)
	}
}

// handleYield is the second half of __step: what the coroutine yielded.
func (t *Task[T]) handleYield(y any) StepOutcome {
	if y == nil {
		// Bare yield (sleep(0)): run again next iteration, after
		// everything already queued.
		t.schedule(nil)
		return StepYield
	}
	f, ok := y.(AnyFuture)
	if !ok {
		t.schedule(RuntimeError(fmt.Sprintf("Task got bad yield: %s", pyfmt.Repr(y))))
		return StepBadYield
	}
	fb := f.base()
	outcome := StepBadYield
	switch {
	case fb.loop != t.loop:
		t.schedule(RuntimeError(fmt.Sprintf("Task %s got Future %s attached to a different loop", t.String(), f.String())))
	case !fb.blocking:
		t.schedule(RuntimeError(fmt.Sprintf("yield was used instead of yield from in task %s with %s", t.String(), f.String())))
	case f == AnyFuture(t):
		// (The flag stays set, as in CPython's C task: the next await of
		// this task fails at once with "await wasn't used with future".)
		t.schedule(RuntimeError(fmt.Sprintf("Task cannot await on itself: %s", t.String())))
	default:
		fb.blocking = false
		if t.wakeupFn == nil {
			t.wakeupFn = t.wakeup // made on the first real suspension only
		}
		fb.addCallback(t.wakeupFn, nil, wakeupName)
		fb.callbacks[len(fb.callbacks)-1].waker = &t.taskBase
		t.futWaiter = f
		outcome = StepAwait
		if t.mustCancel {
			var ok bool
			if msg, has := t.futureBase.cancelMsg(); has {
				ok = f.Cancel(msg)
			} else {
				ok = f.Cancel()
			}
			if ok {
				t.mustCancel = false
			}
		}
	}
	return outcome
}

func (t *Task[T]) schedule(exc error) {
	t.stepExc = exc
	if err := t.loop.CallSoonHandle(&t.stepH); err != nil {
		// The loop closed under us; the task stays pending and Close
		// reclaims it.
		return
	}
}

// wakeup is Task.__wakeup: the done callback a waiting task puts on the
// future it awaits. It runs the next step at once, in the same iteration.
func (t *Task[T]) wakeup(arg any) {
	f := arg.(AnyFuture)
	if err := f.base().resultErr(); err != nil {
		t.step(err)
		return
	}
	t.step(nil)
}

// String returns Python's repr:
// <Task pending name='Task-1' coro=<main() running> wait_for=<Future pending cb=[Task.task_wakeup()]>>.
func (t *Task[T]) String() string {
	var b strings.Builder
	b.WriteString("<Task ")
	state := strings.ToLower(t.state.String())
	if t.state == statePending && t.numCancelsRequested > 0 {
		state = "cancelling"
	}
	b.WriteString(state)
	b.WriteString(" name=")
	b.WriteString(pyfmt.Repr(t.Name()))
	if !t.coroDropped {
		b.WriteString(" coro=<")
		b.WriteString(t.c.Name())
		if t.state == statePending {
			b.WriteString("() running>")
		} else {
			b.WriteString("() done>")
		}
	}
	switch {
	case t.state == stateFinished && t.err != nil:
		b.WriteString(" exception=")
		b.WriteString(pyfmt.Repr(t.err))
	case t.state == stateFinished:
		b.WriteString(" result=")
		b.WriteString(pyfmt.ReprLimit(t.result))
	}
	if t.futWaiter != nil {
		b.WriteString(" wait_for=")
		b.WriteString(t.futWaiter.String())
	}
	t.futureBase.writeCallbacks(&b)
	b.WriteString(">")
	return b.String()
}

// CurrentTask returns the task running right now on the loop of s, or nil
// in a plain callback (current_task()).
func CurrentTask(s Scope) AnyTask {
	ls := loopOf(s).Tasks()
	if ls.current == nil {
		return nil
	}
	return ls.current.self
}

// AllTasks returns the loop's tasks that are not done, in creation order
// (all_tasks(); CPython returns a set, whose order is arbitrary).
func AllTasks(s Scope) []AnyTask { return loopOf(s).Tasks().AllTasks() }
