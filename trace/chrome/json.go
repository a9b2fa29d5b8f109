package chrome

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// This file answers "how does a Timeline become trace-event JSON?": it
// places every recorded event on the time axis and writes the tracks as
// threads of one process, slices as complete ("X") events, links as flow
// ("s"/"f") events and marks as instant ("i") events.

// event is one entry of the "traceEvents" array of the Trace Event Format,
// with the fields this package writes. Ts and Dur are in microseconds.
type event struct {
	Name string  `json:"name"`
	Cat  string  `json:"cat,omitempty"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`
	// Dur is set on complete events ("X") only.
	Dur *float64 `json:"dur,omitempty"`
	Pid int      `json:"pid"`
	Tid int      `json:"tid"`
	// ID pairs the two ends of a flow ("s" and "f").
	ID int `json:"id,omitempty"`
	// Bp is the binding point of a flow end: "e" binds it to the slice
	// enclosing it.
	Bp string `json:"bp,omitempty"`
	// S is the scope of an instant event: "t" for its thread (track).
	S    string         `json:"s,omitempty"`
	Args map[string]any `json:"args,omitempty"`
}

// file is the JSON object WriteJSON writes.
type file struct {
	TraceEvents []event
	OtherData   map[string]any
}

// pid is the process id of every event: one loop is one process.
const pid = 1

// tid returns the thread id of track i of a Timeline: tracks are numbered
// from 1 (the loop's track) up.
func tid(track int) int { return track + 1 }

// iterationWidth is how long, in µs, one loop iteration is on the
// AxisIterations axis.
const iterationWidth = 1000

// WriteJSON writes what has been recorded as a trace-event JSON file:
// {"traceEvents": [...], "displayTimeUnit": "ms"}. Open it in the Perfetto
// UI (https://ui.perfetto.dev, "Open trace file") or in chrome://tracing.
func (r *Recorder) WriteJSON(w io.Writer) error {
	tl := r.Timeline()
	f := build(tl, r.axis)
	bw := bufio.NewWriter(w)
	bw.WriteString("{\"traceEvents\":[\n")
	// One event per line, keys in a fixed order, "<" and ">" unescaped: a
	// diffable file.
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for i, e := range f.TraceEvents {
		line.Reset()
		if err := enc.Encode(e); err != nil {
			return err
		}
		b := bytes.TrimSuffix(line.Bytes(), []byte("\n"))
		bw.Write(b)
		if i < len(f.TraceEvents)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":")
	line.Reset()
	if err := enc.Encode(f.OtherData); err != nil {
		return err
	}
	bw.Write(line.Bytes())
	bw.WriteString("}\n")
	return bw.Flush()
}

// build lays tl out on the axis a and returns the trace-event file for it.
func build(tl *Timeline, a Axis) *file {
	if a == AxisAuto {
		a = autoAxis(tl)
	}
	x := placer(tl, a)
	var evs []event
	meta := func(name string, t int, args map[string]any) {
		evs = append(evs, event{Name: name, Ph: "M", Pid: pid, Tid: t, Args: args})
	}
	meta("process_name", 0, map[string]any{"name": "goasyncio event loop"})
	for i, t := range tl.Tracks {
		name := t.Name
		if !t.IsTask {
			name = "loop (callbacks)"
		}
		meta("thread_name", tid(i), map[string]any{"name": name})
		meta("thread_sort_index", tid(i), map[string]any{"sort_index": i})
	}
	// Iterations, as slices on the loop's track enclosing its callbacks,
	// with the ready-queue size as a counter.
	for _, it := range tl.Iterations {
		if !it.Ran {
			continue
		}
		ts, end := x(it.Start), x(it.End)
		evs = append(evs, complete("iteration "+strconv.FormatUint(it.N, 10), "loop", ts, end, tid(0), map[string]any{
			"iteration": it.N, "loop_time": roundNs(it.First), "ready": it.Ready, "timers_moved": it.TimersMoved,
		}))
		evs = append(evs, event{Name: "ready", Ph: "C", Ts: ts, Pid: pid, Args: map[string]any{"handles": it.Ready}})
	}
	for i := range tl.Slices {
		s := &tl.Slices[i]
		args := map[string]any{"iteration": s.Start.Iteration, "loop_time": roundNs(s.Start.Time)}
		if s.Handle != "" {
			args["handle"] = s.Handle
		}
		cat := "callback"
		if s.Kind == SliceStep {
			cat = "step"
			args["task"] = tl.Tracks[s.Track].Name
			args["coro"] = tl.Tracks[s.Track].Coro
			args["outcome"] = s.Class()
			if s.AwaitsRepr != "" {
				args["awaits"] = s.AwaitsRepr
			}
			if s.Thrown != "" {
				args["thrown"] = s.Thrown
			}
		}
		if s.Open {
			args["unfinished"] = true
		}
		evs = append(evs, complete(s.Label(), cat, x(s.Start), x(s.End), tid(s.Track), args))
	}
	id := 0
	for _, l := range tl.Links {
		if l.From < 0 || l.To < 0 {
			continue
		}
		from, to := &tl.Slices[l.From], &tl.Slices[l.To]
		id++
		name := l.Kind.String()
		args := map[string]any{"what": l.What}
		evs = append(evs,
			event{Name: name, Cat: name, Ph: "s", Ts: x(l.At), Pid: pid, Tid: tid(from.Track), ID: id, Args: args},
			event{Name: name, Cat: name, Ph: "f", Bp: "e", Ts: round3((x(to.Start) + x(to.End)) / 2), Pid: pid, Tid: tid(to.Track), ID: id})
	}
	for _, m := range tl.Marks {
		args := map[string]any{"iteration": m.At.Iteration, "loop_time": roundNs(m.At.Time)}
		if m.Detail != "" {
			args["detail"] = m.Detail
		}
		evs = append(evs, event{Name: m.Kind.String(), Cat: "mark", Ph: "i", S: "t", Ts: x(m.At), Pid: pid, Tid: tid(m.Track), Args: args})
	}
	return &file{
		TraceEvents: evs,
		OtherData: map[string]any{
			"generator": "github.com/goasyncio/goasyncio/trace/chrome",
			"axis":      a.String(),
		},
	}
}

func complete(name, cat string, ts, end float64, t int, args map[string]any) event {
	d := round3(max(0, end-ts))
	return event{Name: name, Cat: cat, Ph: "X", Ts: ts, Dur: &d, Pid: pid, Tid: t, Args: args}
}

// autoAxis is AxisAuto's choice: iterations unless some handle took 1µs of
// loop time or more.
func autoAxis(tl *Timeline) Axis {
	for i := range tl.Slices {
		s := &tl.Slices[i]
		if s.Handle != "" && s.End.Time-s.Start.Time >= 1e-6 {
			return AxisTime
		}
	}
	return AxisIterations
}

// placer returns the function that gives an event's timestamp in µs.
func placer(tl *Timeline, a Axis) func(Point) float64 {
	if a == AxisTime {
		// Loop time, with events that share a time (to the ns) moved
		// apart by 2ns, in the order they happened.
		ts := make([]float64, len(tl.times))
		prev := math.Inf(-1)
		for i, t := range tl.times {
			v := max(round3(t*1e6), round3(prev+0.002))
			ts[i], prev = v, v
		}
		return func(p Point) float64 {
			if p.Index < len(ts) {
				return ts[p.Index]
			}
			return round3(p.Time * 1e6)
		}
	}
	// Iteration N spans [N, N+1) ms when iteration numbers only grow (one
	// loop); otherwise iterations are laid out in the order seen.
	byNumber := true
	for i := 1; i < len(tl.Iterations); i++ {
		if tl.Iterations[i].N <= tl.Iterations[i-1].N {
			byNumber = false
		}
	}
	const pad = iterationWidth / 20
	return func(p Point) float64 {
		base := float64(p.Col)
		if byNumber {
			base = float64(p.Iteration)
		}
		n := 1
		if p.Col < len(tl.Iterations) {
			n = tl.Iterations[p.Col].Events
		}
		step := float64(iterationWidth-2*pad) / float64(max(n-1, 1))
		return round3(base*iterationWidth + pad + float64(p.Seq)*step)
	}
}

// round3 rounds to 3 decimals: whole nanoseconds, which is what trace
// viewers keep.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// roundNs rounds a loop time in seconds to whole nanoseconds, for args.
func roundNs(t float64) float64 { return math.Round(t*1e9) / 1e9 }
