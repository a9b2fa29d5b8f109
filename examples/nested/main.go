// Command nested is the Go twin of seed program (b): coroutines awaiting
// coroutines.
//
// Only hello() becomes a task. Its await of world(), and world's await of
// excl(), are Python's "yield from": the inner coroutine runs inline, as a
// plain function call, on the same stack. None of them suspends, so the
// whole chain runs within the task's first step, in one loop iteration,
// and the string is built from the inside out: "!" then "World!" then the
// print.
package main

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// excl is async def excl().
func excl() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		return "!", nil // return "!"
	})
}

// world is async def world().
func world() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		e, err := excl().Await(co) // await excl()
		if err != nil {
			return "", err
		}
		return "World" + e, nil // return "World" + await excl()
	})
}

// hello is async def hello(); it returns None.
func hello() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		w, err := world().Await(co) // await world()
		if err != nil {
			return nil, err
		}
		fmt.Println("Hello " + w) // print("Hello " + await world())
		return nil, nil
	})
}

func main() {
	l := loop.GetEventLoop()                               // loop = asyncio.get_event_loop()
	autotrace.Install(l)                                   // -trace or GOASYNCIO_TRACE=1: narration on stderr
	if _, err := l.RunUntilComplete(hello()); err != nil { // loop.run_until_complete(hello())
		panic(err)
	}
	l.Close() // loop.close()
}
