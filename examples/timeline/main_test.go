package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/trace"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/internal/difftest"
)

// tlMemoEnv makes the test binary, run again as a subprocess, write the
// memo timeline to the file it names and exit: a fresh process, so the
// memo tasks are Task-1 to Task-3 as in a fresh CPython.
const tlMemoEnv = "GOASYNCIO_TIMELINE_MEMO_SVG"

func TestMain(m *testing.M) {
	if path := os.Getenv(tlMemoEnv); path != "" {
		if err := writeMemoSVG(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	goleak.VerifyTestMain(m)
}

// TestMatchesCPython runs main and compares its output with main.py's
// under CPython 3.13 (or the committed golden file).
func TestMatchesCPython(t *testing.T) {
	got := difftest.CaptureStdout(t, main)
	difftest.Compare(t, got, "main.py")
}

// tlSVG is a generic SVG element.
type tlSVG struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []tlSVG    `xml:",any"`
}

func (e *tlSVG) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// tlScan parses an SVG file and returns its step boxes by class and the
// texts by class.
func tlScan(t *testing.T, data []byte) (steps map[string]int, texts map[string][]string) {
	t.Helper()
	var root tlSVG
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	require.NoError(t, dec.Decode(&root))
	require.Equal(t, "svg", root.XMLName.Local)
	steps, texts = map[string]int{}, map[string][]string{}
	var walk func(e *tlSVG)
	walk = func(e *tlSVG) {
		cls := e.attr("class")
		if e.XMLName.Local == "rect" && strings.HasPrefix(cls, "step ") {
			steps[strings.TrimPrefix(cls, "step ")]++
		}
		if e.XMLName.Local == "text" && cls != "" {
			texts[cls] = append(texts[cls], e.Text)
		}
		for i := range e.Children {
			walk(&e.Children[i])
		}
	}
	walk(&root)
	return steps, texts
}

// TestPictures runs the demo with every picture on: the output stays the
// same, and the SVG, the JSON and the Go execution trace are written.
func TestPictures(t *testing.T) {
	dir := t.TempDir()
	p := pictures{svg: filepath.Join(dir, "run.svg"), json: filepath.Join(dir, "run.json")}
	if !trace.IsEnabled() {
		p.goTrace = filepath.Join(dir, "run.trace")
	}
	var err error
	got := difftest.CaptureStdout(t, func() { err = run(p) })
	require.NoError(t, err)
	difftest.Compare(t, got, "main.py")

	data, err := os.ReadFile(p.svg)
	require.NoError(t, err)
	steps, texts := tlScan(t, data)
	// main: await gather, done. A: 3 sleeps, done. B: yield, sleep,
	// yield, sleep, done. C: sleep, error.
	assert.Equal(t, map[string]int{"await": 7, "yield": 2, "done": 3, "error": 1}, steps)
	assert.Equal(t, []string{"callbacks", "main", "A", "B", "C"}, texts["track"])
	assert.Contains(t, texts["time"], "t=1.6", "the last wakeup is at t=1.6")

	data, err = os.ReadFile(p.json)
	require.NoError(t, err)
	var f struct {
		TraceEvents []struct {
			Name string         `json:"name"`
			Ph   string         `json:"ph"`
			Tid  int            `json:"tid"`
			Dur  *float64       `json:"dur"`
			Args map[string]any `json:"args"`
		} `json:"traceEvents"`
		DisplayTimeUnit string `json:"displayTimeUnit"`
	}
	require.NoError(t, json.Unmarshal(data, &f))
	assert.Equal(t, "ms", f.DisplayTimeUnit)
	var threads []string
	xs := 0
	for _, e := range f.TraceEvents {
		switch e.Ph {
		case "M":
			if e.Name == "thread_name" {
				threads = append(threads, e.Args["name"].(string))
			}
		case "X":
			require.NotNil(t, e.Dur)
			assert.GreaterOrEqual(t, *e.Dur, 0.0)
			xs++
		}
	}
	assert.Equal(t, []string{"loop (callbacks)", "main", "A", "B", "C"}, threads)
	assert.Positive(t, xs)

	if p.goTrace != "" {
		data, err = os.ReadFile(p.goTrace)
		require.NoError(t, err)
		assert.NotEmpty(t, data)
		assert.True(t, bytes.Contains(data, []byte("asyncio loop")), "the trace names the loop's task")
	}
}

// TestMemoTimeline regenerates docs/memo-timeline.svg in a fresh process
// and checks it is the committed file (go test -update rewrites it), that
// the memo run printed what examples/memo prints, and what it shows.
func TestMemoTimeline(t *testing.T) {
	out := filepath.Join(t.TempDir(), "memo.svg")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), tlMemoEnv+"="+out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	want, err := os.ReadFile("../memo/main.golden")
	require.NoError(t, err)
	assert.Equal(t, string(want), stdout.String(), "the memo run prints what examples/memo prints")

	got, err := os.ReadFile(out)
	require.NoError(t, err)
	steps, texts := tlScan(t, got)
	// Each fibn(4) task runs to the end in its first step: the memo
	// awaits are inline, nothing suspends.
	assert.Equal(t, map[string]int{"done": 3}, steps)
	assert.Equal(t, []string{"callbacks", "Task-1", "Task-2", "Task-3"}, texts["track"])
	assert.Equal(t, []string{"1", "2", "3"}, texts["iteration"])

	docs := "../../docs/memo-timeline.svg"
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		require.NoError(t, os.WriteFile(docs, got, 0o644))
	}
	committed, err := os.ReadFile(docs)
	require.NoError(t, err, "run go generate ./examples/timeline, or this test with -update")
	assert.Equal(t, string(committed), string(got), "docs/memo-timeline.svg is up to date (go generate ./examples/timeline)")
}
