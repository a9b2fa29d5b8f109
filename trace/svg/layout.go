package svg

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goasyncio/goasyncio/trace/chrome"
)

// This file answers "where does everything go?": it walks the recorded
// events in the order they happened and gives each box, mark and arrow
// end an x position. Within a column a cursor moves right: by a box's
// width when a slice starts, by a small gap when one ends, by an icon's
// width when a timer fires.

// The geometry, in px.
const (
	margin   = 16.0
	titleH   = 34.0
	headerH  = 30.0
	rowH     = 30.0
	boxH     = 18.0
	charW    = 6.0 // average advance of a 10px sans-serif character
	minBoxW  = 30.0
	maxLabel = 18 // characters of a box label
	gap      = 4.0
	colPad   = 6.0
	minColW  = 26.0
	timerW   = 10.0
	timeSpan = 720.0 // AxisTime: the width the run's loop time maps to
)

// placed is something to place: the start or end of slice i, or another
// event (a mark, a link's source, a task's creation or end).
type placed struct {
	p       chrome.Point
	kind, i int
}

const (
	kStart = iota
	kPoint
	kTimer
	kEnd
)

type column struct {
	x, w  float64
	shown bool // it has boxes
}

type layout struct {
	labelW float64
	plotX  float64 // left edge of the first column
	top    float64 // top of the first row
	cols   []column
	xs, xe []float64       // slice boxes, by slice index
	label  []string        // slice box labels
	at     map[int]float64 // event index → x (marks, link sources, task lives)
	right  float64         // right edge of the last column
}

func (l *layout) rowTop(track int) float64 { return l.top + float64(track)*rowH }

func (l *layout) rowMid(track int) float64 { return l.rowTop(track) + rowH/2 }

func (l *layout) rowsBottom(tl *chrome.Timeline) float64 { return l.rowTop(len(tl.Tracks)) }

func textW(s string) float64 { return float64(utf8.RuneCountInString(s)) * charW }

// boxLabel is what a box says: how a step ended, or a callback's name.
func boxLabel(s *chrome.Slice) string {
	var l string
	switch c := s.Class(); c {
	case "callback":
		l = strings.TrimSuffix(s.Name, "()")
		if i := strings.LastIndexByte(l, '.'); i >= 0 && i < len(l)-1 {
			l = l[i+1:]
		}
	case "await":
		a := s.Awaits
		switch {
		case strings.HasPrefix(a, "Task "):
			a = strings.Trim(strings.TrimPrefix(a, "Task "), `'"`)
		case a == "_GatheringFuture":
			a = "gather"
		case a == "Future":
			a = "future"
		}
		l = "await " + a
	case "bad-yield":
		l = "bad yield"
	default:
		l = c
	}
	if utf8.RuneCountInString(l) > maxLabel {
		r := []rune(l)
		l = string(r[:maxLabel-1]) + "…"
	}
	return l
}

func rowLabelW(tl *chrome.Timeline) float64 {
	w := textW("callbacks")
	for _, t := range tl.Tracks {
		w = max(w, textW(t.Name)*1.1, textW(t.Coro+"()")*0.85)
	}
	return w + 16
}

func layOut(tl *chrome.Timeline, c config) *layout {
	l := &layout{
		labelW: rowLabelW(tl),
		cols:   make([]column, len(tl.Iterations)),
		xs:     make([]float64, len(tl.Slices)),
		xe:     make([]float64, len(tl.Slices)),
		label:  make([]string, len(tl.Slices)),
		at:     map[int]float64{},
	}
	l.plotX = margin + l.labelW
	l.top = margin + titleH + headerH

	// What happened, in order: slice starts, marks, link sources, task
	// creations and ends, slice ends.
	var items []placed
	for i := range tl.Slices {
		s := &tl.Slices[i]
		l.label[i] = boxLabel(s)
		l.cols[s.Start.Col].shown = true
		items = append(items, placed{s.Start, kStart, i}, placed{s.End, kEnd, i})
	}
	for _, m := range tl.Marks {
		k := kPoint
		if m.Kind == chrome.MarkTimerFired {
			k = kTimer
		}
		items = append(items, placed{m.At, k, -1})
	}
	for _, lk := range tl.Links {
		items = append(items, placed{lk.At, kPoint, -1})
	}
	for _, t := range tl.Tracks {
		if t.Created != nil {
			items = append(items, placed{*t.Created, kPoint, -1})
		}
		if t.Done != nil {
			items = append(items, placed{*t.Done, kPoint, -1})
		}
	}
	sort.SliceStable(items, func(a, b int) bool {
		if items[a].p.Index != items[b].p.Index {
			return items[a].p.Index < items[b].p.Index
		}
		return items[a].kind < items[b].kind
	})

	l.walk(tl, items, 0, 0)
	if c.axis == AxisTime {
		// A column starts no earlier than its loop time says, on a scale
		// that spreads the run over at least half again the width the
		// columns need by themselves, so long waits show as gaps.
		first, last, seen := 0.0, 0.0, false
		for i, it := range tl.Iterations {
			if !l.cols[i].shown {
				continue
			}
			if !seen {
				first, seen = it.First, true
			}
			last = it.First
		}
		if last > first {
			content := l.right - l.plotX
			l.walk(tl, items, first, max(timeSpan, 1.5*content)/(last-first))
		}
	}
	return l
}

// walk places everything, in the order it happened. With a scale, a
// column starts no earlier than plotX + (its time - t0) × scale.
func (l *layout) walk(tl *chrome.Timeline, items []placed, t0, scale float64) {
	cursor, cur := l.plotX, -1
	closeCol := func() {
		if cur >= 0 && l.cols[cur].shown {
			col := &l.cols[cur]
			col.w = max(cursor+colPad-col.x, minColW)
			cursor = col.x + col.w
		}
	}
	for _, it := range items {
		if it.p.Col != cur {
			closeCol()
			cur = it.p.Col
			if l.cols[cur].shown {
				x := cursor
				if scale > 0 {
					x = max(x, l.plotX+(tl.Iterations[cur].First-t0)*scale)
				}
				l.cols[cur].x = x
				cursor = x + colPad
			}
		}
		switch it.kind {
		case kStart:
			l.xs[it.i] = cursor
			cursor += max(minBoxW, textW(l.label[it.i])+8)
		case kEnd:
			l.xe[it.i] = cursor
			cursor += gap
		case kTimer:
			l.at[it.p.Index] = cursor
			cursor += timerW
		default:
			l.at[it.p.Index] = cursor
		}
	}
	closeCol()
	l.right = cursor
}
