// Command timeline runs a small scheduling demo and can draw what the
// event loop did: three workers sleep for different times (one lets the
// others go first with sleep(0), one gives up with an error) while main
// gathers them, on a virtual clock.
//
//	go run ./examples/timeline                    # just the output
//	go run ./examples/timeline -svg run.svg       # an SVG timeline
//	go run ./examples/timeline -json run.json     # for ui.perfetto.dev
//	go run ./examples/timeline -gotrace run.trace # for go tool trace
//	go run ./examples/timeline -trace             # narration on stderr
//
// Open run.svg in a browser: a row per task, a column per loop iteration,
// a box per task step (blue: it awaits something, green: it yielded,
// gray: it returned, red: it raised), arrows from where a future completed
// to the step it woke. Open run.json at https://ui.perfetto.dev ("Open
// trace file") or in chrome://tracing: the same run as tracks and slices,
// with flow arrows. See packages trace/svg, trace/chrome and trace/rtrace.
//
// With -memo-svg file it instead runs the memo seed example (three
// gathered fibn(4) calls sharing a cache) and draws its timeline; that is
// how docs/memo-timeline.svg is made (go generate ./examples/timeline).
//
// What the picture shows, and the output below says in words: all three
// workers start in the iteration after main creates them, in creation
// order. B's sleep(0) hands control back for exactly one iteration, so B
// starts its first round after C although it was created before it.
// Each sleep is a future plus a timer; when the timer fires, its callback
// completes the future, and the task's wakeup (its next step) runs one
// iteration later. gather's own callback runs one iteration after each
// worker finishes, and main resumes one iteration after the last one.
//
//go:generate go run . -memo-svg ../../docs/memo-timeline.svg
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

var (
	svgOut     = flag.String("svg", "", "write an SVG timeline of the run to `file`")
	jsonOut    = flag.String("json", "", "write the run as Chrome/Perfetto trace-event JSON to `file`")
	goTraceOut = flag.String("gotrace", "", "write a Go execution trace of the run (for go tool trace) to `file`")
	memoSVGOut = flag.String("memo-svg", "", "run the memo example instead and write its SVG timeline to `file`")
)

var (
	l  *loop.Loop // loop = VirtualClockLoop()
	t0 float64    // t0 = loop.time()
)

// now is def now(): the loop time since the start, rounded to 0.1s (each
// read of a virtual clock moves it on by a nanosecond).
func now() float64 {
	return math.Round((l.Time()-t0)*10) / 10 // return round(loop.time() - t0, 1)
}

// worker is async def worker(name, delay, rounds, polite=False, fail=False).
func worker(name string, delay float64, rounds int, polite, fail bool) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		for i := 1; i <= rounds; i++ { // for i in range(1, rounds + 1):
			if polite {
				fmt.Printf("t=%s %s: after you\n", pyfmt.Str(now()), name) // print(f"t={now()} {name}: after you")
				if err := task.Sleep(co, 0); err != nil {                  // await asyncio.sleep(0)
					return "", err
				}
			}
			// print(f"t={now()} {name}: round {i} of {rounds}, sleeping {delay}s")
			fmt.Printf("t=%s %s: round %d of %d, sleeping %ss\n", pyfmt.Str(now()), name, i, rounds, pyfmt.Str(delay))
			if err := task.Sleep(co, time.Duration(math.Round(delay*1e9))); err != nil { // await asyncio.sleep(delay)
				return "", err
			}
		}
		if fail {
			fmt.Printf("t=%s %s: giving up\n", pyfmt.Str(now()), name) // print(f"t={now()} {name}: giving up")
			return "", task.ValueError(name + " gave up")              // raise ValueError(f"{name} gave up")
		}
		fmt.Printf("t=%s %s: done\n", pyfmt.Str(now()), name) // print(f"t={now()} {name}: done")
		return fmt.Sprintf("%s did %d rounds", name, rounds), nil
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		var workers []task.Awaitable[string]
		for _, w := range []struct {
			name         string
			delay        float64
			rounds       int
			polite, fail bool
		}{
			{"A", 0.5, 3, false, false}, // asyncio.create_task(worker("A", 0.5, 3), name="A")
			{"B", 0.8, 2, true, false},  // asyncio.create_task(worker("B", 0.8, 2, polite=True), name="B")
			{"C", 0.7, 1, false, true},  // asyncio.create_task(worker("C", 0.7, 1, fail=True), name="C")
		} {
			t, err := task.CreateTask(co, worker(w.name, w.delay, w.rounds, w.polite, w.fail), task.WithName(w.name))
			if err != nil {
				return nil, err
			}
			workers = append(workers, t)
		}
		fmt.Printf("t=%s main: gathering %d workers\n", pyfmt.Str(now()), len(workers))
		// results = await asyncio.gather(*workers, return_exceptions=True)
		results, err := task.GatherReturnExceptions(co, workers...).Await(co)
		if err != nil {
			return nil, err
		}
		fmt.Printf("t=%s main: %s\n", pyfmt.Str(now()), pyfmt.Repr(results)) // print(f"t={now()} main: {results}")
		return nil, nil
	})
}

func main() {
	flag.Parse()
	if *memoSVGOut != "" {
		if err := writeMemoSVG(*memoSVGOut); err != nil {
			fmt.Fprintln(os.Stderr, "timeline:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(pictures{svg: *svgOut, json: *jsonOut, goTrace: *goTraceOut}); err != nil {
		fmt.Fprintln(os.Stderr, "timeline:", err)
		os.Exit(1)
	}
}

// run runs the demo, drawing the pictures p asks for.
func run(p pictures) error {
	opts := []loop.Option{loop.WithVirtualClock()}
	tr, err := p.start()
	if err != nil {
		return err
	}
	if tr != nil {
		opts = append(opts, loop.WithTracer(tr))
	}
	l = loop.New(opts...) // loop = VirtualClockLoop()
	t0 = l.Time()         // t0 = loop.time()
	// loop.run_until_complete(loop.create_task(main(), name="main"))
	m, err := l.CreateTask(asyncMain(), task.WithName("main"))
	if err == nil {
		_, err = l.RunUntilComplete(m)
	}
	if cerr := l.Close(); err == nil { // loop.close()
		err = cerr
	}
	if ferr := p.finish(); err == nil {
		err = ferr
	}
	return err
}
