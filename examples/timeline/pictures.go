package main

import (
	"bufio"
	"os"
	"runtime/trace"

	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
	"github.com/goasyncio/goasyncio/trace/chrome"
	"github.com/goasyncio/goasyncio/trace/rtrace"
	"github.com/goasyncio/goasyncio/trace/svg"
)

// This file answers "how does the demo draw itself?": one chrome.Recorder
// records the run for both the SVG and the JSON picture, an rtrace.Tracer
// tags it for Go's execution tracer, and narration (-trace) may listen
// too. A loop has one tracer, so they share it through a tee.

// pictures says which pictures to make: file names, "" for none.
type pictures struct {
	svg, json, goTrace string

	rec       *chrome.Recorder
	rt        *rtrace.Tracer
	traceFile *os.File
}

// tee hands every event to each of its tracers, in order.
type tee []task.Tracer

func (t tee) Event(e task.TraceEvent) {
	for _, tr := range t {
		tr.Event(e)
	}
}

// start prepares the recorders and returns the tracer for the loop (nil
// when no picture is asked for and narration is off).
func (p *pictures) start() (task.Tracer, error) {
	var trs tee
	if p.svg != "" || p.json != "" {
		p.rec = chrome.New()
		trs = append(trs, p.rec)
	}
	if p.goTrace != "" {
		f, err := os.Create(p.goTrace)
		if err != nil {
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return nil, err
		}
		p.traceFile = f
		p.rt = rtrace.New()
		trs = append(trs, p.rt)
	}
	if n := autotrace.Tracer(); n != nil {
		trs = append(trs, n)
	}
	switch len(trs) {
	case 0:
		return nil, nil
	case 1:
		return trs[0], nil
	}
	return trs, nil
}

// finish writes the pictures once the loop is closed.
func (p *pictures) finish() error {
	var first error
	keep := func(err error) {
		if first == nil {
			first = err
		}
	}
	if p.rt != nil {
		p.rt.End()
		trace.Stop()
		keep(p.traceFile.Close())
	}
	if p.rec == nil {
		return first
	}
	if p.svg != "" {
		keep(writeFile(p.svg, func(w *bufio.Writer) error {
			return svg.Render(w, p.rec.Timeline(), svg.WithTitle("examples/timeline: three workers and a gather"))
		}))
	}
	if p.json != "" {
		keep(writeFile(p.json, func(w *bufio.Writer) error { return p.rec.WriteJSON(w) }))
	}
	return first
}

// writeFile creates path and writes it with fn.
func writeFile(path string, fn func(w *bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	err = fn(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
