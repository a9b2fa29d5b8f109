// Command executor moves blocking work off the event loop, line for line
// with main.py: to_thread, run_in_executor on a pool of its own, errors
// raised off the loop, and run_coroutine_threadsafe from a plain
// goroutine, while the loop keeps ticking.
//
// What decides each line:
//
//  1. The to_thread goroutine blocks until the ticker closes its ready
//     channel (Python's threading.Event), so the three ticks and "go
//     ahead" always come first; the result comes back to the loop
//     through CallSoonThreadsafe.
//  2. Three jobs on a pool of two goroutines wait for channels the loop
//     closes in reverse order; gather returns the results in argument
//     order whichever finishes first.
//  3. An error returned by the function (or a panic) reaches the
//     coroutine awaiting it.
//  4. A goroutine of the default executor hands a coroutine to the loop
//     with RunCoroutineThreadsafe and waits on the concurrent future;
//     the coroutine prints on the loop while the goroutine waits.
//
// No goroutine off the loop prints, so nothing races the loop's output.
// The loop keeps virtual time: a sleep takes no real time, except that
// while work is outstanding off the loop the loop gives it a moment of
// real time (100ms) to call back before it moves time on.
package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goasyncio/goasyncio/concurrent"
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// fetch is blocking work: it waits for the loop's go-ahead, then
// answers (def fetch(name, ready)).
func fetch(name string, ready <-chan struct{}) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		<-ready                                                  // ready.wait()
		return fmt.Sprintf("%s: %d chars", name, len(name)), nil // return f"{name}: {len(name)} chars"
	}
}

// parse is int(text), with Python's error message.
func parse(text string) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		n, err := strconv.Atoi(text)
		if err != nil {
			return 0, task.ValueError("invalid literal for int() with base 10: " + pyfmt.Repr(text))
		}
		return n, nil
	}
}

// ticker ticks while a thread waits, then lets it go
// (async def ticker(label, ticks, ready)).
func ticker(label string, ticks int, ready chan struct{}) *coroutine.Coroutine[struct{}] {
	return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		for i := 1; i <= ticks; i++ {
			fmt.Printf("%s: tick %d\n", label, i)                        // print(f"{label}: tick {i}")
			if err := task.Sleep(co, 100*time.Millisecond); err != nil { // await asyncio.sleep(0.1)
				return struct{}{}, err
			}
		}
		fmt.Printf("%s: go ahead\n", label) // print(f"{label}: go ahead")
		close(ready)                        // ready.set()
		return struct{}{}, nil
	})
}

// announce runs on the loop for a goroutine outside it
// (async def announce(msg)).
func announce(msg string) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		pyfmt.Println("on the loop:", msg)        // print("on the loop:", msg)
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return "", err
		}
		return strings.ToUpper(msg), nil // return msg.upper()
	})
}

// worker is a plain goroutine that hands a coroutine to the loop and
// waits for it (def worker(loop)).
func worker(l *loop.Loop) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		fut, err := loop.RunCoroutineThreadsafe(announce("hello from a thread"), l) // fut = asyncio.run_coroutine_threadsafe(...)
		if err != nil {
			return "", err
		}
		return fut.Result() // return fut.result()
	}
}

func asyncMain() *coroutine.Coroutine[struct{}] {
	return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		var none struct{}
		l, err := loop.GetRunningLoop(co) // loop = asyncio.get_running_loop()
		if err != nil {
			return none, err
		}

		// 1. to_thread: the loop ticks three times while the thread blocks.
		ready := make(chan struct{})                             // ready = threading.Event()
		tick, err := l.CreateTask(ticker("to_thread", 3, ready)) // tick = asyncio.create_task(ticker("to_thread", 3, ready))
		if err != nil {
			return none, err
		}
		s, err := loop.ToThread(co, fetch("report.txt", ready)) // await asyncio.to_thread(fetch, "report.txt", ready)
		if err != nil {
			return none, err
		}
		pyfmt.Println("to_thread returned", pyfmt.Repr(s)) // print("to_thread returned", repr(...))
		if _, err := tick.Await(co); err != nil {          // await tick
			return none, err
		}

		// 2. run_in_executor on a pool of two goroutines; the loop
		// releases the jobs in reverse order, and gather keeps argument
		// order.
		pool := concurrent.NewPool(2) // pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
		events := make([]chan struct{}, 3)
		var futs []task.Awaitable[string]
		for i := range events { // futs = [loop.run_in_executor(pool, fetch, f"part{i}", ev) ...]
			events[i] = make(chan struct{})
			fut, err := l.RunInExecutor(pool, fetch(fmt.Sprintf("part%d", i), events[i]))
			if err != nil {
				return none, err
			}
			futs = append(futs, fut)
		}
		for i := 2; i >= 0; i-- { // for i in reversed(range(3)):
			if err := task.Sleep(co, 100*time.Millisecond); err != nil { // await asyncio.sleep(0.1)
				return none, err
			}
			pyfmt.Println("loop releases", fmt.Sprintf("part%d", i)) // print("loop releases", f"part{i}")
			close(events[i])                                         // events[i].set()
		}
		parts, err := task.Gather(co, futs...).Await(co) // await asyncio.gather(*futs)
		if err != nil {
			return none, err
		}
		pyfmt.Println("run_in_executor returned", parts)
		pool.Shutdown(true) // pool.shutdown()

		// 3. Errors raised in the thread reach the awaiter.
		if _, err := loop.ToThread(co, parse("12x")); err != nil { // await asyncio.to_thread(parse, "12x")
			pyfmt.Println("to_thread raised", pyfmt.Repr(err)) // except ValueError as e: print(..., repr(e))
		}
		fut, err := l.RunInExecutor(nil, parse("42")) // loop.run_in_executor(None, parse, "42")
		if err != nil {
			return none, err
		}
		n, err := fut.Await(co)
		if err != nil {
			return none, err
		}
		pyfmt.Println("parsed", n) // print("parsed", await ...)

		// 4. A thread submits a coroutine to the loop and waits for it.
		got, err := loop.ToThread(co, worker(l)) // await asyncio.to_thread(worker, loop)
		if err != nil {
			return none, err
		}
		pyfmt.Println("worker got", pyfmt.Repr(got)) // print("worker got", repr(...))
		return none, nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	opts := append([]loop.Option{loop.WithVirtualClock()}, autotrace.Options()...)
	if _, err := loop.Run(asyncMain(), opts...); err != nil { // asyncio.run(main())
		panic(err)
	}
}
