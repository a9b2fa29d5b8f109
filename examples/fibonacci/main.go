// Command fibonacci is the Go twin of seed program (c): three recursive
// async fibonacci computations gathered together.
//
// gather wraps each fibn(n) coroutine in a task, in argument order, and
// returns a future of their results in that same order. Each task's
// recursion awaits plain coroutines, which run inline and never suspend,
// so every task computes its whole number within its first step. The
// three steps run one after the other in a single loop iteration; the
// last one to finish completes the gather, and the list prints as
// [5, 8, 13] whatever the order of completion, because gather orders
// results by argument, not by time.
package main

import (
	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// fibn is async def fibn(n).
func fibn(n int) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if n == 0 { // if n == 0:
			return 0, nil // return 0
		}
		if n == 1 { // if n == 1:
			return 1, nil // return 1
		}
		a, err := fibn(n - 2).Await(co) // await fibn(n-2)
		if err != nil {
			return 0, err
		}
		b, err := fibn(n - 1).Await(co) // await fibn(n-1)
		if err != nil {
			return 0, err
		}
		return a + b, nil // return await fibn(n-2) + await fibn(n-1)
	})
}

func main() {
	l := loop.GetEventLoop() // loop = asyncio.get_event_loop()
	autotrace.Install(l)     // -trace or GOASYNCIO_TRACE=1: narration on stderr
	// c = loop.run_until_complete(asyncio.gather(fibn(5), fibn(6), fibn(7)))
	c, err := l.RunUntilComplete(task.Gather(l, fibn(5), fibn(6), fibn(7)))
	if err != nil {
		panic(err)
	}
	pyfmt.Println(c) // print(c)
	l.Close()        // loop.close()
}
