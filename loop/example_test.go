package loop_test

import (
	"fmt"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// RunUntilComplete runs the loop until a coroutine (wrapped in a task) or
// a future is done, and returns its result.
//
// Python twin (it prints the same lines):
//
//	async def add(a, b):
//	    await asyncio.sleep(0)
//	    return a + b
//	loop = asyncio.new_event_loop()
//	print(loop.run_until_complete(add(2, 3)))
//	f = loop.create_future()
//	loop.call_soon(f.set_result, "from a callback")
//	print(loop.run_until_complete(f))
//	loop.close()
func ExampleLoop_RunUntilComplete() {
	add := func(a, b int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 0); err != nil {
				return 0, err
			}
			return a + b, nil
		})
	}
	l := loop.New()
	sum, err := l.RunUntilComplete(add(2, 3))
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(sum)
	f := l.CreateFuture[string]()
	_, _ = l.CallSoon(func() { _ = f.SetResult("from a callback") })
	s, err := l.RunUntilComplete(f)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(s)
	_ = l.Close()
	// Output:
	// 5
	// from a callback
}

// Run is asyncio.run: a new loop runs main to completion, the tasks main
// left behind are cancelled, and the loop is closed.
//
// Python twin (it prints the same lines):
//
//	async def forgotten():
//	    try:
//	        await asyncio.sleep(3600)
//	    except asyncio.CancelledError:
//	        print("forgotten task cancelled")
//	        raise
//	async def main():
//	    asyncio.create_task(forgotten())
//	    await asyncio.sleep(1)
//	    print("main done")
//	    return 42
//	print(asyncio.run(main()))
func ExampleRun() {
	forgotten := coroutine.New(func(co *coroutine.Co) (any, error) {
		err := task.Sleep(co, time.Hour)
		if task.IsCancelled(err) {
			fmt.Println("forgotten task cancelled")
		}
		return nil, err
	})
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		if _, err := task.CreateTask(co, forgotten); err != nil {
			return 0, err
		}
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		fmt.Println("main done")
		return 42, nil
	})
	v, err := loop.Run(main, loop.WithVirtualClock())
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(v)
	// Output:
	// main done
	// forgotten task cancelled
	// 42
}

// CallSoon queues a callback for the next iteration, behind those already
// queued; CallLater waits for a deadline. A timer that is due runs in the
// same iteration as the callbacks already queued, after them, and a
// callback queued by a callback waits for the next iteration.
//
// Python twin (it prints the same lines):
//
//	loop.call_later(0.5, lambda: print("later 0.5"))
//	loop.call_later(0, lambda: print("later 0"))
//	def soon1():
//	    print("soon 1")
//	    loop.call_soon(lambda: print("soon from soon 1"))
//	loop.call_soon(soon1)
//	loop.call_soon(lambda: print("soon 2"))
//	loop.call_later(1, loop.stop)
//	loop.run_forever()
func ExampleLoop_CallSoon() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	_, _ = l.CallLater(500*time.Millisecond, func() { fmt.Println("later 0.5") })
	_, _ = l.CallLater(0, func() { fmt.Println("later 0") })
	_, _ = l.CallSoon(func() {
		fmt.Println("soon 1")
		_, _ = l.CallSoon(func() { fmt.Println("soon from soon 1") })
	})
	_, _ = l.CallSoon(func() { fmt.Println("soon 2") })
	_, _ = l.CallLater(time.Second, l.Stop)
	_ = l.RunForever()
	// Output:
	// soon 1
	// soon 2
	// later 0
	// soon from soon 1
	// later 0.5
}

// A Runner runs several coroutines on one loop (asyncio.Runner); Close
// cancels what they left behind.
func ExampleRunner() {
	r := loop.NewRunner(loop.WithVirtualClock())
	defer r.Close()
	for i := 1; i <= 2; i++ {
		v, err := r.Run(coroutine.New(func(co *coroutine.Co) (int, error) {
			return i * 10, task.Sleep(co, time.Second)
		}))
		fmt.Println(v, err)
	}
	l, _ := r.GetLoop()
	fmt.Println(l.Time() >= 2)
	// Output:
	// 10 <nil>
	// 20 <nil>
	// true
}
