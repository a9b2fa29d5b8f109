package looptest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/loop/looptest"
	"github.com/goasyncio/goasyncio/task"
)

// fetch stands for the async code under test: it takes a second per item
// and fetches them concurrently.
func fetch(items ...string) *coroutine.Coroutine[[]string] {
	return coroutine.New(func(co *coroutine.Co) ([]string, error) {
		one := func(item string) *coroutine.Coroutine[string] {
			return coroutine.New(func(co *coroutine.Co) (string, error) {
				if err := task.Sleep(co, time.Second); err != nil {
					return "", err
				}
				return "got " + item, nil
			})
		}
		aws := make([]task.Awaitable[string], len(items))
		for i, it := range items {
			aws[i] = one(it)
		}
		return task.Gather(co, aws...).Await(co)
	})
}

// Run runs a coroutine to completion on a fresh loop with the virtual
// clock, in one line, and fails the test if it returns an error or leaves
// anything behind. In a test, pass the test's t:
//
//	func TestFetch(t *testing.T) {
//		got := looptest.Run(t, fetch("a", "b"))
//		...
//	}
func ExampleRun() {
	t := new(testing.T) // in a real test: the test function's t

	start := time.Now()
	got := looptest.Run(t, fetch("a", "b", "c"))
	fmt.Println(got)
	fmt.Println("real time under a second:", time.Since(start) < time.Second)
	// Output:
	// [got a got b got c]
	// real time under a second: true
}

// New gives a harness that moves virtual time by hand, so a test can look
// at the state between two timers.
func ExampleNew() {
	t := new(testing.T) // in a real test: the test function's t

	h := looptest.New(t)
	l := h.Loop()
	tick := func(co *coroutine.Co) (int, error) {
		n := 0
		for n < 3 {
			if err := task.Sleep(co, time.Minute); err != nil {
				return n, err
			}
			n++
			fmt.Printf("tick %d at %.0fs\n", n, l.Time())
		}
		return n, nil
	}
	ticker := h.Spawn(coroutine.New(tick), task.WithName("ticker"))
	h.RunUntilIdle() // its first step: the first sleep starts now
	h.Advance(90 * time.Second)
	fmt.Println("done after 90s:", ticker.Done())
	h.Advance(time.Hour)
	n, err := ticker.Result()
	fmt.Println("ticks:", n, err)
	h.Close() // runs at the end of the test anyway
	// Output:
	// tick 1 at 60s
	// done after 90s: false
	// tick 2 at 120s
	// tick 3 at 180s
	// ticks: 3 <nil>
}

// WithLoopOptions passes options through to the loop: here, a tracer
// would go the same way; debug mode is shown because it is one word.
func ExampleWithLoopOptions() {
	t := new(testing.T) // in a real test: the test function's t

	h := looptest.New(t, looptest.WithLoopOptions(loop.WithDebug(true)))
	fmt.Println("debug:", h.Loop().GetDebug())
	h.Close()
	// Output:
	// debug: true
}
