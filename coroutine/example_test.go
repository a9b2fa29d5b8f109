package coroutine_test

import (
	"errors"
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
)

// Calling New is calling an "async def": it only builds the coroutine.
// Awaiting it runs the body inline, like a function call; a coroutine
// can be awaited once.
func ExampleNew() {
	// async def double(n): return 2 * n
	double := func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			fmt.Println("double", n)
			return 2 * n, nil
		})
	}
	// async def main():
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		d := double(3) // nothing runs yet
		fmt.Println("built", d.State())
		a, err := d.Await(co) // a = await d
		if err != nil {
			return 0, err
		}
		_, err = d.Await(co) // await d  -> RuntimeError
		fmt.Println("again:", err)
		b, err := double(a).Await(co)
		return a + b, err
	})

	// Drive main by hand: it never suspends, so one send finishes it.
	_, done := main.Send()
	fmt.Println(done, main.State())
	fmt.Println(main.Result())
	// Output:
	// built CORO_CREATED
	// double 3
	// again: cannot reuse already awaited coroutine
	// double 6
	// true CORO_CLOSED
	// 18 <nil>
}

// A coroutine driven by hand: each Send runs the body up to its next
// Yield; Throw raises an error where it is suspended; Close unwinds it,
// running its deferred calls.
func ExampleCoroutine_Send() {
	c := coroutine.New(func(co *coroutine.Co) (string, error) {
		defer fmt.Println("cleanup")
		for i := 1; ; i++ {
			if err := co.Yield(i); err != nil {
				fmt.Println("caught:", err)
			}
		}
	})
	fmt.Println(c.State())
	v, _ := c.Send()
	fmt.Println("yielded", v, c.State())
	v, _ = c.Send()
	fmt.Println("yielded", v)
	v, _ = c.Throw(errors.New("oops"))
	fmt.Println("yielded", v)
	fmt.Println(c.Close(), c.State())
	// Output:
	// CORO_CREATED
	// yielded 1 CORO_SUSPENDED
	// yielded 2
	// caught: oops
	// yielded 3
	// cleanup
	// <nil> CORO_CLOSED
}

// A panic in a body does not crash the program: the coroutine ends with a
// *PanicError that keeps the value and the stack.
func ExamplePanicError() {
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		var m map[string]int
		m["x"] = 1 // assignment to entry in nil map
		return 0, nil
	})
	c.Send()
	var pe *coroutine.PanicError
	if errors.As(c.Err(), &pe) {
		fmt.Println("panic:", pe.Value)
	}
	// Output:
	// panic: assignment to entry in nil map
}
