package chrome

import "github.com/goasyncio/goasyncio/task"

// This file answers "what does a recorded run look like?": the Timeline a
// Recorder builds from a loop's trace events. It is independent of any
// picture: WriteJSON lays it out as trace-event JSON, package
// trace/svg draws it as an SVG, and anyone can walk it to draw their own.

// Timeline is a recorded run: tracks (the loop's plain callbacks and one
// per task), the slices of work on them (task steps and callbacks), the
// links between slices (a future's completion waking a task, a timer
// scheduled in one slice and run in another, a task created in one slice
// and first stepped in another) and instantaneous marks (timers firing,
// cancel requests, exception-handler calls).
type Timeline struct {
	// Tracks[0] is the loop's track for plain callbacks; a track per task
	// follows, in the order the tasks were first seen (creation order).
	Tracks []Track
	// Slices are in the order they started.
	Slices []Slice
	// Links are in the order their source event happened. A link whose
	// destination never ran (To < 0) is kept, so a picture may show that
	// nothing was woken.
	Links []Link
	// Marks are in the order they happened.
	Marks []Mark
	// Iterations are the loop iterations seen, in order. Events before the
	// loop first runs belong to iteration 0.
	Iterations []Iteration
	// Events is how many trace events were recorded.
	Events int

	times []float64 // the loop time of every event, by Point.Index
}

// Point places one trace event in the run.
type Point struct {
	// Index is the event's position among all recorded events.
	Index int
	// Iteration is the loop iteration the event happened in, and Col the
	// position of that iteration in Timeline.Iterations.
	Iteration uint64
	Col       int
	// Seq is the event's position among the events of its iteration.
	Seq int
	// Time is the loop time of the event, in seconds.
	Time float64
}

// Iteration is one loop iteration (_run_once) as the recorder saw it.
type Iteration struct {
	// N is the loop's iteration number (0 for what happened before the
	// loop first ran).
	N uint64
	// Events is how many events happened in it, counting the timers moved
	// to the ready queue before it ran its handles and anything after.
	Events int
	// First and Last are the loop times of its first and last events.
	First, Last float64
	// Ready is the size of the snapshot of ready handles it ran, and
	// TimersMoved how many of them were timers that had just become due.
	Ready, TimersMoved int
	// Ran is false for iteration 0 and for iterations whose start the
	// recorder did not see. When Ran is true, Start and End are the events
	// that began and ended the running of its handles (End is the last
	// event recorded if the iteration did not end).
	Ran        bool
	Start, End Point
}

// Track is a row of the picture: the loop's callbacks or one task.
type Track struct {
	// Name is the task's name (its latest one), or "loop" for Tracks[0].
	Name string
	// Coro names the coroutine the task runs ("" for the loop track).
	Coro string
	// IsTask is false only for Tracks[0].
	IsTask bool
	// Created and Done are where the task was created and completed; nil
	// when the recorder did not see it happen.
	Created, Done *Point
	// End says how the task ended: "result", "error", "cancelled", or ""
	// if it was not seen to end.
	End string
}

// SliceKind says what a slice is.
type SliceKind uint8

const (
	// SliceStep is a task step (__step): the task's coroutine running
	// until it hands control back.
	SliceStep SliceKind = iota + 1
	// SliceCallback is a plain callback: a call_soon or timer callback,
	// or a future's done callback that is not a task's wakeup.
	SliceCallback
)

// String names the kind: "step" or "callback".
func (k SliceKind) String() string {
	switch k {
	case SliceStep:
		return "step"
	case SliceCallback:
		return "callback"
	}
	return "slice"
}

// Slice is one piece of work on a track.
type Slice struct {
	Kind SliceKind
	// Track indexes Timeline.Tracks.
	Track int
	// Name is the callback's name for callbacks ("wakeSleeper()"), the
	// task's name for steps.
	Name string
	// Handle is the repr of the handle that ran it, if it ran as a handle
	// of the loop ("" for an eager task's first step).
	Handle string
	// Start and End are its first and last events. Open is true when the
	// recorder saw it start but not end (the loop stopped inside it); End
	// is then the last event recorded.
	Start, End Point
	Open       bool

	// For steps: how the step ended, what it then waits on (short
	// description and full repr), what was thrown into the coroutine when
	// it resumed, and, when the step finished the task, how it ended
	// ("result", "error" or "cancelled").
	Outcome    task.StepOutcome
	Awaits     string
	AwaitsRepr string
	Thrown     string
	Ends       string
}

// Class names the kind of box a picture draws for the slice: "await",
// "yield", "done", "error", "cancelled", "bad-yield" for steps (by how the
// step ended), "running" for a step seen to start but not to end, and
// "callback".
func (s *Slice) Class() string {
	if s.Kind == SliceCallback {
		return "callback"
	}
	switch s.Outcome {
	case task.StepAwait:
		return "await"
	case task.StepYield:
		return "yield"
	case task.StepBadYield:
		return "bad-yield"
	case task.StepDone:
		switch s.Ends {
		case "error":
			return "error"
		case "cancelled":
			return "cancelled"
		}
		return "done"
	}
	return "running"
}

// Label is a short description of the slice: the callback's name, or how
// the step ended ("await sleep", "await Task 'b'", "yield", "done", ...).
func (s *Slice) Label() string {
	if s.Kind == SliceCallback {
		return s.Name
	}
	c := s.Class()
	if c == "await" && s.Awaits != "" {
		return "await " + s.Awaits
	}
	return c
}

// LinkKind says what a link stands for.
type LinkKind uint8

const (
	// LinkWakeup: a future completed (in slice From) and queued a done
	// callback; To is the slice that ran it, the woken task's next step
	// for a task's wakeup.
	LinkWakeup LinkKind = iota + 1
	// LinkTimer: a timer was scheduled in From and its callback ran as To.
	LinkTimer
	// LinkCreate: a task was created in From and To is its first step.
	LinkCreate
)

// String names the kind: "wakeup", "timer" or "create".
func (k LinkKind) String() string {
	switch k {
	case LinkWakeup:
		return "wakeup"
	case LinkTimer:
		return "timer"
	case LinkCreate:
		return "create"
	}
	return "link"
}

// Link is an arrow from the slice in which something happened to the
// slice it caused to run.
type Link struct {
	Kind LinkKind
	// From and To index Timeline.Slices; From is -1 when the cause
	// happened outside any slice (before the loop ran, say), To is -1 when
	// the destination never ran.
	From, To int
	// At is the event that made the link (the future's callback being
	// queued, the timer being scheduled, the task being created).
	At Point
	// What describes it: the future that completed and the callback it
	// queued, the timer, the task.
	What string
	// Task is the track of the task woken (LinkWakeup of a task's
	// wakeup, LinkCreate), or -1.
	Task int
}

// MarkKind says what a mark stands for.
type MarkKind uint8

const (
	// MarkTimerFired: a due timer moved to the ready queue.
	MarkTimerFired MarkKind = iota + 1
	// MarkTimerCancelled: a timer was cancelled.
	MarkTimerCancelled
	// MarkCancel: a task was asked to cancel (Detail is the message).
	MarkCancel
	// MarkException: the loop's exception handler was called.
	MarkException
)

// String names the kind: "timer fired", "timer cancelled", "cancel"
// or "exception".
func (k MarkKind) String() string {
	switch k {
	case MarkTimerFired:
		return "timer fired"
	case MarkTimerCancelled:
		return "timer cancelled"
	case MarkCancel:
		return "cancel"
	case MarkException:
		return "exception"
	}
	return "mark"
}

// Mark is an instantaneous event on a track.
type Mark struct {
	Kind MarkKind
	// Track is where it shows: the task concerned, or the loop track.
	Track int
	// Slice is the slice it happened in, or -1.
	Slice  int
	At     Point
	Detail string
}
