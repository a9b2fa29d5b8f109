// Package narrate answers "why did my program print in this order?": a
// task.Tracer that tells, in plain words, what the event loop does in each
// iteration of _run_once.
//
// Install it on a loop and run the program:
//
//	l := loop.New(loop.WithTracer(narrate.New(os.Stderr)))
//
// Each iteration starts with a header and the snapshot of the ready queue
// that the iteration runs (task steps named by their task, wakeups naming
// the task they wake and the future that completed, timers that just
// fired, plain callbacks by name). Then, for each handle of the
// snapshot, what happened while it ran: which task started or resumed,
// what it awaited, yielded or finished with, and what it scheduled
// (callbacks, timers, tasks), cancelled or reported. Everything the loop
// does outside an iteration (tasks created before it runs, reports at
// Close) is narrated too, under its own heading.
//
//	== iteration 2 (t=0.000): 2 ready
//	   1. step of Task-2
//	   2. step of Task-1
//	-> 1. step of Task-2
//	     Task-2 starts child()
//	     timer set: wakeSleeper() due t=0.100
//	     Task-2 awaits <Future pending cb=[Task.task_wakeup()]>
//
// The loop reports no event for a plain callback queued with CallSoon; the
// narrator finds such callbacks by comparing the loop's ready queue
// (Loop.ReadySnapshot) with what events told it, and names them at the end
// of the handle that queued them ("queued: callback tick()") and in the
// next iteration's list.
//
// The narration is deterministic for a deterministic program: no
// addresses, and times are loop times rounded to the millisecond (with
// loop.WithVirtualClock they are the same on every run).
package narrate

import (
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// Narrator is a task.Tracer that writes a readable account of a loop's
// work to a writer, one line at a time (one Write call per line). Create
// it with New; install it with loop.WithTracer or Loop.SetTracer. Use one
// Narrator per loop. Its Event method is safe for concurrent use.
type Narrator struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte

	// snap reads the ready queue of the loop being narrated; learned
	// from the first task or future an event carries, or set by ForLoop.
	snap readyLister

	inIter bool
	// outside is true once the "outside the loop" heading was written
	// for the current stretch of events between iterations.
	outside bool

	// The ready queue as far as events tell: pending holds what was
	// queued since the current iteration's snapshot was taken.
	pending []entry
	// cur is the current iteration's snapshot; pos is the index of the
	// next entry expected to run.
	cur []entry
	pos int
	// firedTimers counts the timers moved to the ready queue just before
	// the current iteration.
	firedTimers int

	// The handle running now: its index in cur (-1 if unknown), its
	// entry, how many entries of pending it queued, and how many entries
	// the iteration had queued before it.
	hIdx       int
	hEntry     *entry
	hHandle    *task.Handle
	hPushed    int
	iterPushed int
	inHandle   bool
	steps      []task.AnyTask // tasks whose step is running, innermost last
	started    map[task.AnyTask]bool
}

// Loop is what a Narrator uses of the loop it narrates; *loop.Loop
// implements it. (Package narrate does not import package loop, so that
// the loop itself may install a narrator.)
type Loop interface {
	// ReadySnapshot describes the handles in the ready queue, in order.
	ReadySnapshot() []string
	// SetTracer installs a tracer on the loop.
	SetTracer(t task.Tracer)
}

// readyLister is the part of Loop the narrator reads.
type readyLister interface {
	ReadySnapshot() []string
}

// Option configures a Narrator.
type Option interface{ apply(*Narrator) }

type optionFunc func(*Narrator)

func (f optionFunc) apply(n *Narrator) { f(n) }

// ForLoop tells the narrator which loop it narrates, so that it can list
// the ready queue from the first iteration on, including callbacks queued
// with CallSoon before any task exists. Without it, the narrator finds
// the loop through the first task or future it hears about.
func ForLoop(l Loop) Option {
	return optionFunc(func(n *Narrator) { n.snap = l })
}

// New returns a Narrator writing to w.
func New(w io.Writer, opts ...Option) *Narrator {
	n := &Narrator{
		w:       w,
		hIdx:    -1,
		started: map[task.AnyTask]bool{},
	}
	for _, o := range opts {
		o.apply(n)
	}
	return n
}

// maxReconcile bounds the ready queue length up to which the narrator
// compares the queue with what events told it after each handle, to name
// callbacks queued without an event (plain CallSoon). Above it, such
// callbacks are named only in the next iteration's snapshot.
const maxReconcile = 512

// Attach installs a new Narrator writing to w on l (with ForLoop(l)) and
// returns it.
func Attach(l Loop, w io.Writer, opts ...Option) *Narrator {
	n := New(w, append([]Option{ForLoop(l)}, opts...)...)
	l.SetTracer(n)
	return n
}

var _ task.Tracer = (*Narrator)(nil)

// Event narrates one event; the loop calls it (see task.Tracer).
func (n *Narrator) Event(e task.TraceEvent) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.learnLoop(e)
	switch e.Kind {
	case task.TraceIterationStart:
		n.iterationStart(e)
	case task.TraceIterationEnd:
		n.iterationEnd()
	case task.TraceHandleStart:
		n.handleStart(e)
	case task.TraceHandleEnd:
		n.handleEnd()
	case task.TraceTimerFired:
		// Part of the coming iteration: the timer's callback joins the
		// ready queue, and the header counts it.
		n.push(entry{kind: kTimer, timer: e.Timer})
		n.firedTimers++
	default:
		n.context(e)
		n.narrate(e)
	}
}

// learnLoop remembers the loop of the first task or future seen.
func (n *Narrator) learnLoop(e task.TraceEvent) {
	if n.snap != nil {
		return
	}
	var f task.AnyFuture
	switch {
	case e.Task != nil:
		f = e.Task
	case e.Future != nil:
		f = e.Future
	default:
		return
	}
	if s, ok := f.Loop().(readyLister); ok {
		n.snap = s
	}
}

// context writes the "outside the loop" heading before the first event
// of a stretch between iterations.
func (n *Narrator) context(e task.TraceEvent) {
	if n.inIter || n.outside {
		return
	}
	n.outside = true
	if e.Iteration == 0 {
		n.line("== outside the loop, before the first iteration (t=" + ms(e.Time) + ")")
	} else {
		n.line("== outside the loop, after iteration " + u64(e.Iteration) + " (t=" + ms(e.Time) + ")")
	}
}

// indent is where event lines go: under the running handle, or under the
// outside heading.
func (n *Narrator) indent() string {
	if n.inIter && !n.inHandle {
		return "   "
	}
	return "     "
}

func (n *Narrator) iterationStart(e task.TraceEvent) {
	n.inIter, n.outside = true, false
	n.iterPushed = 0
	n.cur = n.snapshot(e.Ready)
	n.pending = n.pending[:0]
	n.pos = 0
	header := "== iteration " + u64(e.Iteration) + " (t=" + ms(e.Time) + "): "
	switch {
	case e.Ready == 0:
		header += "nothing ready"
	case n.firedTimers > 0:
		header += strconv.Itoa(e.Ready) + " ready, " + plural(n.firedTimers, "timer", "timers") + " fired"
	default:
		header += strconv.Itoa(e.Ready) + " ready"
	}
	n.firedTimers = 0
	n.line(header)
	for i := range n.cur {
		n.line("   " + strconv.Itoa(i+1) + ". " + n.cur[i].describe())
	}
}

// snapshot is the current ready queue: what the loop reports, each handle
// matched with what events told about it; without the loop, what events
// told, completed with placeholders up to size entries.
func (n *Narrator) snapshot(size int) []entry {
	if n.snap != nil {
		return reconcile(n.pending, n.snap.ReadySnapshot())
	}
	out := append([]entry(nil), n.pending...)
	if len(out) > size {
		out = out[len(out)-size:]
	}
	for len(out) < size {
		out = append(out, entry{kind: kOther, repr: placeholder})
	}
	return out
}

func (n *Narrator) iterationEnd() {
	n.skipTo(len(n.cur))
	n.inIter = false
	n.cur = nil
}

// skipTo reports the snapshot entries before index i as skipped: the loop
// popped them without running them because they were cancelled.
func (n *Narrator) skipTo(i int) {
	for ; n.pos < i && n.pos < len(n.cur); n.pos++ {
		n.line("-> " + strconv.Itoa(n.pos+1) + ". skipped (cancelled)")
	}
}

func (n *Narrator) handleStart(e task.TraceEvent) {
	h := e.Handle
	n.inHandle = true
	n.hPushed = 0
	n.hIdx = -1
	n.hEntry = nil
	n.hHandle = h
	for i := n.pos; i < len(n.cur); i++ {
		if n.cur[i].matches(h) {
			if n.cur[i].kind == kOther && n.cur[i].repr == placeholder {
				n.cur[i] = fromHandle(h)
			}
			n.skipTo(i)
			n.hIdx, n.hEntry = i, &n.cur[i]
			n.pos = i + 1
			break
		}
	}
	if n.hEntry == nil {
		fallback := fromHandle(h)
		n.line("-> " + fallback.describe())
		return
	}
	n.line("-> " + strconv.Itoa(n.hIdx+1) + ". " + n.hEntry.describe())
}

func (n *Narrator) handleEnd() {
	n.reconcileHandle()
	n.inHandle = false
	n.hEntry = nil
	n.hHandle = nil
	n.steps = n.steps[:0]
}

// reconcileHandle compares the tail of the ready queue with what the
// handle queued according to events, and names what it queued without
// an event (callbacks queued with CallSoon).
func (n *Narrator) reconcileHandle() {
	if n.snap == nil || n.hIdx < 0 {
		n.iterPushed += n.hPushed
		return
	}
	remaining := len(n.cur) - (n.hIdx + 1)
	base := remaining + n.iterPushed
	if base+n.hPushed > maxReconcile {
		n.iterPushed += n.hPushed
		return
	}
	all := n.snap.ReadySnapshot()
	if base > len(all) {
		n.iterPushed += n.hPushed
		return
	}
	tail := all[base:]
	mine := n.pending[len(n.pending)-n.hPushed:]
	got := reconcile(mine, tail)
	for _, en := range got {
		if en.kind == kOther {
			n.line(n.indent() + "queued: " + en.describe())
		}
	}
	n.pending = append(n.pending[:len(n.pending)-n.hPushed], got...)
	n.iterPushed += len(got)
}

// push records a handle that joined the ready queue.
func (n *Narrator) push(en entry) {
	n.pending = append(n.pending, en)
	if n.inHandle {
		n.hPushed++
	}
}

func (n *Narrator) narrate(e task.TraceEvent) {
	in := n.indent()
	switch e.Kind {
	case task.TraceTaskCreated:
		n.push(entry{kind: kStep, task: e.Task})
		n.line(in + e.Task.Name() + " created (coroutine " + e.Task.CoroName() + "), first step queued")
	case task.TraceStepStart:
		n.stepStart(e, in)
	case task.TraceStepEnd:
		n.stepEnd(e, in)
	case task.TraceTaskCancel:
		s := in + "cancel requested: " + e.Task.Name()
		if e.Detail != "" {
			s += " (message " + pyfmt.Repr(e.Detail) + ")"
		}
		n.line(s)
	case task.TraceTaskDone:
		delete(n.started, e.Task)
		n.line(in + taskOutcome(e.Task))
	case task.TraceFutureDone:
		if _, isTask := e.Future.(task.AnyTask); !isTask {
			n.line(in + e.Future.String() + " is done")
		}
	case task.TraceCallbackScheduled:
		en := entry{kind: kCallback, fut: e.Future, name: e.Detail}
		if e.Task != nil {
			en.kind, en.task = kWakeup, e.Task
		}
		n.push(en)
		n.line(in + "queued: " + en.short())
	case task.TraceTimerScheduled:
		n.line(in + "timer set: " + e.Timer.CallbackName() + " due t=" + ms(e.Timer.When()))
	case task.TraceTimerCancelled:
		// Cancelling a timer that already ran (as sleep does on its way
		// out) changes nothing worth telling.
		if e.Timer.Scheduled {
			n.line(in + "timer cancelled: " + e.Timer.CallbackName() + " (was due t=" + ms(e.Timer.When()) + ")")
		}
	case task.TraceException:
		s := in + "exception handler called: " + shortMessage(e.Detail)
		var about []string
		switch {
		case e.Task != nil:
			about = append(about, e.Task.Name())
		case e.Future != nil:
			about = append(about, futureLabel(e.Future))
		}
		if e.Err != nil {
			about = append(about, errText(e.Err))
		}
		if len(about) > 0 {
			s += " (" + strings.Join(about, ", ") + ")"
		}
		n.line(s)
	default:
		n.line(in + e.Kind.String())
	}
}

func (n *Narrator) stepStart(e task.TraceEvent, in string) {
	t := e.Task
	verb := "resumes"
	if !n.started[t] {
		n.started[t] = true
		verb = "starts"
	}
	eager := n.isEager(t)
	if eager {
		// Its first step runs now, inside create_task: it was never
		// queued.
		for i := len(n.pending) - 1; i >= 0; i-- {
			if n.pending[i].kind == kStep && n.pending[i].task == t {
				n.pending = append(n.pending[:i], n.pending[i+1:]...)
				if n.inHandle && n.hPushed > 0 {
					n.hPushed--
				}
				break
			}
		}
		n.line(in + t.Name() + " is an eager task: its first step runs now, inside create_task, instead")
	}
	n.steps = append(n.steps, t)
	s := in + t.Name() + " " + verb + " " + t.CoroName() + "()"
	if e.Err != nil {
		s += " with " + errText(e.Err) + " thrown in"
	}
	n.line(s)
}

// isEager says whether the step of t that is starting runs outside its
// own handle: an eager task's first step, run inside create_task.
func (n *Narrator) isEager(t task.AnyTask) bool {
	if len(n.steps) > 0 {
		return true // inside another task's step
	}
	if !n.inHandle || n.hHandle == nil {
		return false
	}
	switch n.hHandle.CallbackName() {
	case stepName:
		return n.hHandle.Arg() != any(t)
	case wakeupName:
		return n.hEntry != nil && n.hEntry.task != nil && n.hEntry.task != t
	}
	return true // a plain callback or a timer created it
}

func (n *Narrator) stepEnd(e task.TraceEvent, in string) {
	t := e.Task
	if len(n.steps) > 0 {
		n.steps = n.steps[:len(n.steps)-1]
	}
	switch e.Outcome {
	case task.StepAwait:
		n.line(in + t.Name() + " awaits " + futureLabel(e.Future))
	case task.StepYield:
		n.push(entry{kind: kStep, task: t})
		n.line(in + t.Name() + " yields (bare yield): next step queued")
	case task.StepBadYield:
		n.push(entry{kind: kStep, task: t})
		n.line(in + t.Name() + " yielded something it cannot wait on: next step queued, with an error to throw in")
	case task.StepDone:
		// Already told by TraceTaskDone.
	}
}

// line writes one line.
func (n *Narrator) line(s string) {
	n.buf = append(n.buf[:0], s...)
	n.buf = append(n.buf, '\n')
	_, _ = n.w.Write(n.buf)
}

// errText is an error's repr, or for a long one (a panic with its
// stack) the first line of its message.
func errText(err error) string {
	r := pyfmt.Repr(err)
	if !strings.Contains(r, `\n`) && len(r) <= maxRepr {
		return r
	}
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return clip(msg)
}

// shortMessage is the first line of an exception handler's message,
// without the file and line a callback was defined at (which would make
// the narration differ from machine to machine).
func shortMessage(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if i := strings.LastIndex(s, " at "); i >= 0 && strings.Contains(s[i:], ".go:") {
		s = s[:i]
	}
	return clip(s)
}

// shortRepr cuts a repr at its first escaped newline (a panic's stack).
func shortRepr(r string) string {
	if i := strings.Index(r, `\n`); i >= 0 {
		r = r[:i] + "…"
	}
	return clip(r)
}

// maxRepr is the longest repr or message the narrator writes whole.
const maxRepr = 100

func clip(s string) string {
	if len(s) <= maxRepr {
		return s
	}
	r := []rune(s)
	if len(r) <= maxRepr {
		return s
	}
	return string(r[:maxRepr-1]) + "…"
}

// ms formats a loop time in seconds, rounded to the millisecond.
func ms(t float64) string { return strconv.FormatFloat(t, 'f', 3, 64) }

func u64(v uint64) string { return strconv.FormatUint(v, 10) }

func plural(k int, one, many string) string {
	if k == 1 {
		return "1 " + one
	}
	return strconv.Itoa(k) + " " + many
}
