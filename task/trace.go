package task

import "strconv"

// This file answers "what is the loop doing?": the events a loop reports
// to a Tracer, one per step of its work. Nothing here exists in CPython;
// it is how goasyncio lets people watch _run_once, __step and __wakeup at
// work. With no tracer installed, each place that could report costs one
// nil check.

// Tracer receives the events of a loop (install one with
// loop.WithTracer). Event is called on the goroutine that runs the loop, or
// on the coroutine goroutine of the task being stepped, one call at a time,
// never concurrently; it must not call back into the loop.
type Tracer interface {
	Event(e TraceEvent)
}

// TraceKind says what happened.
type TraceKind uint8

const (
	// TraceIterationStart: _run_once is about to run its snapshot of Ready
	// handles, TimersMoved of which are timers that just became due.
	TraceIterationStart TraceKind = iota + 1
	// TraceIterationEnd: the snapshot has run.
	TraceIterationEnd
	// TraceHandleStart / TraceHandleEnd: one handle of the snapshot runs
	// (a callback, a task step, a task wakeup).
	TraceHandleStart
	TraceHandleEnd
	// TraceStepStart: a task's coroutine is resumed (Err is what is thrown
	// into it, if anything).
	TraceStepStart
	// TraceStepEnd: the coroutine handed control back; Outcome says how,
	// Future is what it now waits on.
	TraceStepEnd
	// TraceTaskCreated, TraceTaskCancel (a cancel request, Detail = the
	// message), TraceTaskDone.
	TraceTaskCreated
	TraceTaskCancel
	TraceTaskDone
	// TraceFutureDone: a future (or task) completed; TraceCallbackScheduled:
	// one of its done callbacks was queued (Detail = the callback).
	TraceFutureDone
	TraceCallbackScheduled
	// TraceTimerScheduled, TraceTimerFired (moved to the ready queue),
	// TraceTimerCancelled.
	TraceTimerScheduled
	TraceTimerFired
	TraceTimerCancelled
	// TraceException: the exception handler was called (Detail = message).
	TraceException
)

var traceKindNames = [...]string{"", "iteration-start", "iteration-end", "handle-start", "handle-end",
	"step-start", "step-end", "task-created", "task-cancel", "task-done", "future-done",
	"callback-scheduled", "timer-scheduled", "timer-fired", "timer-cancelled", "exception"}

func (k TraceKind) String() string {
	if int(k) < len(traceKindNames) {
		return traceKindNames[k]
	}
	return "TraceKind(" + strconv.Itoa(int(k)) + ")"
}

// StepOutcome says how a task step ended.
type StepOutcome uint8

const (
	// StepAwait: the coroutine waits on Future.
	StepAwait StepOutcome = iota + 1
	// StepYield: a bare yield (sleep(0)); the task runs again next iteration.
	StepYield
	// StepDone: the coroutine finished; the task is done.
	StepDone
	// StepBadYield: the coroutine yielded something a task cannot wait on;
	// an error is thrown into it at its next step.
	StepBadYield
)

func (o StepOutcome) String() string {
	switch o {
	case StepAwait:
		return "await"
	case StepYield:
		return "yield"
	case StepDone:
		return "done"
	case StepBadYield:
		return "bad-yield"
	}
	return "StepOutcome(" + strconv.Itoa(int(o)) + ")"
}

// TraceEvent is one thing a loop did. Only the fields that make sense for
// its Kind are set.
type TraceEvent struct {
	Kind      TraceKind
	Iteration uint64  // the loop iteration (_run_once call) it happened in
	Time      float64 // loop time
	Task      AnyTask
	Future    AnyFuture
	Handle    *Handle
	Timer     *TimerHandle
	Outcome   StepOutcome
	Err       error
	Detail    string
	// Ready and TimersMoved describe an iteration's snapshot.
	Ready, TimersMoved int
}

// SetTracer installs t (nil removes it). The loop calls it for
// loop.WithTracer; now reads the loop time without side effects.
func (s *LoopState) SetTracer(t Tracer, now func() float64) {
	s.tracer, s.now = t, now
}

// Tracer returns the installed tracer, or nil.
func (s *LoopState) Tracer() Tracer { return s.tracer }

// Trace stamps e with the current iteration and time and hands it to the
// tracer. Call it only after checking Tracer() != nil.
func (s *LoopState) Trace(e TraceEvent) {
	e.Iteration = s.Iteration
	if s.now != nil {
		e.Time = s.now()
	}
	s.tracer.Event(e)
}
