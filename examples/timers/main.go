// Command timers shows asyncio's timers on a virtual clock: call_later and
// call_at callbacks, a cancelled timer, and a task that sleeps for an hour
// yet finishes at once.
//
// Timers live in a heap ordered by deadline. In each iteration (_run_once)
// the loop moves the timers that are due to the end of the ready queue,
// then runs the queue. That explains the order:
//
//   - call_later(0) is due at once, but a due timer joins the ready queue
//     only at the next iteration, behind the callbacks already there: the
//     call_soon callback queued after it runs first.
//   - Timers run by deadline, not by the order they were scheduled, so
//     0.1, 0.2 and 0.3 come out sorted. The cancelled timer stays in the
//     heap but is skipped when its turn comes.
//   - A timer's deadline is its only sort key: three call_at timers for the
//     same instant come out in the order the heap happens to pop them
//     (#2, #3, #1 here), not in the order they were scheduled. CPython's
//     heapq decides this, and the Go loop uses the same algorithm.
//   - sleep(d) is a future plus a call_later(d) timer that completes it;
//     the sleeping task resumes one iteration after the timer fires. So
//     main, sleeping until 2.0, and the call_at(t0 + 1.5) timer interleave
//     by deadline with everything else.
//
// With loop.WithVirtualClock() no time really passes: whenever nothing is
// ready, the clock jumps to the next timer. The hour that long_nap sleeps
// takes no time at all, and the half-hour timer fires on the way. main.py gets
// the same clock from a small selector subclass (the rest is CPython's own
// SelectorEventLoop), and both sides round elapsed times to one decimal,
// since each read of a virtual clock moves it on by a nanosecond.
package main

import (
	"fmt"
	"math"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

var (
	l  *loop.Loop // loop = VirtualClockLoop()
	t0 float64    // t0 = loop.time()
)

// round1 is Python's round(x, 1) for the values printed here, none of
// which lies halfway between two tenths.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// elapsed is def elapsed().
func elapsed() float64 {
	return round1(l.Time() - t0) // return round(loop.time() - t0, 1)
}

// report is def report(what).
func report(what string) {
	fmt.Printf("t=%s %s\n", pyfmt.Str(elapsed()), what) // print(f"t={elapsed()} {what}")
}

// longNap is async def long_nap().
func longNap() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		report("long_nap: going to sleep for an hour")    // report("long_nap: going to sleep for an hour")
		if err := task.Sleep(co, time.Hour); err != nil { // await asyncio.sleep(3600)
			return "", err
		}
		report("long_nap: woke up") // report("long_nap: woke up")
		return "rested", nil        // return "rested"
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		report("main: scheduling timers") // report("main: scheduling timers")
		// loop.call_later(0.3, report, "call_later(0.3)")
		l.CallLater(300*time.Millisecond, func() { report("call_later(0.3)") })
		// loop.call_later(0.1, report, "call_later(0.1)")
		l.CallLater(100*time.Millisecond, func() { report("call_later(0.1)") })
		// loop.call_later(0.2, report, "call_later(0.2)")
		l.CallLater(200*time.Millisecond, func() { report("call_later(0.2)") })
		// loop.call_later(0, report, "call_later(0)")
		l.CallLater(0, func() { report("call_later(0)") })
		// loop.call_soon(report, "call_soon, queued after call_later(0)")
		l.CallSoon(func() { report("call_soon, queued after call_later(0)") })
		// h = loop.call_later(0.2, report, "cancelled timer: never printed")
		h, err := l.CallLater(200*time.Millisecond, func() { report("cancelled timer: never printed") })
		if err != nil {
			return nil, err
		}
		h.Cancel() // h.cancel()
		// print("cancelled timer: cancelled() =", h.cancelled())
		pyfmt.Println("cancelled timer: cancelled() =", h.Cancelled())
		when := t0 + 1.0         // when = t0 + 1.0
		for i := 1; i < 4; i++ { // for i in range(1, 4):
			label := fmt.Sprintf("call_at(t0 + 1.0) #%d", i)
			l.CallAt(when, func() { report(label) }) // loop.call_at(when, report, f"call_at(t0 + 1.0) #{i}")
		}
		// loop.call_at(when + 0.5, report, "call_at(t0 + 1.5)")
		l.CallAt(when+0.5, func() { report("call_at(t0 + 1.5)") })
		if err := task.Sleep(co, 500*time.Millisecond); err != nil { // await asyncio.sleep(0.5)
			return nil, err
		}
		report("main: woke up from sleep(0.5)")                       // report("main: woke up from sleep(0.5)")
		if err := task.Sleep(co, 1500*time.Millisecond); err != nil { // await asyncio.sleep(1.5)
			return nil, err
		}
		report("main: woke up from sleep(1.5)") // report("main: woke up from sleep(1.5)")
		nap, err := l.CreateTask(longNap())     // nap = loop.create_task(long_nap())
		if err != nil {
			return nil, err
		}
		// half = loop.call_later(1800, report, "call_later(1800): half an hour")
		half, err := l.CallLater(30*time.Minute, func() { report("call_later(1800): half an hour") })
		if err != nil {
			return nil, err
		}
		// print("half an hour timer due at", round(half.when() - t0, 1))
		pyfmt.Println("half an hour timer due at", round1(half.When()-t0))
		result, err := nap.Await(co) // result = await nap
		if err != nil {
			return nil, err
		}
		report("main: long_nap returned " + pyfmt.Repr(result)) // report(f"main: long_nap returned {result!r}")
		return nil, nil
	})
}

func main() {
	l = loop.New(loop.WithVirtualClock())                      // loop = VirtualClockLoop()
	autotrace.Install(l)                                       // -trace or GOASYNCIO_TRACE=1: narration on stderr
	t0 = l.Time()                                              // t0 = loop.time()
	if _, err := l.RunUntilComplete(asyncMain()); err != nil { // loop.run_until_complete(main())
		panic(err)
	}
	l.Close() // loop.close()
}
