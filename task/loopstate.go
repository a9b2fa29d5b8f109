package task

import (
	"sync/atomic"

	"github.com/goasyncio/goasyncio/coroutine"
)

// This file answers "what does a loop remember about its tasks?": the task
// running right now (_current_tasks), the tasks not yet done (_all_tasks),
// and futures whose exception nobody retrieved. CPython keeps the first two
// in module globals keyed by loop and reports the last from __del__; we
// keep them in the loop and report at Close, which makes the reports
// deterministic.

// LoopState is the per-loop bookkeeping of package task. A loop embeds one
// and returns it from Tasks; its zero value is ready to use. Its methods
// run on the loop's goroutine.
type LoopState struct {
	current     *taskBase
	head, tail  *taskBase
	live        int
	unretrieved []*futureBase
	compactAt   int
	factory     []TaskOption
	// cancelDepth counts nested Task.Cancel calls (see maxCancelDepth).
	cancelDepth int
	// gatherDepth counts gather calls being built (see gather's marks).
	gatherDepth int
	lastStepped *taskBase

	// Iteration is the loop's current iteration number; the loop keeps it
	// up to date for trace events.
	Iteration uint64
	tracer    Tracer
	now       func() float64

	// Handoff is how the coroutines of this loop's tasks pass control
	// (set by the loop).
	Handoff coroutine.Handoff
	// Workers is the pool of parked goroutines this loop's task
	// coroutines start on (nil: a new goroutine each).
	Workers *coroutine.Workers

	// Watch makes task steps publish the running task for a watchdog on
	// another goroutine (debug mode).
	Watch  bool
	active atomic.Pointer[taskBase]

	// sourceTracebacks holds where each task was created, in debug mode.
	sourceTracebacks map[*taskBase]string
}

func (s *LoopState) setSourceTraceback(t *taskBase, stack string) {
	if s.sourceTracebacks == nil {
		s.sourceTracebacks = map[*taskBase]string{}
	}
	s.sourceTracebacks[t] = stack
}

// ActiveGoid returns the goroutine id of the coroutine whose step is
// running, or 0 (in a plain callback, or with Watch off). Safe from any
// goroutine.
func (s *LoopState) ActiveGoid() int64 {
	if t := s.active.Load(); t != nil {
		return t.coro.Goid()
	}
	return 0
}

// ActiveTaskName names the task whose step is running, or "". Safe from
// any goroutine.
func (s *LoopState) ActiveTaskName() string {
	if t := s.active.Load(); t != nil {
		return t.Name()
	}
	return ""
}

// TakeLastStepped returns the task whose step ran most recently and
// forgets it; debug mode uses it to name slow task steps.
func (s *LoopState) TakeLastStepped() AnyTask {
	t := s.lastStepped
	s.lastStepped = nil
	if t == nil {
		return nil
	}
	return t.self
}

// SetTaskFactory makes opts the default options of every task created on
// the loop from now on (loop.set_task_factory); nil restores the default.
func (s *LoopState) SetTaskFactory(opts []TaskOption) { s.factory = opts }

// TaskFactory returns the options set by SetTaskFactory.
func (s *LoopState) TaskFactory() []TaskOption { return s.factory }

func (s *LoopState) link(t *taskBase) {
	t.linked = true
	t.prev = s.tail
	if s.tail != nil {
		s.tail.next = t
	} else {
		s.head = t
	}
	s.tail = t
	s.live++
}

func (s *LoopState) unlink(t *taskBase) {
	if t.prev != nil {
		t.prev.next = t.next
	} else {
		s.head = t.next
	}
	if t.next != nil {
		t.next.prev = t.prev
	} else {
		s.tail = t.prev
	}
	t.prev, t.next, t.linked = nil, nil, false
	s.live--
}

// Current returns the task whose step is running, or nil.
func (s *LoopState) Current() AnyTask {
	if s.current == nil {
		return nil
	}
	return s.current.self
}

// AllTasks returns the tasks that are not done, in creation order.
func (s *LoopState) AllTasks() []AnyTask {
	out := make([]AnyTask, 0, s.live)
	for t := s.head; t != nil; t = t.next {
		out = append(out, t.self)
	}
	return out
}

// Live returns the number of tasks that are not done.
func (s *LoopState) Live() int { return s.live }

// Close is what closing the loop does to its tasks: each pending task is
// reported ("Task was destroyed but it is pending!", unless it was made
// quiet) and its coroutine closed, which unwinds its goroutine and runs its
// deferred calls; then every exception nobody retrieved is reported
// ("Task exception was never retrieved" / "Future exception was never
// retrieved"). l must already be closed, so nothing new gets scheduled.
func (s *LoopState) Close(l EventLoop) {
	for s.head != nil {
		t := s.head
		s.unlink(t)
		if t.logDestroyPending {
			l.CallExceptionHandler(ExceptionContext{
				Message:         "Task was destroyed but it is pending!",
				Task:            t.self,
				SourceTraceback: t.SourceTraceback(),
			})
		}
		if err := t.coro.Close(); err != nil {
			l.CallExceptionHandler(ExceptionContext{
				Message:   "Exception ignored while closing the coroutine of a pending task",
				Exception: err,
				Task:      t.self,
			})
		}
	}
	s.ReportUnretrieved(l)
}

// ReportUnretrieved reports every future that finished with an exception
// nobody retrieved, and forgets it.
func (s *LoopState) ReportUnretrieved(l EventLoop) {
	list := s.unretrieved
	s.unretrieved = nil
	for _, f := range list {
		f.tracked = false
		if !f.logTraceback {
			continue
		}
		f.logTraceback = false
		ctx := ExceptionContext{Exception: f.err, Future: f.self}
		if f.task != nil {
			ctx.SourceTraceback = f.task.SourceTraceback()
			ctx.Message = "Task exception was never retrieved"
		} else {
			name := "Future"
			if n, ok := f.self.(interface{ className() string }); ok {
				name = n.className()
			}
			ctx.Message = name + " exception was never retrieved"
		}
		l.CallExceptionHandler(ctx)
	}
}

// Compact drops retrieved entries from the unretrieved list; the loop
// calls it now and then so a long run does not accumulate them.
func (s *LoopState) Compact() {
	kept := s.unretrieved[:0]
	for _, f := range s.unretrieved {
		if f.logTraceback {
			kept = append(kept, f)
		} else {
			f.tracked = false
		}
	}
	clear(s.unretrieved[len(kept):])
	s.unretrieved = kept
}

// Unretrieved returns how many futures are listed as holding an exception
// nobody retrieved (some may have been retrieved since; see Compact).
func (s *LoopState) Unretrieved() int { return len(s.unretrieved) }
