// Command locks shows the fairness of asyncio's synchronisation
// primitives, line for line with main.py.
//
// What decides each line:
//
//  1. Three diners share one lock and go round twice. Lock.Release does
//     not hand the lock to anyone: it unlocks and wakes the first waiter.
//     A diner who releases and asks again at once finds that waiter
//     queued (woken, not yet running), so it queues behind everyone, and
//     the courses come in strict rotation.
//  2. eve waits behind dee. The release wakes dee, and dee is cancelled
//     before it runs: dee sees its CancelledError with the lock still
//     unlocked, wakes the next waiter, and eve gets the lock.
//  3. A semaphore of two: the workers get in two at a time in arrival
//     order, each release reserving its slot for the next waiter. Work is
//     counted in loop turns (sleep(0)) rather than seconds, so CPython's
//     real clock cannot reorder anything.
//  4. An event releases the three runners in the order they started
//     waiting. At the barrier, the last to arrive holds the barrier's
//     lock and goes on first; the others follow in arrival order.
package main

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/locks"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

type none = struct{}

// diner is async def diner(name, fork, rounds).
func diner(name string, fork *locks.Lock, rounds int) *coroutine.Coroutine[none] {
	return coroutine.New(func(co *coroutine.Co) (none, error) {
		for course := range rounds { // for course in range(rounds):
			err := fork.With(co, func() error { // async with fork:
				fmt.Printf("%s eats course %d\n", name, course) // print(f"{name} eats course {course}")
				return task.Sleep(co, 0)                        // await asyncio.sleep(0)
			})
			if err != nil {
				return none{}, err
			}
		}
		return none{}, nil
	})
}

// patient is async def patient(name, fork).
func patient(name string, fork *locks.Lock) *coroutine.Coroutine[none] {
	return coroutine.New(func(co *coroutine.Co) (none, error) {
		err := fork.With(co, func() error { // try: async with fork:
			fmt.Printf("%s gets the fork\n", name) // print(f"{name} gets the fork")
			return nil
		})
		if task.IsCancelled(err) { // except asyncio.CancelledError:
			fmt.Printf("%s gave up, fork locked: %s\n", name, pyfmt.Repr(fork.Locked())) // print(f"{name} gave up, fork locked: {fork.locked()}")
		}
		return none{}, err // raise
	})
}

// worker is async def worker(name, pool, turns).
func worker(name string, pool *locks.Semaphore, turns int) *coroutine.Coroutine[none] {
	return coroutine.New(func(co *coroutine.Co) (none, error) {
		err := pool.With(co, func() error { // async with pool:
			fmt.Printf("%s starts, busy for %d turns\n", name, turns) // print(f"{name} starts, busy for {turns} turns")
			for range turns {                                         // for _ in range(turns):
				if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
					return err
				}
			}
			return nil
		})
		if err != nil {
			return none{}, err
		}
		fmt.Printf("%s done\n", name) // print(f"{name} done")
		return none{}, nil
	})
}

// runner is async def runner(name, gate, barrier).
func runner(name string, gate *locks.Event, barrier *locks.Barrier) *coroutine.Coroutine[none] {
	return coroutine.New(func(co *coroutine.Co) (none, error) {
		if err := gate.Wait(co); err != nil { // await gate.wait()
			return none{}, err
		}
		fmt.Printf("%s is off\n", name) // print(f"{name} is off")
		index, err := barrier.Wait(co)  // index = await barrier.wait()
		if err != nil {
			return none{}, err
		}
		fmt.Printf("%s crosses the line, arrival index %d\n", name, index) // print(f"{name} crosses the line, arrival index {index}")
		return none{}, nil
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[none] {
	return coroutine.New(func(co *coroutine.Co) (none, error) {
		fmt.Println("1. a lock serves waiters in arrival order, and a release hands nothing over")
		fork := &locks.Lock{} // fork = asyncio.Lock()
		if _, err := task.Gather[none](co, diner("ann", fork, 2), diner("bob", fork, 2), diner("cy", fork, 2)).Await(co); err != nil {
			return none{}, err
		}

		fmt.Println("2. a waiter woken then cancelled passes its turn on")
		if err := fork.Acquire(co); err != nil { // await fork.acquire()
			return none{}, err
		}
		first, err := task.CreateTask(co, patient("dee", fork)) // first = asyncio.create_task(patient("dee", fork))
		if err != nil {
			return none{}, err
		}
		second, err := task.CreateTask(co, patient("eve", fork)) // second = asyncio.create_task(patient("eve", fork))
		if err != nil {
			return none{}, err
		}
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return none{}, err
		}
		if err := fork.Release(); err != nil { // fork.release()
			return none{}, err
		}
		first.Cancel()                                                                            // first.cancel()
		if _, err := task.GatherReturnExceptions[none](co, first, second).Await(co); err != nil { // await asyncio.gather(first, second, return_exceptions=True)
			return none{}, err
		}

		fmt.Println("3. a semaphore lets two workers in at a time, in order")
		pool, err := locks.NewSemaphore(2) // pool = asyncio.Semaphore(2)
		if err != nil {
			return none{}, err
		}
		turns := []int{5, 2, 2, 3, 2} // turns = [5, 2, 2, 3, 2]
		var workers []task.Awaitable[none]
		for i := range 5 {
			workers = append(workers, worker(fmt.Sprintf("w%d", i), pool, turns[i]))
		}
		if _, err := task.Gather(co, workers...).Await(co); err != nil { // await asyncio.gather(*(worker(f"w{i}", pool, turns[i]) for i in range(5)))
			return none{}, err
		}

		fmt.Println("4. an event starts everyone at once; a barrier lets the last one through first")
		gate := &locks.Event{}              // gate = asyncio.Event()
		barrier, err := locks.NewBarrier(3) // barrier = asyncio.Barrier(3)
		if err != nil {
			return none{}, err
		}
		var runners []task.Awaitable[none]
		for _, n := range []string{"fay", "gus", "hal"} {
			t, err := task.CreateTask(co, runner(n, gate, barrier)) // asyncio.create_task(runner(n, gate, barrier))
			if err != nil {
				return none{}, err
			}
			runners = append(runners, t)
		}
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return none{}, err
		}
		gate.Set()                                                       // gate.set()
		if _, err := task.Gather(co, runners...).Await(co); err != nil { // await asyncio.gather(*runners)
			return none{}, err
		}
		return none{}, nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	if _, err := loop.Run(asyncMain(), autotrace.Options()...); err != nil { // asyncio.run(main())
		panic(err)
	}
}
