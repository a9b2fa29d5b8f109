// Package rtrace tags what an event loop does for Go's execution tracer
// (runtime/trace), so that `go tool trace` shows asyncio tasks and their
// steps next to goroutines, system calls and the garbage collector.
//
//	f, _ := os.Create("run.trace")
//	trace.Start(f)
//	rt := rtrace.New()
//	l := loop.New(loop.WithTracer(rt))
//	... run the loop ...
//	l.Close()
//	rt.End()
//	trace.Stop()
//
// then run `go tool trace run.trace` (or, from a test, `go test
// -trace=run.trace` and the same command).
//
// # What is recorded
//
//   - The loop is a runtime/trace task of type "asyncio loop". Each
//     iteration (_run_once) is a region "iteration" of it, and each handle
//     the iteration runs a region "handle" inside that, preceded by a log
//     message (category "handle") naming the callback.
//   - Each asyncio task is a runtime/trace task whose type is the task's
//     name, created when the asyncio task is created and ended when it is
//     done. A task created while another task's step runs is a subtask of
//     that task's trace task, so `go tool trace` shows the task tree.
//   - Each step of a task is a region "step" of the task's trace task,
//     followed by a log message saying how it ended: category "await"
//     with what it now waits on, or "yield", "done", "error", "cancelled".
//     A step resumed by throwing an error into it logs "resume" with the
//     error first.
//   - Log messages tie other events to the task concerned: "wakeup" (a
//     future it waits on completed, logged where that happened), "cancel"
//     (a cancel request), "exception" (the exception handler was called
//     about it), "created" (its coroutine's name).
//
// # Where the regions are
//
// Regions must begin and end on one goroutine. A task step is driven by
// the loop's goroutine, which hands control to the coroutine's own
// goroutine and blocks until the coroutine yields, so a "step" region
// lies on the loop's goroutine (on the creating coroutine's goroutine for
// an eager task's first step) and spans exactly the time the coroutine
// ran. The coroutine's goroutine appears in the trace as unblocked when
// the step begins and blocked again when it ends; log messages emitted
// while it runs (a wakeup of another task, a cancel request, a task
// created) are on that goroutine, with the task they concern.
//
// # What go tool trace shows
//
// "User-defined tasks" lists the task types: one per asyncio task name
// (and "asyncio loop"), with how many there were and how long they lived
// from creation to done. Selecting one shows, per task, its regions and
// log messages in order ("step", "await sleep", "wakeup", "step", "done")
// and the goroutines that took part. "User-defined regions" gives the
// duration distribution of "iteration", "handle" and "step" regions, so
// a slow step or callback stands out, and links to the goroutines that
// ran them.
//
// With runtime tracing off, the tracer still works and costs little:
// runtime/trace returns no-op tasks and regions.
package rtrace

import (
	"context"
	"runtime/trace"
	"strings"
	"sync"

	"github.com/goasyncio/goasyncio/task"
)

// Tracer is a task.Tracer that tags a loop's work for runtime/trace.
// Install it with loop.WithTracer or Loop.SetTracer; one Tracer serves
// one loop. Create it with [New]; call End when the loop is done with, so
// trace tasks still open (the loop's, tasks left pending) are ended.
type Tracer struct {
	mu     sync.Mutex
	parent context.Context

	loopCtx  context.Context
	loopTask *trace.Task
	iter     *trace.Region
	handle   *trace.Region

	tasks map[task.AnyTask]*taskTrace
	steps []*taskTrace // tasks whose step is running, innermost last
	// sleeps: futures a timer scheduled in the running step will complete
	// (asyncio.sleep's), so its "await" log can say "sleep".
	sleeps map[any]bool
}

var _ task.Tracer = (*Tracer)(nil)

// taskTrace is the runtime/trace side of one asyncio task.
type taskTrace struct {
	ctx    context.Context
	tt     *trace.Task
	region *trace.Region // the running step, or nil
	done   bool          // the task is done; end tt when its step ends
}

// Option configures a Tracer.
type Option interface{ apply(*Tracer) }

type optionFunc func(*Tracer)

func (f optionFunc) apply(t *Tracer) { f(t) }

// WithContext makes the loop's trace task a subtask of the runtime/trace
// task in ctx (context.Background() by default).
func WithContext(ctx context.Context) Option {
	return optionFunc(func(t *Tracer) { t.parent = ctx })
}

// New returns a Tracer.
func New(opts ...Option) *Tracer {
	t := &Tracer{parent: context.Background(), tasks: map[task.AnyTask]*taskTrace{}, sleeps: map[any]bool{}}
	for _, o := range opts {
		o.apply(t)
	}
	return t
}

// Context returns the context carrying the runtime/trace task of tk (nil
// if the tracer has not seen tk, or tk is done). Code running in the task
// can pass it to trace.Log, trace.WithRegion or trace.NewTask to add its
// own annotations to the task:
//
//	trace.Log(rt.Context(task.CurrentTask(co)), "cache", "miss")
func (t *Tracer) Context(tk task.AnyTask) context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tr, ok := t.tasks[tk]; ok {
		return tr.ctx
	}
	return nil
}

// End ends the runtime/trace tasks still open: those of asyncio tasks
// that were not seen to finish (left pending when the loop closed) and
// the loop's. Call it after the loop is closed; events that come later
// start a new loop task.
func (t *Tracer) End() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for tk, tr := range t.tasks {
		tr.tt.End()
		delete(t.tasks, tk)
	}
	if t.loopTask != nil {
		t.loopTask.End()
		t.loopTask, t.loopCtx = nil, nil
	}
}

func (t *Tracer) loop() context.Context {
	if t.loopCtx == nil {
		t.loopCtx, t.loopTask = trace.NewTask(t.parent, "asyncio loop")
	}
	return t.loopCtx
}

// of returns the trace of tk, creating it (as a subtask of the running
// step's task, or of the loop) if the tracer has not seen tk yet.
func (t *Tracer) of(tk task.AnyTask) *taskTrace {
	if tr, ok := t.tasks[tk]; ok {
		return tr
	}
	parent := t.loop()
	if n := len(t.steps); n > 0 {
		parent = t.steps[n-1].ctx
	}
	ctx, tt := trace.NewTask(parent, tk.Name())
	tr := &taskTrace{ctx: ctx, tt: tt}
	t.tasks[tk] = tr
	trace.Log(ctx, "created", tk.CoroName()+"()")
	return tr
}

// Event records e (task.Tracer).
func (t *Tracer) Event(e task.TraceEvent) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch e.Kind {
	case task.TraceIterationStart:
		t.iter = trace.StartRegion(t.loop(), "iteration")
	case task.TraceIterationEnd:
		if t.iter != nil {
			t.iter.End()
			t.iter = nil
		}
	case task.TraceHandleStart:
		if e.Handle != nil {
			trace.Log(t.loop(), "handle", e.Handle.CallbackName())
		}
		t.handle = trace.StartRegion(t.loop(), "handle")
	case task.TraceHandleEnd:
		if t.handle != nil {
			t.handle.End()
			t.handle = nil
		}
	case task.TraceTaskCreated:
		t.of(e.Task)
	case task.TraceStepStart:
		tr := t.of(e.Task)
		if e.Err != nil {
			trace.Log(tr.ctx, "resume", errText(e.Err))
		}
		tr.region = trace.StartRegion(tr.ctx, "step")
		t.steps = append(t.steps, tr)
	case task.TraceStepEnd:
		t.stepEnd(e)
	case task.TraceTaskDone:
		tr, ok := t.tasks[e.Task]
		if !ok {
			return
		}
		if tr.region != nil {
			tr.done = true // ended with its step
			return
		}
		tr.tt.End()
		delete(t.tasks, e.Task)
	case task.TraceTimerScheduled:
		if e.Timer != nil && len(t.steps) > 0 {
			if f, ok := e.Timer.Arg().(task.AnyFuture); ok {
				t.sleeps[f] = true
			}
		}
	case task.TraceTaskCancel:
		trace.Log(t.of(e.Task).ctx, "cancel", e.Detail)
	case task.TraceCallbackScheduled:
		if e.Task != nil {
			trace.Log(t.of(e.Task).ctx, "wakeup", describe(e.Future)+" done")
		}
	case task.TraceException:
		ctx := t.loop()
		if e.Task != nil {
			if tr, ok := t.tasks[e.Task]; ok {
				ctx = tr.ctx
			}
		}
		msg := e.Detail
		if e.Err != nil {
			msg += ": " + errText(e.Err)
		}
		trace.Log(ctx, "exception", msg)
	}
}

func (t *Tracer) stepEnd(e task.TraceEvent) {
	n := len(t.steps)
	tr, ok := t.tasks[e.Task]
	if !ok || n == 0 || t.steps[n-1] != tr {
		return // the step began before the tracer was installed
	}
	t.steps = t.steps[:n-1]
	defer clear(t.sleeps)
	switch e.Outcome {
	case task.StepAwait:
		what := describe(e.Future)
		if t.sleeps[e.Future] {
			what = "sleep"
		}
		trace.Log(tr.ctx, "await", what)
	case task.StepDone:
		trace.Log(tr.ctx, end(e), "")
	default:
		trace.Log(tr.ctx, e.Outcome.String(), "")
	}
	if tr.region != nil {
		tr.region.End()
		tr.region = nil
	}
	if tr.done {
		tr.tt.End()
		delete(t.tasks, e.Task)
	}
}

// end says how a finished task ended ("done", "error" or "cancelled"),
// without retrieving its exception.
func end(e task.TraceEvent) string {
	switch {
	case e.Task.Cancelled():
		return "cancelled"
	case e.Err != nil, strings.Contains(e.Task.String(), "() done> exception="):
		return "error"
	}
	return "done"
}

// describe names a future shortly: "Task 'name'", or its type as its
// repr gives it ("Future", "_GatheringFuture").
func describe(f task.AnyFuture) string {
	if f == nil {
		return ""
	}
	if tk, ok := f.(task.AnyTask); ok {
		return "Task '" + tk.Name() + "'"
	}
	s := strings.TrimPrefix(f.String(), "<")
	if i := strings.IndexAny(s, " >"); i >= 0 {
		s = s[:i]
	}
	return s
}

func errText(err error) string {
	if r, ok := err.(interface{ PyRepr() string }); ok {
		return r.PyRepr()
	}
	return err.Error()
}
