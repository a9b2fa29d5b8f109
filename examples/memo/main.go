// Command memo is the Go twin of seed program (d), the async memo
// decorator: three gathered fibn(4) calls share one cache.
package main

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// memo wraps an async function of one int in a cache (def memo(fn)).
func memo(fn func(n int) *coroutine.Coroutine[int]) func(n int) *coroutine.Coroutine[int] {
	cache := map[int]int{}                         // cache = {}
	return func(n int) *coroutine.Coroutine[int] { // async def wrap(n):
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if v, ok := cache[n]; ok { // if n in cache:
				fmt.Printf("found %d in cache\n", n) // print("found %s in cache" % (n))
				return v, nil                        // return cache[n]
			}
			res, err := fn(n).Await(co) // res = await fn(n)
			if err != nil {
				return 0, err
			}
			fmt.Printf("calculated %d\n", n) // print("calculated %s" % (n))
			cache[n] = res                   // cache[n] = res
			return res, nil                  // return res
		})
	}
}

// fibn is the decorated async fibonacci (@memo async def fibn(n)).
var fibn func(n int) *coroutine.Coroutine[int]

// define runs the module-level definition of fibn, as importing the Python
// module does: every run of main starts with an empty cache.
func define() {
	fibn = memo(func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if n == 0 { // if n == 0: return 0
				return 0, nil
			}
			if n == 1 { // if n == 1: return 1
				return 1, nil
			}
			a, err := fibn(n - 2).Await(co) // await fibn(n-2)
			if err != nil {
				return 0, err
			}
			b, err := fibn(n - 1).Await(co) // await fibn(n-1)
			if err != nil {
				return 0, err
			}
			return a + b, nil
		})
	})
}

func main() {
	define()                                                                // @memo async def fibn(n): ...
	l := loop.GetEventLoop()                                                // loop = asyncio.get_event_loop()
	autotrace.Install(l)                                                    // -trace or GOASYNCIO_TRACE=1: narration on stderr
	c, err := l.RunUntilComplete(task.Gather(l, fibn(4), fibn(4), fibn(4))) // c = loop.run_until_complete(asyncio.gather(...))
	if err != nil {
		panic(err)
	}
	pyfmt.Println(c) // print(c)
	l.Close()        // loop.close()
}
