// Command hello is the Go twin of seed program (a): the smallest asyncio
// program there is.
//
// Calling hey() runs nothing: like calling an async def in Python, it only
// builds a coroutine object. RunUntilComplete wraps that coroutine in a
// task, whose first step the loop runs in its first iteration; the body
// prints and returns, the task finishes, and the loop stops at the end of
// the following iteration. Nothing ever suspends, so the program prints one
// line.
package main

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// hey is async def hey(); it returns None, hence the any result.
func hey() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		fmt.Println("Hello World!") // print("Hello World!")
		return nil, nil
	})
}

func main() {
	l := loop.GetEventLoop()                             // loop = asyncio.get_event_loop()
	autotrace.Install(l)                                 // -trace or GOASYNCIO_TRACE=1: narration on stderr
	if _, err := l.RunUntilComplete(hey()); err != nil { // loop.run_until_complete(hey())
		panic(err)
	}
	l.Close() // loop.close()
}
