// Command taskgroup is a small crawler built on task.TaskGroup, the Go
// form of asyncio.TaskGroup, on a virtual clock. main.py is its Python
// twin; both print the same lines.
//
// A TaskGroup ties the tasks it creates to the block that created them:
//
//   - Round 1: the block ends before any request has started (tasks only
//     run when the body yields to the loop), and leaving it waits for
//     every child, whatever order they finish in.
//   - Round 2: the first child to fail cancels the others and the body.
//     The group collects the failures into an *task.ExceptionGroup, which
//     is a Go joined error: errors.As finds the ConnectionError inside it,
//     as Python's except* ConnectionError does.
//   - Round 3: a timeout around the group cancels the task running the
//     group; the group cancels the children still running, waits for
//     them, and the timeout turns the cancellation into a TimeoutError
//     (errors.Is(err, context.DeadlineExceeded)).
//
// With loop.WithVirtualClock() no time really passes: whenever nothing is
// ready, the clock jumps to the next timer. main.py gets the same clock
// from a small subclass of CPython's own selector event loop.
package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// ConnectionError is Python's ConnectionError.
type ConnectionError string

func (e ConnectionError) Error() string { return string(e) }

// PyRepr is Python's repr: ConnectionError('...').
func (e ConnectionError) PyRepr() string { return "ConnectionError(" + pyfmt.Repr(string(e)) + ")" }

// log is def log(what): the loop's time and a message.
func log(co *coroutine.Co, what string) {
	l, err := loop.GetRunningLoop(co)
	if err != nil {
		panic(err)
	}
	fmt.Printf("t=%.2f %s\n", l.Time(), what) // print(f"t={asyncio.get_running_loop().time():.2f} {what}")
}

// fetch is async def fetch(page, delay, fail).
func fetch(page string, delay time.Duration, fail bool) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		log(co, page+": requested")
		if err := task.Sleep(co, delay); err != nil { // await asyncio.sleep(delay)
			if task.IsCancelled(err) { // except asyncio.CancelledError:
				log(co, page+": cancelled")
			}
			return 0, err // raise
		}
		if fail {
			log(co, page+": server error")
			return 0, ConnectionError(page + ": 503 Service Unavailable")
		}
		size := 100 * len(page)
		log(co, fmt.Sprintf("%s: %d bytes", page, size))
		return size, nil
	})
}

// request is one entry of the pages dict: page: (delay, fail).
type request struct {
	page  string
	delay time.Duration
	fail  bool
}

// crawl is async def crawl(pages): fetch every page in one task group.
func crawl(pages []request) *coroutine.Coroutine[map[string]int] {
	return coroutine.New(func(co *coroutine.Co) (map[string]int, error) {
		tasks := map[string]*task.Task[int]{}
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error { // async with asyncio.TaskGroup() as tg:
			for _, r := range pages {
				t, err := tg.CreateTask(fetch(r.page, r.delay, r.fail)) // tg.create_task(fetch(page, delay, fail))
				if err != nil {
					return err
				}
				tasks[r.page] = t
			}
			log(co, fmt.Sprintf("crawl: %d requests in flight", len(tasks)))
			return nil
		})
		if err != nil {
			return nil, err
		}
		log(co, "crawl: every request finished")
		sizes := map[string]int{}
		for page, t := range tasks { // {page: t.result() for page, t in tasks.items()}
			sizes[page], _ = t.Result()
		}
		return sizes, nil
	})
}

// mainCoro is async def main().
func mainCoro() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		fmt.Println("round 1: every page loads")
		sizes, err := crawl([]request{
			{"home", 300 * time.Millisecond, false},
			{"about", 100 * time.Millisecond, false},
			{"blog", 200 * time.Millisecond, false},
		}).Await(co)
		if err != nil {
			return "", err
		}
		total := 0
		var names []string
		for page, n := range sizes {
			total += n
			names = append(names, page)
		}
		slices.Sort(names)
		log(co, fmt.Sprintf("total %d bytes from %s", total, pyfmt.Repr(names)))

		fmt.Println("round 2: a failing page cancels the other one")
		_, err = crawl([]request{
			{"home", 300 * time.Millisecond, false},
			{"status", 100 * time.Millisecond, true},
		}).Await(co)
		var eg *task.ExceptionGroup
		if !errors.As(err, &eg) {
			return "", err
		}
		// except* ConnectionError as eg: for e in eg.exceptions: ...
		for _, e := range eg.Errs {
			var ce ConnectionError
			if !errors.As(e, &ce) {
				return "", err // not matched by except*: raised again
			}
			log(co, "crawl failed: "+pyfmt.Repr(ce))
		}

		fmt.Println("round 3: a timeout around the group cancels what is left")
		err = task.WithTimeout(co, 150*time.Millisecond, func(*task.Timeout) error { // async with asyncio.timeout(0.15):
			_, err := crawl([]request{
				{"about", 100 * time.Millisecond, false},
				{"archive", 500 * time.Millisecond, false},
			}).Await(co)
			return err
		})
		if errors.Is(err, context.DeadlineExceeded) { // except TimeoutError:
			log(co, "crawl timed out")
		} else if err != nil {
			return "", err
		}
		return "done", nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	r, err := loop.Run(mainCoro(), append(autotrace.Options(), loop.WithVirtualClock())...) // asyncio.run(main(), loop_factory=VirtualClockLoop)
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
}
