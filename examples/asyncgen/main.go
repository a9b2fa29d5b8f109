// Command asyncgen shows Python's async generators and async for in Go.
//
// An async generator is a Go iterator, iter.Seq2[V, error], whose body
// awaits with the consumer's *coroutine.Co. A range-over-func loop is
// async for: each round calls back into the generator, which runs inline
// on the consumer's goroutine, exactly as __anext__ runs inside the task
// that awaits it. Nothing here needs support from the runtime: awaiting
// inline is what coroutines already do (see examples/nested).
//
// What decides each line:
//
//  1. Two consumers run in two tasks under gather; each drives its own
//     generator, so the generators' sleeps interleave on the loop's
//     timers like any other awaits. The values come out in time order.
//     A generator that runs out returns: its deferred "finished" line is
//     its finally clause, run when the loop asks for the next value.
//  2. An async comprehension is a range loop that appends.
//  3. Leaving the loop early (break) makes yield return false, and the
//     generator returns at once: the finally clause runs at the break,
//     where Python runs it at aclose() (the next line here, so the output
//     is the same; without aclose, Python would run it when the generator
//     is garbage collected or when asyncio.run shuts generators down).
//  4. An error raised inside the generator reaches the consumer as the
//     second value of the pair, as the exception reaches async for.
//  5. A timeout around the whole loop cancels the sleep inside the
//     generator: the generator's finally clause runs as the CancelledError
//     passes through it, then the timeout turns it into TimeoutError.
package main

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// log is def log(what).
func log(co *coroutine.Co, what string) {
	l, _ := loop.GetRunningLoop(co)
	fmt.Printf("t=%.2f %s\n", l.Time(), what) // print(f"t={asyncio.get_running_loop().time():.2f} {what}")
}

// ticker is async def ticker(name, n, delay): an async generator, n
// values, one every delay.
func ticker(co *coroutine.Co, name string, n int, delay time.Duration) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		defer log(co, name+": generator finished") // finally: log(f"{name}: generator finished")
		for i := range n {                         // for i in range(n):
			if err := task.Sleep(co, delay); err != nil { // await asyncio.sleep(delay)
				yield("", err)
				return
			}
			if !yield(fmt.Sprintf("%s%d", name, i), nil) { // yield f"{name}{i}"
				return
			}
		}
	}
}

// consume is async def consume(name, n, delay).
func consume(name string, n int, delay time.Duration) *coroutine.Coroutine[[]string] {
	return coroutine.New(func(co *coroutine.Co) ([]string, error) {
		got := []string{}                                // got = []
		for v, err := range ticker(co, name, n, delay) { // async for v in ticker(name, n, delay):
			if err != nil {
				return nil, err
			}
			log(co, name+" got "+v) // log(f"{name} got {v}")
			got = append(got, v)    // got.append(v)
		}
		return got, nil
	})
}

// numbers is async def numbers(n).
func numbers(co *coroutine.Co, n int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := range n { // for i in range(n):
			if !yield(i, nil) { // yield i
				return
			}
			if i%2 == 1 { // if i % 2:
				if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
					yield(0, err)
					return
				}
			}
		}
	}
}

// errGenerator is the ValueError the failing generator raises.
var errGenerator = task.ValueError("generator failed")

// failing is async def failing(): yield 1; raise ValueError(...).
func failing() iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		if !yield(1, nil) {
			return
		}
		yield(0, errGenerator)
	}
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		// results = await asyncio.gather(consume("a", 3, 0.1), consume("b", 2, 0.15))
		results, err := task.Gather(co, consume("a", 3, 100*time.Millisecond), consume("b", 2, 150*time.Millisecond)).Await(co)
		if err != nil {
			return "", err
		}
		pyfmt.Println("results", results) // print("results", results)

		var squares []int // squares = [i * i async for i in numbers(6) if i != 3]
		for i, err := range numbers(co, 6) {
			if err != nil {
				return "", err
			}
			if i != 3 {
				squares = append(squares, i*i)
			}
		}
		pyfmt.Println("squares", squares) // print("squares", squares)

		for v, err := range ticker(co, "c", 10, 50*time.Millisecond) { // async for v in gen:
			if err != nil {
				return "", err
			}
			log(co, "c got "+v) // log(f"c got {v}")
			if v == "c1" {
				break // break (the generator finishes here; await gen.aclose() has nothing left to do)
			}
		}

		for v, err := range failing() { // try: async for v in failing():
			if err != nil {
				if errors.Is(err, errGenerator) { // except ValueError as e:
					pyfmt.Println("caught", pyfmt.Repr(err)) // print("caught", repr(e))
					break
				}
				return "", err
			}
			pyfmt.Println("failing gave", v) // print("failing gave", v)
		}

		// try: async with asyncio.timeout(0.12): async for v in ticker("d", 5, 0.05): ...
		err = task.WithTimeout(co, 120*time.Millisecond, func(*task.Timeout) error {
			for v, err := range ticker(co, "d", 5, 50*time.Millisecond) {
				if err != nil {
					return err
				}
				log(co, "d got "+v) // log(f"d got {v}")
			}
			return nil
		})
		var te *task.TimeoutError
		if errors.As(err, &te) { // except TimeoutError:
			log(co, "d timed out") // log("d timed out")
		} else if err != nil {
			return "", err
		}
		return "done", nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	r, err := loop.Run(asyncMain(), append(autotrace.Options(), loop.WithVirtualClock())...) // asyncio.run(main(), loop_factory=VirtualClockLoop)
	if err != nil {
		panic(err)
	}
	fmt.Println(r) // print(...)
}
