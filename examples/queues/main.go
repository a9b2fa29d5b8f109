// Command queues is a producer/consumer pipeline built on asyncio queues:
// a producer feeds jobs into a bounded Queue, three workers process them
// and put their results into a PriorityQueue, and main collects the
// results in order. It is the Go twin of main.py and prints the same
// lines.
//
// What decides the order of the lines:
//
//  1. The job queue holds 3 items, so the producer's Put suspends on the
//     fourth job until a worker takes one. A worker that takes an item
//     with Get wakes the producer, which only runs once the workers have
//     had their turn in that loop iteration.
//  2. Each job takes job%3+1 loop iterations of "work" (sleep(0)), so the
//     workers finish out of order.
//  3. main waits for all jobs with Join, then shuts the job queue down:
//     the three workers, blocked in Get, wake in the order they started
//     waiting and each returns its count on ErrQueueShutDown.
//  4. The results queue is a heap ordered by the square; String shows the
//     heap as it is stored, GetNowait hands the results out sorted, and
//     after Shutdown an empty queue answers ErrQueueShutDown.
package main

import (
	"errors"
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// result is the tuple (square, job, name) a worker puts in the results
// queue.
type result struct {
	square, job int
	name        string
}

// PyRepr prints a result as Python prints the tuple.
func (r result) PyRepr() string { return pyfmt.Repr(pyfmt.Tuple{r.square, r.job, r.name}) }

// resultLess is Python's < on the tuples; the squares are all distinct, so
// the first element decides.
func resultLess(a, b result) bool { return a.square < b.square }

// work is async def work(units).
func work(co *coroutine.Co, units int) error {
	for range units { // for _ in range(units):
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return err
		}
	}
	return nil
}

// producer is async def producer(jobs, n).
func producer(co *coroutine.Co, jobs *queues.Queue[int], n int) error {
	for i := 1; i <= n; i++ { // for i in range(1, n + 1):
		if err := jobs.Put(co, i); err != nil { // await jobs.put(i)
			return err
		}
		fmt.Printf("producer: queued job %d (qsize=%d)\n", i, jobs.Qsize())
	}
	fmt.Println("producer: done")
	return nil
}

// worker is async def worker(name, jobs, results).
func worker(name string, jobs *queues.Queue[int], results *queues.PriorityQueue[result]) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		handled := 0
		for { // while True:
			job, err := jobs.Get(co)                     // job = await jobs.get()
			if errors.Is(err, queues.ErrQueueShutDown) { // except asyncio.QueueShutDown:
				fmt.Printf("%s: queue shut down after %d jobs\n", name, handled)
				return handled, nil
			} else if err != nil {
				return handled, err
			}
			fmt.Printf("%s: start job %d\n", name, job)
			if err := work(co, job%3+1); err != nil { // await work(job % 3 + 1)
				return handled, err
			}
			if err := results.Put(co, result{job * job, job, name}); err != nil { // await results.put(...)
				return handled, err
			}
			fmt.Printf("%s: finished job %d\n", name, job)
			handled++
			if err := jobs.TaskDone(); err != nil { // jobs.task_done()
				return handled, err
			}
		}
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[struct{}] {
	return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		jobs := queues.New[int](3)                           // jobs = asyncio.Queue(maxsize=3)
		results := queues.NewPriority[result](0, resultLess) // results = asyncio.PriorityQueue()
		var workers []task.Awaitable[int]
		for i := range 3 { // workers = [asyncio.create_task(worker(...)) for i in range(3)]
			w, err := task.CreateTask(co, worker(fmt.Sprintf("worker-%d", i), jobs, results))
			if err != nil {
				return struct{}{}, err
			}
			workers = append(workers, w)
		}
		if err := producer(co, jobs, 8); err != nil { // await producer(jobs, 8)
			return struct{}{}, err
		}
		if err := jobs.Join(co); err != nil { // await jobs.join()
			return struct{}{}, err
		}
		pyfmt.Println("main: all jobs done", jobs)
		jobs.Shutdown(false)                                 // jobs.shutdown()
		counts, err := task.Gather(co, workers...).Await(co) // counts = await asyncio.gather(*workers)
		if err != nil {
			return struct{}{}, err
		}
		pyfmt.Println("main: jobs per worker", counts)
		pyfmt.Println("main:", results)
		results.Shutdown(false) // results.shutdown()
		for {                   // while True:
			r, err := results.GetNowait()                // square, job, name = results.get_nowait()
			if errors.Is(err, queues.ErrQueueShutDown) { // except asyncio.QueueShutDown: break
				break
			} else if err != nil {
				return struct{}{}, err
			}
			fmt.Printf("result: %d^2 = %d by %s\n", r.job, r.square, r.name)
		}
		pyfmt.Println("main:", results)
		return struct{}{}, nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	if _, err := loop.Run(asyncMain(), autotrace.Options()...); err != nil { // asyncio.run(main())
		panic(err)
	}
}
