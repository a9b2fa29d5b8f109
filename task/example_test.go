package task_test

import (
	"fmt"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// Done callbacks never run inline: completing a future queues them with
// call_soon, in registration order, behind whatever is already queued. A
// callback added to a future that is already done is queued at once.
//
// The Python twin prints the same lines:
//
//	f = loop.create_future()
//	loop.call_soon(lambda: print("queued before"))
//	f.add_done_callback(lambda f: print("cb1", f.result()))
//	f.add_done_callback(lambda f: print("cb2"))
//	f.set_result(5)
//	print("set_result returned")
//	loop.call_soon(lambda: print("queued after"))
//	f.add_done_callback(lambda f: print("cb3 added when done"))
//	loop.call_soon(loop.stop)
//	loop.run_forever()
func ExampleFuture_AddDoneCallback() {
	l := loop.New()
	defer l.Close()
	f := task.NewFuture[int](l)
	_, _ = l.CallSoon(func() { fmt.Println("queued before") })
	f.AddDoneCallback(func(task.AnyFuture) {
		v, _ := f.Result()
		fmt.Println("cb1", v)
	})
	f.AddDoneCallback(func(task.AnyFuture) { fmt.Println("cb2") })
	_ = f.SetResult(5)
	fmt.Println("set_result returned")
	_, _ = l.CallSoon(func() { fmt.Println("queued after") })
	f.AddDoneCallback(func(task.AnyFuture) { fmt.Println("cb3 added when done") })
	_, _ = l.CallSoon(l.Stop)
	_ = l.RunForever()
	// Output:
	// set_result returned
	// queued before
	// cb1 5
	// cb2
	// queued after
	// cb3 added when done
}

// Cancelling a task with a message throws a CancelledError carrying it
// into the coroutine where it waits; whoever awaits the task gets it too.
//
// Python twin (it prints the same lines):
//
//	async def worker():
//	    try:
//	        await asyncio.sleep(10)
//	    except asyncio.CancelledError as e:
//	        print("worker sees", repr(e))
//	        raise
//	async def main():
//	    t = asyncio.create_task(worker())
//	    await asyncio.sleep(1)
//	    print(t.cancel("enough"), t.cancelling())
//	    try:
//	        await t
//	    except asyncio.CancelledError as e:
//	        print("main sees", repr(e))
//	    print(t.cancelled(), t.cancel())
//	asyncio.run(main())
func ExampleTask_Cancel() {
	worker := coroutine.New(func(co *coroutine.Co) (any, error) {
		if err := task.Sleep(co, 10*time.Second); err != nil {
			pyfmt.Println("worker sees", pyfmt.Repr(err))
			return nil, err
		}
		return nil, nil
	})
	main := coroutine.New(func(co *coroutine.Co) (any, error) {
		t, err := task.CreateTask(co, worker)
		if err != nil {
			return nil, err
		}
		if err := task.Sleep(co, time.Second); err != nil {
			return nil, err
		}
		pyfmt.Println(t.Cancel("enough"), t.Cancelling())
		if _, err := t.Await(co); task.IsCancelled(err) {
			pyfmt.Println("main sees", pyfmt.Repr(err))
		}
		pyfmt.Println(t.Cancelled(), t.Cancel())
		return nil, nil
	})
	if _, err := loop.Run(main, loop.WithVirtualClock()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// True 1
	// worker sees CancelledError('enough')
	// main sees CancelledError('enough')
	// True False
}

// Gather runs its awaitables concurrently and returns their results in
// argument order, whatever order they finish in.
//
// Python twin (it prints the same lines):
//
//	async def square(n):
//	    await asyncio.sleep(n)
//	    print("done", n)
//	    return n * n
//	async def main():
//	    return await asyncio.gather(square(3), square(1), square(2))
//	print(asyncio.run(main()))
func ExampleGather() {
	square := func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, time.Duration(n)*time.Second); err != nil {
				return 0, err
			}
			pyfmt.Println("done", n)
			return n * n, nil
		})
	}
	main := coroutine.New(func(co *coroutine.Co) ([]int, error) {
		return task.Gather(co, task.Awaitable[int](square(3)), square(1), square(2)).Await(co)
	})
	res, err := loop.Run(main, loop.WithVirtualClock())
	if err != nil {
		fmt.Println(err)
	}
	pyfmt.Println(res)
	// Output:
	// done 1
	// done 2
	// done 3
	// [9, 1, 4]
}

// On a loop with the virtual clock, sleeping takes no real time: when
// nothing is ready, the clock jumps to the next timer. A program that
// sleeps for an hour finishes at once, and loop.Time reports the hour.
func ExampleSleep() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	nap := func(name string, d time.Duration) *coroutine.Coroutine[string] {
		return coroutine.New(func(co *coroutine.Co) (string, error) {
			if err := task.Sleep(co, d); err != nil {
				return "", err
			}
			fmt.Printf("%s woke at %.0fs\n", name, l.Time())
			return name, nil
		})
	}
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		t, err := task.CreateTask(co, nap("short", time.Minute))
		if err != nil {
			return "", err
		}
		long, err := nap("long", time.Hour).Await(co)
		if err != nil {
			return "", err
		}
		short, _ := t.Result()
		return short + " and " + long, nil
	})
	v, err := l.RunUntilComplete(main)
	fmt.Println(v, err)
	fmt.Printf("loop time %.0fs\n", l.Time())
	// Output:
	// short woke at 60s
	// long woke at 3600s
	// short and long <nil>
	// loop time 3600s
}
