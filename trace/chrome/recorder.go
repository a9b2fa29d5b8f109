package chrome

import (
	"strconv"
	"strings"
	"sync"

	"github.com/goasyncio/goasyncio/task"
)

// This file answers "how do trace events become a Timeline?" Events come
// one at a time, in the order the loop does things; the recorder keeps a
// stack of the slices open right now (a handle being run, and inside it
// perhaps a task step) and attributes every event to the innermost one.

// Recorder is a task.Tracer that records a loop's events as a [Timeline]
// and writes them as trace-event JSON (see [Recorder.WriteJSON]). Install
// it with loop.WithTracer or Loop.SetTracer; one recorder serves one loop.
// Its methods may be called from any goroutine: the loop's Event calls
// and a WriteJSON or Timeline call are serialised by a mutex. The zero
// Recorder is not usable; create one with [New].
type Recorder struct {
	mu   sync.Mutex
	axis Axis
	b    builder
}

var _ task.Tracer = (*Recorder)(nil)

// Axis chooses what the horizontal (time) axis of the output measures.
type Axis uint8

const (
	// AxisAuto chooses AxisIterations when no handle the loop ran took
	// measurable loop time (under 1µs each), which is what a virtual clock
	// gives, and AxisTime otherwise.
	AxisAuto Axis = iota
	// AxisIterations makes each loop iteration 1000µs (1ms) long, iteration
	// N starting at N ms, with its events spread evenly inside it in the
	// order they happened. Steps that take no loop time (all of them, on a
	// virtual clock) get visible widths, and the ms reading of the viewer's
	// ruler is the iteration number.
	AxisIterations
	// AxisTime uses loop time in µs. Events that share a time are moved
	// apart by 2ns each so that they stay in order and slices have a
	// width.
	AxisTime
)

// String names the axis: "auto", "iterations" or "time".
func (a Axis) String() string {
	switch a {
	case AxisIterations:
		return "iterations"
	case AxisTime:
		return "time"
	}
	return "auto"
}

// Option configures a Recorder.
type Option interface{ apply(*Recorder) }

type optionFunc func(*Recorder)

func (f optionFunc) apply(r *Recorder) { f(r) }

// WithAxis chooses the time axis of the JSON output (AxisAuto by default).
func WithAxis(a Axis) Option { return optionFunc(func(r *Recorder) { r.axis = a }) }

// New returns an empty recorder.
func New(opts ...Option) *Recorder {
	r := &Recorder{}
	r.b.init()
	for _, o := range opts {
		o.apply(r)
	}
	return r
}

// Event records e; the loop calls it (task.Tracer).
func (r *Recorder) Event(e task.TraceEvent) {
	r.mu.Lock()
	r.b.event(e)
	r.mu.Unlock()
}

// Timeline returns a copy of what has been recorded so far. Slices still
// open are returned with Open set.
func (r *Recorder) Timeline() *Timeline {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.b.snapshot()
}

// builder turns events into a Timeline.
type builder struct {
	tl     Timeline
	tracks map[task.AnyTask]int
	stack  []frame

	// callbacks queued by a completed future, not yet run: the future →
	// the links waiting for the handle that runs them, in queue order.
	queued map[any][]queuedCallback
	// timers scheduled and not yet run or cancelled: the timer's handle →
	// its link.
	timers map[*task.Handle]int
	// sleepers: futures that a timer scheduled in the current step will
	// complete (asyncio.sleep's future) → the timer's deadline.
	sleepers map[any]float64
	// firstStep: a task's track → the LinkCreate waiting for its first step.
	firstStep map[int]int

	curIter  uint64
	hasIter  bool
	iterOpen bool // an iteration started and has not ended
	last     Point
}

type queuedCallback struct {
	name string
	link int
}

// frame is an open slice. A handle's slice is undecided until its first
// event: a step of a task right away makes it that step; anything else
// makes it a callback.
type frame struct {
	slice     int
	handle    *task.Handle
	name      string // the handle's callback name, read when it starts
	undecided bool
	step      bool // a task step is running in this frame
	track     int  // the stepping task's track, for steps
}

func (b *builder) init() {
	b.tracks = map[task.AnyTask]int{}
	b.queued = map[any][]queuedCallback{}
	b.timers = map[*task.Handle]int{}
	b.sleepers = map[any]float64{}
	b.firstStep = map[int]int{}
	b.tl.Tracks = []Track{{Name: "loop"}}
}

// point numbers an event and files it under its iteration.
func (b *builder) point(e task.TraceEvent) Point {
	if !b.hasIter || e.Iteration != b.curIter {
		if b.iterOpen {
			b.tl.Iterations[len(b.tl.Iterations)-1].End = b.last
			b.iterOpen = false
		}
		b.hasIter, b.curIter = true, e.Iteration
		b.tl.Iterations = append(b.tl.Iterations, Iteration{N: e.Iteration, First: e.Time})
	}
	col := len(b.tl.Iterations) - 1
	it := &b.tl.Iterations[col]
	p := Point{Index: b.tl.Events, Iteration: e.Iteration, Col: col, Seq: it.Events, Time: e.Time}
	it.Events++
	it.Last = e.Time
	b.tl.Events++
	b.tl.times = append(b.tl.times, e.Time)
	b.last = p
	return p
}

func (b *builder) track(t task.AnyTask) int {
	if i, ok := b.tracks[t]; ok {
		b.tl.Tracks[i].Name = t.Name()
		return i
	}
	i := len(b.tl.Tracks)
	b.tracks[t] = i
	b.tl.Tracks = append(b.tl.Tracks, Track{Name: t.Name(), Coro: t.CoroName(), IsTask: true})
	return i
}

// current returns the innermost open slice, deciding an undecided handle
// as a callback (the first thing that happened in it was not a step).
func (b *builder) current() int {
	if len(b.stack) == 0 {
		return -1
	}
	f := &b.stack[len(b.stack)-1]
	if f.undecided {
		f.undecided = false
		s := &b.tl.Slices[f.slice]
		s.Kind, s.Track, s.Name = SliceCallback, 0, f.name
	}
	return f.slice
}

func (b *builder) event(e task.TraceEvent) {
	p := b.point(e)
	switch e.Kind {
	case task.TraceIterationStart:
		it := &b.tl.Iterations[p.Col]
		it.Ready, it.TimersMoved, it.Ran = e.Ready, e.TimersMoved, true
		it.Start, it.End = p, p
		b.iterOpen = true
	case task.TraceIterationEnd:
		b.tl.Iterations[p.Col].End = p
		b.iterOpen = false
	case task.TraceHandleStart:
		b.handleStart(e, p)
	case task.TraceHandleEnd:
		b.handleEnd(e, p)
	case task.TraceStepStart:
		b.stepStart(e, p)
	case task.TraceStepEnd:
		b.stepEnd(e, p)
	case task.TraceTaskCreated:
		from := b.current()
		tr := b.track(e.Task)
		pt := p
		b.tl.Tracks[tr].Created = &pt
		b.firstStep[tr] = b.link(Link{Kind: LinkCreate, From: from, To: -1, At: p, What: "create_task " + pyQuote(e.Task.Name()), Task: tr})
	case task.TraceTaskCancel:
		from := b.current()
		b.mark(Mark{Kind: MarkCancel, Track: b.track(e.Task), Slice: from, At: p, Detail: e.Detail})
	case task.TraceTaskDone:
		b.current()
		tr := b.track(e.Task)
		pt := p
		b.tl.Tracks[tr].Done = &pt
		b.tl.Tracks[tr].End = taskEnd(e)
	case task.TraceFutureDone:
		b.current()
	case task.TraceCallbackScheduled:
		b.callbackScheduled(e, p)
	case task.TraceTimerScheduled:
		from := b.current()
		if e.Timer == nil {
			return
		}
		b.timers[&e.Timer.Handle] = b.link(Link{Kind: LinkTimer, From: from, To: -1, At: p, What: e.Timer.String(), Task: -1})
		if f, ok := e.Timer.Arg().(task.AnyFuture); ok {
			b.sleepers[f] = e.Timer.When()
		}
	case task.TraceTimerFired:
		from := b.current()
		if e.Timer != nil {
			b.mark(Mark{Kind: MarkTimerFired, Track: 0, Slice: from, At: p, Detail: e.Timer.String()})
		}
	case task.TraceTimerCancelled:
		from := b.current()
		// A timer cancelled after it ran (sleep cancels its timer once
		// woken) is not worth a mark.
		if e.Timer == nil {
			return
		}
		if _, pending := b.timers[&e.Timer.Handle]; pending || e.Timer.Scheduled {
			delete(b.timers, &e.Timer.Handle)
			b.mark(Mark{Kind: MarkTimerCancelled, Track: 0, Slice: from, At: p, Detail: e.Timer.String()})
		}
	case task.TraceException:
		from := b.current()
		tr := 0
		if e.Task != nil {
			tr = b.track(e.Task)
		} else if t, ok := e.Future.(task.AnyTask); ok {
			tr = b.track(t)
		}
		d := e.Detail
		if e.Err != nil {
			d += ": " + errText(e.Err)
		}
		b.mark(Mark{Kind: MarkException, Track: tr, Slice: from, At: p, Detail: d})
	default:
		b.current()
	}
}

func (b *builder) link(l Link) int {
	b.tl.Links = append(b.tl.Links, l)
	return len(b.tl.Links) - 1
}

func (b *builder) mark(m Mark) { b.tl.Marks = append(b.tl.Marks, m) }

func (b *builder) newSlice(s Slice) int {
	b.tl.Slices = append(b.tl.Slices, s)
	return len(b.tl.Slices) - 1
}

func (b *builder) handleStart(e task.TraceEvent, p Point) {
	h := e.Handle
	name := ""
	if h != nil {
		name = h.CallbackName()
	}
	idx := b.newSlice(Slice{Kind: SliceCallback, Track: 0, Name: name, Start: p, End: p, Open: true})
	if h != nil {
		b.tl.Slices[idx].Handle = h.String()
	}
	b.stack = append(b.stack, frame{slice: idx, handle: h, name: name, undecided: true})
	if h == nil {
		return
	}
	// A timer's callback, or a callback a completed future queued: link
	// the cause to this slice.
	if l, ok := b.timers[h]; ok {
		delete(b.timers, h)
		b.tl.Links[l].To = idx
	}
	// (Only futures are looked up: other arguments may not be comparable.)
	if arg, isFuture := h.Arg().(task.AnyFuture); isFuture {
		if q, ok := b.queued[arg]; ok {
			for i, c := range q {
				if c.name == name {
					b.tl.Links[c.link].To = idx
					q = append(q[:i:i], q[i+1:]...)
					break
				}
			}
			if len(q) == 0 {
				delete(b.queued, arg)
			} else {
				b.queued[arg] = q
			}
		}
	}
}

func (b *builder) handleEnd(e task.TraceEvent, p Point) {
	// Find the handle's frame; frames above it (steps that never ended)
	// are closed as open.
	for i := len(b.stack) - 1; i >= 0; i-- {
		f := b.stack[i]
		if f.handle != e.Handle {
			continue
		}
		if f.undecided {
			b.stack = b.stack[:i+1]
			b.current()
		}
		for j := len(b.stack) - 1; j > i; j-- {
			b.tl.Slices[b.stack[j].slice].End = p
		}
		s := &b.tl.Slices[f.slice]
		s.End, s.Open = p, false
		b.stack = b.stack[:i]
		return
	}
}

func (b *builder) stepStart(e task.TraceEvent, p Point) {
	tr := b.track(e.Task)
	var idx int
	if n := len(b.stack); n > 0 && b.stack[n-1].undecided {
		f := &b.stack[n-1]
		f.undecided, f.step, f.track = false, true, tr
		idx = f.slice
		s := &b.tl.Slices[idx]
		s.Kind, s.Track, s.Name = SliceStep, tr, e.Task.Name()
	} else {
		b.current()
		idx = b.newSlice(Slice{Kind: SliceStep, Track: tr, Name: e.Task.Name(), Start: p, End: p, Open: true})
		b.stack = append(b.stack, frame{slice: idx, step: true, track: tr})
	}
	if e.Err != nil {
		b.tl.Slices[idx].Thrown = errText(e.Err)
	}
	if l, ok := b.firstStep[tr]; ok {
		delete(b.firstStep, tr)
		b.tl.Links[l].To = idx
	}
}

func (b *builder) stepEnd(e task.TraceEvent, p Point) {
	tr := b.track(e.Task)
	n := len(b.stack)
	if n == 0 || !b.stack[n-1].step || b.stack[n-1].track != tr {
		return // the step started before the recorder was installed
	}
	f := &b.stack[n-1]
	s := &b.tl.Slices[f.slice]
	s.Outcome = e.Outcome
	switch e.Outcome {
	case task.StepAwait:
		s.Awaits, s.AwaitsRepr = b.describe(e.Future)
	case task.StepDone:
		s.Ends = taskEnd(e)
	}
	clear(b.sleepers)
	if f.handle != nil {
		f.step = false // the handle's frame ends at its HandleEnd
		return
	}
	s.End, s.Open = p, false
	b.stack = b.stack[:n-1]
}

func (b *builder) callbackScheduled(e task.TraceEvent, p Point) {
	from := b.current()
	what := e.Detail
	if e.Future != nil {
		d, _ := b.describe(e.Future)
		what = d + " done → " + e.Detail
	}
	tr := -1
	if e.Task != nil {
		tr = b.track(e.Task)
	}
	l := b.link(Link{Kind: LinkWakeup, From: from, To: -1, At: p, What: what, Task: tr})
	if e.Future != nil {
		b.queued[e.Future] = append(b.queued[e.Future], queuedCallback{name: e.Detail, link: l})
	}
}

// describe gives a short and a full description of a future: "Task 'b'",
// "sleep" (a future a timer scheduled in this step completes), or the
// future's type as its repr names it ("Future", "_GatheringFuture").
func (b *builder) describe(f task.AnyFuture) (short, full string) {
	if f == nil {
		return "", ""
	}
	full = f.String()
	if t, ok := f.(task.AnyTask); ok {
		return "Task " + pyQuote(t.Name()), full
	}
	if when, ok := b.sleepers[f]; ok {
		return "sleep", full + " (a timer completes it at " + strconv.FormatFloat(when, 'f', 3, 64) + ")"
	}
	short = strings.TrimPrefix(full, "<")
	if i := strings.IndexAny(short, " >"); i >= 0 {
		short = short[:i]
	}
	return short, full
}

// taskEnd says how the task of e ended, without retrieving its exception
// (which would keep the loop from reporting it as never retrieved).
func taskEnd(e task.TraceEvent) string {
	t := e.Task
	switch {
	case t == nil:
		return ""
	case t.Cancelled():
		return "cancelled"
	case e.Err != nil:
		return "error"
	case strings.Contains(t.String(), "() done> exception="):
		return "error"
	}
	return "result"
}

// pyQuote quotes a name as Python's repr of a str does in the simple
// cases ('name').
func pyQuote(s string) string {
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// snapshot copies the timeline; slices still open end at the last event.
func (b *builder) snapshot() *Timeline {
	tl := b.tl
	tl.Tracks = append([]Track(nil), b.tl.Tracks...)
	tl.Slices = append([]Slice(nil), b.tl.Slices...)
	tl.Links = append([]Link(nil), b.tl.Links...)
	tl.Marks = append([]Mark(nil), b.tl.Marks...)
	tl.Iterations = append([]Iteration(nil), b.tl.Iterations...)
	tl.times = append([]float64(nil), b.tl.times...)
	if b.iterOpen {
		tl.Iterations[len(tl.Iterations)-1].End = b.last
	}
	for i := range tl.Slices {
		if tl.Slices[i].Open {
			tl.Slices[i].End = b.last
		}
	}
	return &tl
}

// errText describes an error as Python's repr does when the error knows
// it (CancelledError('msg')), else by its message.
func errText(err error) string {
	if r, ok := err.(interface{ PyRepr() string }); ok {
		return r.PyRepr()
	}
	return err.Error()
}
