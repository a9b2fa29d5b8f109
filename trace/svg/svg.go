// Package svg draws what an event loop did as a self-contained SVG
// timeline: one row per task (and one for the loop's plain callbacks),
// one column per loop iteration, a box per task step colored by how the
// step ended, and arrows from the step or callback in which a future
// completed to the step it woke.
//
//	r := svg.New()
//	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
//	... run the loop ...
//	f, _ := os.Create("run.svg")
//	r.WriteSVG(f)
//
// Open the file in any web browser (hovering a box shows its details: the
// full repr of what a step awaits, the handle that ran it, the loop time),
// or convert it to PNG (rsvg-convert run.svg -o run.png).
//
// # Reading the picture
//
// Time flows left to right. Each column is one iteration of the loop
// (_run_once), numbered at the top, with the loop time written under the
// number whenever it has moved on. Inside a column the handles of the
// iteration's ready snapshot run left to right, in queue order, each on
// the row of the task it steps (or on the "callbacks" row for plain
// callbacks). A thin line on a task's row runs from its creation to its
// end: where the line shows and no box does, the task is waiting.
//
// Box colors: blue "await" (the step suspended on a future: "sleep" for
// asyncio.sleep, a task's name, "gather", "future"), green "yield" (a bare
// yield, sleep(0): the task runs again next iteration), gray "done" (the
// coroutine returned), red "error" (it raised), orange "cancelled", light
// "callback" (a plain callback). Solid arrows are wakeups: a future
// completed in the box the arrow leaves, and the box it points at is the
// done callback that ran — the woken task's next step, or a callback such
// as gather's. Dashed arrows go from where a timer was scheduled to the
// callback it ran, dotted ones from where a task was created to its first
// step. A small triangle on the callbacks row marks a timer firing (moving
// to the ready queue at the start of an iteration); a cross on a task's
// row marks a cancel request, an exclamation mark a call of the loop's
// exception handler.
//
// The drawing is deterministic: the same run gives the same bytes.
package svg

import (
	"io"

	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/chrome"
)

// Recorder is a task.Tracer that records a loop's events and draws them
// with [Recorder.WriteSVG]. Install it with loop.WithTracer or
// Loop.SetTracer; one recorder serves one loop. Its methods may be called
// from any goroutine. Create one with [New].
type Recorder struct {
	rec  *chrome.Recorder
	opts []Option
}

var _ task.Tracer = (*Recorder)(nil)

// Axis chooses what the columns of the picture stand for.
type Axis uint8

const (
	// AxisIterations (the default) gives every loop iteration a column
	// just wide enough for its boxes, whatever time passed between them.
	AxisIterations Axis = iota
	// AxisTime places the columns along loop time (a linear scale over the
	// run), never letting one overlap the next: long waits show as gaps.
	AxisTime
)

// Option configures a Recorder or a call of Render.
type Option interface{ apply(*config) }

type config struct {
	axis  Axis
	title string
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAxis chooses what the columns stand for (AxisIterations by default).
func WithAxis(a Axis) Option { return optionFunc(func(c *config) { c.axis = a }) }

// WithTitle sets the title written at the top of the picture ("goasyncio
// timeline" by default).
func WithTitle(s string) Option { return optionFunc(func(c *config) { c.title = s }) }

// New returns an empty recorder; opts apply to WriteSVG.
func New(opts ...Option) *Recorder {
	return &Recorder{rec: chrome.New(), opts: opts}
}

// Event records e; the loop calls it (task.Tracer).
func (r *Recorder) Event(e task.TraceEvent) { r.rec.Event(e) }

// Timeline returns what has been recorded so far.
func (r *Recorder) Timeline() *chrome.Timeline { return r.rec.Timeline() }

// WriteSVG draws what has been recorded so far as an SVG document.
func (r *Recorder) WriteSVG(w io.Writer) error {
	return Render(w, r.rec.Timeline(), r.opts...)
}

// Render draws tl, a run recorded by a chrome.Recorder (or an svg
// Recorder), as an SVG document. A program that wants both pictures
// records once with chrome.New and passes its Timeline here.
func Render(w io.Writer, tl *chrome.Timeline, opts ...Option) error {
	c := config{title: "goasyncio timeline"}
	for _, o := range opts {
		o.apply(&c)
	}
	lay := layOut(tl, c)
	return draw(w, tl, lay, c)
}
