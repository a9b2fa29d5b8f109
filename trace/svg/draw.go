package svg

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goasyncio/goasyncio/trace/chrome"
)

// This file answers "what does the picture look like?": it writes the SVG
// elements for a laid-out timeline, back to front: columns, rows and task
// lives, boxes, arrows, marks, then the legend.

// boxStyle is the fill, stroke and text color of each class of box.
var boxStyle = map[string][3]string{
	"await":     {"#4e79a7", "#35597e", "#ffffff"},
	"yield":     {"#59a14f", "#3f7a37", "#ffffff"},
	"done":      {"#7f7f7f", "#5c5c5c", "#ffffff"},
	"error":     {"#e15759", "#b03a3c", "#ffffff"},
	"cancelled": {"#f28e2b", "#c46c16", "#ffffff"},
	"bad-yield": {"#b07aa1", "#8a5a7d", "#ffffff"},
	"running":   {"#d9d9d9", "#999999", "#333333"},
	"callback":  {"#ece6d3", "#b5aa8a", "#4d4633"},
}

var legendBoxes = []struct{ class, text string }{
	{"await", "await: suspended on a future"},
	{"yield", "yield: bare yield, runs again next iteration"},
	{"done", "done: returned"},
	{"error", "error: raised"},
	{"cancelled", "cancelled"},
	{"callback", "plain callback"},
}

// linkStyle is the color and dash pattern of each kind of arrow.
var linkStyle = map[chrome.LinkKind][2]string{
	chrome.LinkWakeup: {"#222222", ""},
	chrome.LinkTimer:  {"#8a8a8a", "4 3"},
	chrome.LinkCreate: {"#8a8a8a", "1.5 2.5"},
}

// num formats a coordinate: at most one decimal, no trailing zeros.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func esc(s string) string { return escaper.Replace(s) }

// timeLabel writes a loop time in seconds with up to three decimals.
func timeLabel(t float64) string {
	s := strconv.FormatFloat(t, 'f', 3, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	return "t=" + s
}

type writer struct {
	*bufio.Writer
}

func (w writer) f(format string, args ...any) { fmt.Fprintf(w.Writer, format, args...) }

func draw(out io.Writer, tl *chrome.Timeline, l *layout, c config) error {
	w := writer{bufio.NewWriter(out)}
	bottom := l.rowsBottom(tl)
	legendTop := bottom + 22
	width := max(l.right+margin, 600, margin*2+textW(c.title)*1.3)
	items := legendItems(tl)
	lxs, lys, legendH := legendFlow(items, width-2*margin)
	height := legendTop + legendH + margin

	w.f(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="10">`+"\n",
		num(width), num(height), num(width), num(height))
	w.f("<title>%s</title>\n", esc(c.title))
	w.f("<defs>\n")
	for _, k := range []chrome.LinkKind{chrome.LinkWakeup, chrome.LinkTimer, chrome.LinkCreate} {
		w.f(`<marker id="arrow-%s" viewBox="0 0 8 8" refX="7.5" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="%s"/></marker>`+"\n", k, linkStyle[k][0])
	}
	w.f("</defs>\n")
	w.f(`<rect class="background" x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", num(width), num(height))

	// Title and summary.
	tasks := len(tl.Tracks) - 1
	ran := 0
	for _, it := range tl.Iterations {
		if it.Ran {
			ran++
		}
	}
	axis := "columns are loop iterations"
	if c.axis == AxisTime {
		axis = "columns placed by loop time"
	}
	w.f(`<text class="title" x="%s" y="%s" font-size="14" font-weight="bold" fill="#222">%s</text>`+"\n", num(margin), num(margin+12), esc(c.title))
	w.f(`<text class="summary" x="%s" y="%s" fill="#666">%d loop iterations, %d tasks, %d steps; %s</text>`+"\n",
		num(margin), num(margin+27), ran, tasks, countSteps(tl), axis)

	// Columns: shading, iteration numbers, loop time when it moved on.
	w.f(`<g class="columns">` + "\n")
	w.f(`<text x="%s" y="%s" fill="#666" font-size="9">iteration</text>`+"\n", num(margin), num(l.top-17))
	w.f(`<text x="%s" y="%s" fill="#666" font-size="9">loop time</text>`+"\n", num(margin), num(l.top-5))
	shade, lastTime := false, ""
	for i, col := range l.cols {
		if !col.shown {
			continue
		}
		it := tl.Iterations[i]
		fill := "#ffffff"
		if shade {
			fill = "#f1f4f7"
		}
		shade = !shade
		w.f(`<rect class="column" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			num(col.x), num(l.top-headerH), num(col.w), num(bottom-l.top+headerH), fill)
		mid := col.x + col.w/2
		w.f(`<text class="iteration" x="%s" y="%s" text-anchor="middle" fill="#333" font-weight="bold">%d</text>`+"\n", num(mid), num(l.top-17), it.N)
		if tl := timeLabel(it.First); tl != lastTime {
			lastTime = tl
			w.f(`<text class="time" x="%s" y="%s" text-anchor="middle" fill="#666" font-size="8.5">%s</text>`+"\n", num(mid), num(l.top-5), tl)
		}
	}
	w.f("</g>\n")

	// Rows: separators, names, and each task's life from creation to end.
	w.f(`<g class="rows">` + "\n")
	for i, t := range tl.Tracks {
		top, mid := l.rowTop(i), l.rowMid(i)
		w.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#dde2e7"/>`+"\n", num(margin), num(top), num(l.right), num(top))
		if !t.IsTask {
			w.f(`<text class="track" x="%s" y="%s" fill="#4d4633" font-style="italic">callbacks</text>`+"\n", num(margin), num(mid+3.5))
			continue
		}
		w.f(`<text class="track" x="%s" y="%s" fill="#222" font-weight="bold">%s</text>`+"\n", num(margin), num(mid-1), esc(t.Name))
		w.f(`<text class="coro" x="%s" y="%s" fill="#888" font-size="8.5">%s()</text>`+"\n", num(margin), num(mid+9), esc(t.Coro))
		x1, x2, ok := l.life(tl, i)
		if ok {
			w.f(`<line class="life" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9aa5b1" stroke-width="1.5"/>`+"\n", num(x1), num(mid), num(x2), num(mid))
		}
	}
	w.f(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#dde2e7"/>`+"\n", num(margin), num(bottom), num(l.right), num(bottom))
	w.f("</g>\n")

	// Boxes.
	w.f(`<g class="slices">` + "\n")
	for i := range tl.Slices {
		s := &tl.Slices[i]
		cls := s.Class()
		st := boxStyle[cls]
		x, bw := l.xs[i], l.xe[i]-l.xs[i]
		y := l.rowMid(s.Track) - boxH/2
		kind := "step"
		if s.Kind == chrome.SliceCallback {
			kind = "callback"
		}
		rectClass := kind + " " + cls
		if kind == "callback" {
			rectClass = "callback"
		}
		dash := ""
		if s.Open {
			dash = ` stroke-dasharray="3 2"`
		}
		w.f("<g>")
		w.f("<title>%s</title>", esc(tooltip(tl, s)))
		w.f(`<rect class="%s" x="%s" y="%s" width="%s" height="%s" rx="3" fill="%s" stroke="%s"%s/>`,
			rectClass, num(x), num(y), num(bw), num(boxH), st[0], st[1], dash)
		w.f(`<text class="box" x="%s" y="%s" text-anchor="middle" fill="%s" font-size="9.5">%s</text>`,
			num(x+bw/2), num(y+boxH/2+3.3), st[2], esc(l.label[i]))
		w.f("</g>\n")
	}
	w.f("</g>\n")

	// Arrows.
	w.f(`<g class="links" fill="none">` + "\n")
	for _, lk := range tl.Links {
		if lk.From < 0 || lk.To < 0 {
			continue
		}
		from, to := &tl.Slices[lk.From], &tl.Slices[lk.To]
		x1, ok := l.at[lk.At.Index]
		if !ok {
			x1 = l.xe[lk.From]
		}
		y1, x2, y2 := l.rowMid(from.Track), l.xs[lk.To], l.rowMid(to.Track)
		st := linkStyle[lk.Kind]
		dash := ""
		if st[1] != "" {
			dash = ` stroke-dasharray="` + st[1] + `"`
		}
		var d string
		if from.Track == to.Track {
			// Along one row: arc over the boxes in between.
			lift := boxH/2 + 6
			d = fmt.Sprintf("M%s,%s C%s,%s %s,%s %s,%s", num(x1), num(y1-boxH/2), num(x1+8), num(y1-lift-4), num(x2-8), num(y2-lift-4), num(x2), num(y2-boxH/2))
		} else {
			// Leave and enter the boxes level, but turn within a short
			// distance, so a long arrow crosses the rows instead of
			// running along one over its boxes.
			dx := min(max(10, (x2-x1)*0.45), 36)
			d = fmt.Sprintf("M%s,%s C%s,%s %s,%s %s,%s", num(x1), num(y1), num(x1+dx), num(y1), num(x2-dx), num(y2), num(x2), num(y2))
		}
		w.f(`<path class="link %s" d="%s" stroke="%s" stroke-width="1.2"%s marker-end="url(#arrow-%s)" opacity="0.85"><title>%s</title></path>`+"\n",
			lk.Kind, d, st[0], dash, lk.Kind, esc(lk.Kind.String()+": "+lk.What))
	}
	w.f("</g>\n")

	// Marks.
	w.f(`<g class="marks">` + "\n")
	for _, m := range tl.Marks {
		x, ok := l.at[m.At.Index]
		if !ok {
			continue
		}
		top := l.rowTop(m.Track)
		title := "<title>" + esc(m.Kind.String()+" (iteration "+strconv.FormatUint(m.At.Iteration, 10)+"): "+m.Detail) + "</title>"
		switch m.Kind {
		case chrome.MarkTimerFired:
			x += timerW / 2
			w.f(`<path class="mark timer-fired" d="M%s,%s L%s,%s L%s,%s z" fill="#555">%s</path>`+"\n",
				num(x-4), num(top+4), num(x+4), num(top+4), num(x), num(top+11), title)
		case chrome.MarkTimerCancelled:
			w.f(`<path class="mark timer-cancelled" d="M%s,%s L%s,%s L%s,%s z" fill="#fff" stroke="#555">%s</path>`+"\n",
				num(x-4), num(top+4), num(x+4), num(top+4), num(x), num(top+11), title)
		case chrome.MarkCancel:
			w.f(`<path class="mark cancel" d="M%s,%s L%s,%s M%s,%s L%s,%s" stroke="#c46c16" stroke-width="2">%s</path>`+"\n",
				num(x-3.5), num(top+2), num(x+3.5), num(top+9), num(x+3.5), num(top+2), num(x-3.5), num(top+9), title)
		case chrome.MarkException:
			w.f(`<g class="mark exception">%s<circle cx="%s" cy="%s" r="5" fill="#b03a3c"/><text x="%s" y="%s" text-anchor="middle" fill="#fff" font-size="8" font-weight="bold">!</text></g>`+"\n",
				title, num(x), num(top+6), num(x), num(top+9))
		}
	}
	w.f("</g>\n")

	drawLegend(w, items, lxs, lys, legendTop)
	w.f("</svg>\n")
	return w.Flush()
}

// life returns where a task's life line starts and ends on its row.
func (l *layout) life(tl *chrome.Timeline, track int) (x1, x2 float64, ok bool) {
	t := tl.Tracks[track]
	first, last := -1, -1
	for i := range tl.Slices {
		if tl.Slices[i].Track == track {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	x2 = l.right
	switch {
	case t.Created != nil:
		x1 = l.at[t.Created.Index]
	case first >= 0:
		x1 = l.xs[first]
	default:
		return 0, 0, false
	}
	switch {
	case t.Done != nil:
		x2 = l.at[t.Done.Index]
	case last >= 0 && tl.Slices[last].Class() == "running":
		x2 = l.xe[last]
	}
	return x1, max(x1, x2), true
}

func countSteps(tl *chrome.Timeline) int {
	n := 0
	for i := range tl.Slices {
		if tl.Slices[i].Kind == chrome.SliceStep {
			n++
		}
	}
	return n
}

// tooltip is the hover text of a box.
func tooltip(tl *chrome.Timeline, s *chrome.Slice) string {
	var b strings.Builder
	if s.Kind == chrome.SliceStep {
		t := tl.Tracks[s.Track]
		fmt.Fprintf(&b, "step of task %s (%s()): %s", t.Name, t.Coro, s.Class())
		if s.AwaitsRepr != "" {
			b.WriteString("\nawaits " + s.AwaitsRepr)
		}
		if s.Thrown != "" {
			b.WriteString("\nresumed by throwing " + s.Thrown)
		}
	} else {
		b.WriteString("callback " + s.Name)
	}
	if s.Handle != "" {
		b.WriteString("\nhandle " + s.Handle)
	}
	fmt.Fprintf(&b, "\niteration %d, loop time %s", s.Start.Iteration, strconv.FormatFloat(s.Start.Time, 'f', 6, 64))
	if s.Open {
		b.WriteString("\n(still running when the recording ended)")
	}
	return b.String()
}

// The legend is a row of samples (box colors, arrows, marks), wrapped to
// the width of the picture.
const legendLine = 18.0

var legendLinks = []struct {
	k    chrome.LinkKind
	text string
}{
	{chrome.LinkWakeup, "wakeup: a future completed here, its done callback ran there"},
	{chrome.LinkTimer, "timer scheduled → its callback"},
	{chrome.LinkCreate, "task created → its first step"},
}

type legendItem struct {
	w    float64
	draw func(w writer, x, y float64)
}

// legendItems returns the samples of what the picture shows (all of
// them for an empty picture).
func legendItems(tl *chrome.Timeline) []legendItem {
	classes, links, marks := map[string]bool{}, map[chrome.LinkKind]bool{}, map[chrome.MarkKind]bool{}
	for i := range tl.Slices {
		classes[tl.Slices[i].Class()] = true
	}
	for _, l := range tl.Links {
		if l.From >= 0 && l.To >= 0 {
			links[l.Kind] = true
		}
	}
	for _, m := range tl.Marks {
		marks[m.Kind] = true
	}
	all := len(tl.Slices) == 0
	var items []legendItem
	for _, e := range legendBoxes {
		if !all && !classes[e.class] {
			continue
		}
		st := boxStyle[e.class]
		items = append(items, legendItem{18 + textW(e.text), func(w writer, x, y float64) {
			w.f(`<rect class="legend" x="%s" y="%s" width="14" height="10" rx="2" fill="%s" stroke="%s"/>`, num(x), num(y), st[0], st[1])
			w.f(`<text x="%s" y="%s">%s</text>`+"\n", num(x+18), num(y+9), esc(e.text))
		}})
	}
	for _, e := range legendLinks {
		if !all && !links[e.k] {
			continue
		}
		st := linkStyle[e.k]
		dash := ""
		if st[1] != "" {
			dash = ` stroke-dasharray="` + st[1] + `"`
		}
		items = append(items, legendItem{30 + textW(e.text), func(w writer, x, y float64) {
			w.f(`<path d="M%s,%s L%s,%s" stroke="%s" stroke-width="1.2"%s marker-end="url(#arrow-%s)" fill="none"/>`,
				num(x), num(y+5), num(x+24), num(y+5), st[0], dash, e.k)
			w.f(`<text x="%s" y="%s">%s</text>`+"\n", num(x+30), num(y+9), esc(e.text))
		}})
	}
	if all || marks[chrome.MarkTimerFired] {
		items = append(items, legendItem{12 + textW("timer fired"), func(w writer, x, y float64) {
			w.f(`<path d="M%s,%s L%s,%s L%s,%s z" fill="#555"/><text x="%s" y="%s">timer fired</text>`+"\n",
				num(x), num(y+2), num(x+8), num(y+2), num(x+4), num(y+9), num(x+12), num(y+9))
		}})
	}
	if all || marks[chrome.MarkTimerCancelled] {
		items = append(items, legendItem{12 + textW("timer cancelled"), func(w writer, x, y float64) {
			w.f(`<path d="M%s,%s L%s,%s L%s,%s z" fill="#fff" stroke="#555"/><text x="%s" y="%s">timer cancelled</text>`+"\n",
				num(x), num(y+2), num(x+8), num(y+2), num(x+4), num(y+9), num(x+12), num(y+9))
		}})
	}
	if all || marks[chrome.MarkCancel] {
		items = append(items, legendItem{12 + textW("cancel request"), func(w writer, x, y float64) {
			w.f(`<path d="M%s,%s L%s,%s M%s,%s L%s,%s" stroke="#c46c16" stroke-width="2"/><text x="%s" y="%s">cancel request</text>`+"\n",
				num(x), num(y+2), num(x+7), num(y+9), num(x+7), num(y+2), num(x), num(y+9), num(x+12), num(y+9))
		}})
	}
	if all || marks[chrome.MarkException] {
		items = append(items, legendItem{14 + textW("exception handler called"), func(w writer, x, y float64) {
			w.f(`<circle cx="%s" cy="%s" r="5" fill="#b03a3c"/><text x="%s" y="%s" text-anchor="middle" fill="#fff" font-size="8" font-weight="bold">!</text><text x="%s" y="%s">exception handler called</text>`+"\n",
				num(x+4), num(y+5), num(x+4), num(y+8), num(x+14), num(y+9))
		}})
	}
	return items
}

const legendSep = 16.0

// legendFlow places the legend items in lines no wider than maxW and
// returns their positions (relative to the legend's top left) and height.
func legendFlow(items []legendItem, maxW float64) (xs, ys []float64, h float64) {
	x, y := 0.0, 0.0
	for _, it := range items {
		if x > 0 && x+it.w > maxW {
			x, y = 0, y+legendLine
		}
		xs, ys = append(xs, x), append(ys, y)
		x += it.w + legendSep
	}
	return xs, ys, y + legendLine
}

func drawLegend(w writer, items []legendItem, xs, ys []float64, top float64) {
	w.f(`<g class="legend" fill="#333">` + "\n")
	for i, it := range items {
		it.draw(w, margin+xs[i], top+ys[i])
	}
	w.f("</g>\n")
}
