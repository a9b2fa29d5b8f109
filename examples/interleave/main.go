// Command interleave shows how asyncio takes turns: three tasks that each
// print a line and then await asyncio.sleep(0), and a callback queued with
// call_soon that runs in the next iteration, behind the work already queued.
//
// One loop iteration (_run_once) takes a snapshot of the ready queue and
// runs exactly those callbacks, in FIFO order; whatever they queue waits
// for the next iteration. Three rules then explain every line:
//
//   - create_task does not run the coroutine: it queues the task's first
//     step with call_soon. So main prints "created 3 tasks" before any
//     worker runs, and the workers start in iteration 2, in creation order.
//   - sleep(0) is a bare yield: the task's next step is queued with
//     call_soon, behind everything already queued. Each worker therefore
//     runs exactly one step per iteration, and the round-robin order
//     A, B, C is kept from one iteration to the next.
//   - call_soon appends to the same queue. B queues the callback before
//     it yields, so in iteration 3 the callback runs after A's step (queued
//     earlier in iteration 2) and before B's own next step.
//
// tick numbers the iterations: it queues itself again each time it runs,
// and since it was queued before the workers' first steps it stays at the
// head of the queue. After C finishes (iteration 6) it takes two more
// iterations for main to resume: in iteration 7 the gather's done callback
// sees that all three children are done and completes the gather's future,
// which queues main's wakeup; in iteration 8 main runs. Results come in
// argument order, not finishing order.
package main

import (
	"fmt"
	"strings"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

var (
	iteration  int          // iteration = 1 (set in main)
	tickHandle *task.Handle // tick_handle = None
)

// tick is def tick(loop). It queues itself again each time it runs, so it
// runs once per loop iteration, always first: it numbers the iterations.
func tick(l *loop.Loop) {
	iteration++                                    // iteration += 1
	fmt.Printf("-- iteration %d\n", iteration)     // print(f"-- iteration {iteration}")
	tickHandle, _ = l.CallSoon(func() { tick(l) }) // tick_handle = loop.call_soon(tick, loop)
}

// callback is def callback(msg).
func callback(msg string) {
	fmt.Printf("callback: %s\n", msg) // print(f"callback: {msg}")
}

// worker is async def worker(name, steps).
func worker(name string, steps int) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		l, err := loop.GetRunningLoop(co) // loop = asyncio.get_running_loop()
		if err != nil {
			return "", err
		}
		for i := 1; i <= steps; i++ { // for i in range(1, steps + 1):
			fmt.Printf("%s step %d\n", name, i) // print(f"{name} step {i}")
			if name == "B" && i == 1 {          // if name == "B" and i == 1:
				// loop.call_soon(callback, "queued by B at step 1")
				l.CallSoon(func() { callback("queued by B at step 1") })
			}
			if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
				return "", err
			}
		}
		fmt.Printf("%s done\n", name)     // print(f"{name} done")
		return strings.ToLower(name), nil // return name.lower()
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		l, err := loop.GetRunningLoop(co) // loop = asyncio.get_running_loop()
		if err != nil {
			return nil, err
		}
		fmt.Printf("-- iteration %d\n", iteration)     // print(f"-- iteration {iteration}")
		fmt.Println("main: start")                     // print("main: start")
		tickHandle, _ = l.CallSoon(func() { tick(l) }) // tick_handle = loop.call_soon(tick, loop)
		// tasks = [asyncio.create_task(worker(n, s)) for n, s in (("A", 3), ("B", 2), ("C", 4))]
		var tasks []task.Awaitable[string]
		for _, ns := range []struct {
			n string
			s int
		}{{"A", 3}, {"B", 2}, {"C", 4}} {
			t, err := task.CreateTask(co, worker(ns.n, ns.s)) // asyncio.create_task(worker(n, s))
			if err != nil {
				return nil, err
			}
			tasks = append(tasks, t)
		}
		fmt.Println("main: created 3 tasks, none has run yet") // print("main: created 3 tasks, none has run yet")
		results, err := task.Gather(co, tasks...).Await(co)    // results = await asyncio.gather(*tasks)
		if err != nil {
			return nil, err
		}
		pyfmt.Println("main: results", results) // print("main: results", results)
		tickHandle.Cancel()                     // tick_handle.cancel()
		fmt.Println("main: ticker cancelled")   // print("main: ticker cancelled")
		return nil, nil
	})
}

func main() {
	iteration = 1 // iteration = 1
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	if _, err := loop.Run(asyncMain(), autotrace.Options()...); err != nil { // asyncio.run(main())
		panic(err)
	}
}
