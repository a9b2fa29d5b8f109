// Command waiting shows asyncio's ways of waiting on a virtual clock:
// wait_for with a timeout, wait(FIRST_COMPLETED), as_completed and shield.
// Every "server" is a fetch coroutine that sleeps for its response time,
// reporting when it sends, receives or is cancelled.
//
// Why the lines come in this order:
//
//   - wait_for runs the slow fetch inside main's own task under a one
//     second deadline. At the deadline the task is cancelled, and wait_for
//     only raises TimeoutError once the cancelled work has finished: the
//     "cancelled, cleaning up" line always comes before "wait_for raised
//     TimeoutError", at the same instant.
//   - wait(FIRST_COMPLETED) returns as soon as one mirror is done; the
//     other two are still running then (wait never cancels anything). The
//     program cancels them in list order, so their cleanup lines follow in
//     that order, and waits for them before going on. (Python returns sets,
//     so the program walks its own list to decide the order; Go returns
//     slices in argument order.)
//   - as_completed yields each download when it finishes: by response time
//     (0.1, 0.2, 0.3 s), not in the order the tasks were created. Each
//     "reply received" line comes just before the result is handed out,
//     because the task finishes first and as_completed hears about it
//     through a done callback.
//   - shield lets main stop waiting without cancelling the work: wait_for
//     gives up after 0.2 s and cancels only the shield's outer future; the
//     save task runs on to its reply at 0.5 s, which main then awaits.
//
// With loop.WithVirtualClock() no time really passes: whenever nothing is
// ready, the clock jumps to the next timer. main.py gets the same clock
// from a small selector subclass (the rest is CPython's own
// SelectorEventLoop), and both sides round elapsed times to one decimal,
// since each read of a virtual clock moves it on by a nanosecond.
package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
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

// elapsed is def elapsed(): round(loop.time() - t0, 1).
func elapsed() float64 { return math.Round((l.Time()-t0)*10) / 10 }

// report is def report(what).
func report(what string) {
	fmt.Printf("t=%s %s\n", pyfmt.Str(elapsed()), what) // print(f"t={elapsed()} {what}")
}

// fetch is async def fetch(name, seconds).
func fetch(name string, seconds float64) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		report(name + ": request sent")
		d := time.Duration(seconds * float64(time.Second))
		if err := task.Sleep(co, d); err != nil { // await asyncio.sleep(seconds)
			if task.IsCancelled(err) { // except asyncio.CancelledError:
				report(name + ": cancelled, cleaning up")
			}
			return "", err // raise
		}
		report(name + ": reply received")
		return name + " data", nil
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[struct{}] {
	return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		var none struct{}

		fmt.Println("== wait_for: give up on a slow server")
		_, err := task.WaitFor[string](co, fetch("slow", 5), time.Second)
		var te *task.TimeoutError
		switch {
		case errors.As(err, &te): // except TimeoutError:
			report("wait_for raised TimeoutError")
		case err != nil:
			return none, err
		}

		fmt.Println("== wait(FIRST_COMPLETED): race three mirrors")
		var mirrors []*task.Task[string]
		for _, m := range []struct {
			name    string
			seconds float64
		}{{"mirror-a", 0.3}, {"mirror-b", 0.1}, {"mirror-c", 0.2}} {
			t, err := task.CreateTask(co, fetch(m.name, m.seconds))
			if err != nil {
				return none, err
			}
			mirrors = append(mirrors, t)
		}
		done, pending, err := task.Wait(co, mirrors, task.NoTimeout, task.FirstCompleted)
		if err != nil {
			return none, err
		}
		for _, t := range mirrors {
			if slices.Contains(done, t) {
				r, err := t.Result()
				if err != nil {
					return none, err
				}
				report(fmt.Sprintf("first done: %s, %d still pending", pyfmt.Repr(r), len(pending)))
			}
		}
		for _, t := range mirrors {
			if slices.Contains(pending, t) {
				t.Cancel()
			}
		}
		if _, _, err := task.Wait(co, pending, task.NoTimeout, task.AllCompleted); err != nil {
			return none, err
		}
		allCancelled := true
		for _, t := range pending {
			allCancelled = allCancelled && t.Cancelled()
		}
		report("losers cancelled: " + pyfmt.Str(allCancelled))

		fmt.Println("== as_completed: take results as they come")
		var downloads []*task.Task[string]
		for _, n := range []int{3, 1, 2} {
			t, err := task.CreateTask(co, fetch(fmt.Sprintf("file-%d", n), float64(n)/10))
			if err != nil {
				return none, err
			}
			downloads = append(downloads, t)
		}
		for t, err := range task.AsCompleted(co, downloads, task.NoTimeout) { // async for t in as_completed(downloads):
			if err != nil {
				return none, err
			}
			r, err := t.Await(co)
			if err != nil {
				return none, err
			}
			report("as_completed gave " + pyfmt.Repr(r))
		}

		fmt.Println("== shield: stop waiting, but let the save finish")
		save, err := task.CreateTask(co, fetch("save", 0.5))
		if err != nil {
			return none, err
		}
		shielded, err := task.Shield[string](co, save)
		if err != nil {
			return none, err
		}
		_, err = task.WaitFor[string](co, shielded, 200*time.Millisecond)
		switch {
		case errors.As(err, &te):
			report("wait_for raised TimeoutError; save still running: " + pyfmt.Str(!save.Done()))
		case err != nil:
			return none, err
		}
		r, err := save.Await(co)
		if err != nil {
			return none, err
		}
		report("the save completed anyway: " + pyfmt.Repr(r))
		return none, nil
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
