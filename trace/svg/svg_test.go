package svg_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/chrome"
	"github.com/goasyncio/goasyncio/trace/svg"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var svgUpdate = flag.Bool("update", false, "rewrite the golden files under testdata")

// svgWorker sleeps d, rounds times, then returns its name, or fails if
// fail is set.
func svgWorker(name string, d time.Duration, rounds int, fail bool) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		for range rounds {
			if err := task.Sleep(co, d); err != nil {
				return "", err
			}
		}
		if fail {
			return "", task.ValueError(name + " failed")
		}
		return name, nil
	})
}

// svgYielder yields twice with sleep(0).
func svgYielder() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
		}
		return "yielder", nil
	})
}

// svgDemo: a sleeper, a yielder, a failing task and one cancelled while it
// sleeps, gathered with return_exceptions.
func svgDemo() *coroutine.Coroutine[[]task.Outcome[string]] {
	return coroutine.New(func(co *coroutine.Co) ([]task.Outcome[string], error) {
		a, err := task.CreateTask(co, svgWorker("a", time.Second, 2, false), task.WithName("a"))
		if err != nil {
			return nil, err
		}
		b, err := task.CreateTask(co, svgYielder(), task.WithName("b"))
		if err != nil {
			return nil, err
		}
		c, err := task.CreateTask(co, svgWorker("c", 500*time.Millisecond, 1, true), task.WithName("c"))
		if err != nil {
			return nil, err
		}
		d, err := task.CreateTask(co, svgWorker("d", time.Hour, 1, false), task.WithName("d"))
		if err != nil {
			return nil, err
		}
		if err := task.Sleep(co, 200*time.Millisecond); err != nil {
			return nil, err
		}
		d.Cancel()
		return task.GatherReturnExceptions[string](co, a, b, c, d).Await(co)
	})
}

func svgRun(t *testing.T, r task.Tracer) {
	t.Helper()
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
	defer l.Close()
	m, err := l.CreateTask(svgDemo(), task.WithName("main"))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(m)
	require.NoError(t, err)
}

// svgElem is a generic XML element: its name, attributes, text and
// children.
type svgElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []svgElem  `xml:",any"`
}

func (e *svgElem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (e *svgElem) walk(fn func(*svgElem)) {
	fn(e)
	for i := range e.Children {
		e.Children[i].walk(fn)
	}
}

// svgParse checks that data is one well-formed SVG document and returns
// its root.
func svgParse(t *testing.T, data []byte) *svgElem {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var root svgElem
	require.NoError(t, dec.Decode(&root), "well-formed XML")
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		cd, ok := tok.(xml.CharData)
		require.True(t, ok && strings.TrimSpace(string(cd)) == "", "nothing but space after the root element: %v", tok)
	}
	require.Equal(t, "svg", root.XMLName.Local)
	require.Equal(t, "http://www.w3.org/2000/svg", root.XMLName.Space)
	require.NotEmpty(t, root.attr("width"))
	require.NotEmpty(t, root.attr("viewBox"))
	// Every reference to a marker points at one that is defined.
	ids := map[string]bool{}
	root.walk(func(e *svgElem) {
		if id := e.attr("id"); id != "" {
			ids[id] = true
		}
	})
	root.walk(func(e *svgElem) {
		if m := e.attr("marker-end"); m != "" {
			id := strings.TrimSuffix(strings.TrimPrefix(m, "url(#"), ")")
			assert.True(t, ids[id], "marker %s is defined", id)
		}
	})
	return &root
}

func svgRects(root *svgElem, classPrefix string) []*svgElem {
	var out []*svgElem
	root.walk(func(e *svgElem) {
		if e.XMLName.Local == "rect" && strings.HasPrefix(e.attr("class"), classPrefix) {
			out = append(out, e)
		}
	})
	return out
}

func svgTexts(root *svgElem, class string) []string {
	var out []string
	root.walk(func(e *svgElem) {
		if e.XMLName.Local == "text" && e.attr("class") == class {
			out = append(out, e.Text)
		}
	})
	return out
}

func svgGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *svgUpdate {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run the tests with -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}

func TestDemo(t *testing.T) {
	r := svg.New(svg.WithTitle("svg demo"))
	svgRun(t, r)
	var buf bytes.Buffer
	require.NoError(t, r.WriteSVG(&buf))
	root := svgParse(t, buf.Bytes())

	tl := r.Timeline()
	steps := map[string]int{}
	for _, s := range tl.Slices {
		if s.Kind == chrome.SliceStep {
			steps[s.Class()]++
		}
	}
	// main: await sleep, await gather, done; a: 2 awaits, done; b: 2
	// yields, done; c: await, error; d: await, cancelled.
	assert.Equal(t, map[string]int{"await": 6, "yield": 2, "done": 3, "error": 1, "cancelled": 1}, steps)
	for class, n := range steps {
		assert.Len(t, svgRects(root, "step "+class), n, "one <rect> per %s step", class)
	}
	assert.Len(t, svgRects(root, "step"), 13, "one <rect> per step")
	assert.Len(t, svgRects(root, "callback"), len(tl.Slices)-13, "one <rect> per callback")

	assert.Equal(t, []string{"callbacks", "main", "a", "b", "c", "d"}, svgTexts(root, "track"))
	its := svgTexts(root, "iteration")
	require.NotEmpty(t, its)
	assert.Equal(t, "1", its[0], "columns are numbered from the first iteration")
	assert.Contains(t, svgTexts(root, "time"), "t=0.2", "the loop time shows where it moved on")
	assert.Equal(t, []string{"svg demo"}, svgTexts(root, "title"))
	boxes := svgTexts(root, "box")
	assert.Contains(t, boxes, "await sleep")
	assert.Contains(t, boxes, "await gather")
	assert.Contains(t, boxes, "wakeSleeper")
	assert.Contains(t, boxes, "_done_callback")

	// Arrows: one path per link whose both ends ran.
	links := 0
	for _, l := range tl.Links {
		if l.From >= 0 && l.To >= 0 {
			links++
		}
	}
	paths := 0
	root.walk(func(e *svgElem) {
		if e.XMLName.Local == "path" && strings.HasPrefix(e.attr("class"), "link ") {
			paths++
		}
	})
	assert.Equal(t, links, paths)
	svgGolden(t, "demo.svg", buf.Bytes())

	// The same run draws the same bytes.
	var again bytes.Buffer
	require.NoError(t, svg.Render(&again, tl, svg.WithTitle("svg demo")))
	assert.Equal(t, buf.String(), again.String())
}

func TestTimeAxis(t *testing.T) {
	r := svg.New(svg.WithAxis(svg.AxisTime))
	svgRun(t, r)
	var buf bytes.Buffer
	require.NoError(t, r.WriteSVG(&buf))
	root := svgParse(t, buf.Bytes())
	assert.Len(t, svgRects(root, "step"), 13)
	// Columns never overlap and follow loop time.
	var cols []*svgElem
	root.walk(func(e *svgElem) {
		if e.XMLName.Local == "rect" && e.attr("class") == "column" {
			cols = append(cols, e)
		}
	})
	require.NotEmpty(t, cols)
	svgGolden(t, "demo-time.svg", buf.Bytes())
}

// TestEmpty: nothing recorded still draws a valid picture.
func TestEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, svg.New().WriteSVG(&buf))
	root := svgParse(t, buf.Bytes())
	assert.Empty(t, svgRects(root, "step"))
	assert.Equal(t, []string{"callbacks"}, svgTexts(root, "track"))
}

// TestEscaping: task names are text, not markup.
func TestEscaping(t *testing.T) {
	r := svg.New()
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
	defer l.Close()
	m, err := l.CreateTask(svgWorker("x", time.Second, 1, false), task.WithName(`<b>&"'`))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(m)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, r.WriteSVG(&buf))
	root := svgParse(t, buf.Bytes())
	assert.Contains(t, svgTexts(root, "track"), `<b>&"'`)
}
