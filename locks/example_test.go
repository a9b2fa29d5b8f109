package locks_test

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/locks"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// spawn is asyncio.create_task for the examples.
func spawn(co *coroutine.Co, fn func(co *coroutine.Co) error) *task.Task[struct{}] {
	t, err := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, fn(co)
	}))
	if err != nil {
		panic(err)
	}
	return t
}

// run is asyncio.run(main()).
func run(main func(co *coroutine.Co) error) {
	_, err := loop.Run(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, main(co)
	}))
	if err != nil {
		fmt.Println("error:", err)
	}
}

// Three tasks take turns on a lock in the order they asked for it. A
// release does not hand the lock over: the main task, asking again right
// after its release, queues behind them.
func ExampleLock() {
	run(func(co *coroutine.Co) error {
		var lock locks.Lock // the zero value is an unlocked lock
		if err := lock.Acquire(co); err != nil {
			return err
		}
		var ts []*task.Task[struct{}]
		for _, name := range []string{"a", "b", "c"} {
			ts = append(ts, spawn(co, func(co *coroutine.Co) error {
				return lock.With(co, func() error { // async with lock:
					fmt.Println(name, "has the lock")
					return task.Sleep(co, 0)
				})
			}))
		}
		_ = task.Sleep(co, 0) // let them queue
		fmt.Println(&lock)
		_ = lock.Release()
		fmt.Println("released:", &lock)
		if err := lock.Acquire(co); err != nil {
			return err
		}
		fmt.Println("main has the lock again")
		_ = lock.Release()
		for _, t := range ts {
			if _, err := t.Await(co); err != nil {
				return err
			}
		}
		return lock.Release() // misuse: not acquired
	})
	// Output:
	// <asyncio.locks.Lock [locked, waiters:3]>
	// released: <asyncio.locks.Lock [unlocked, waiters:3]>
	// a has the lock
	// b has the lock
	// c has the lock
	// main has the lock again
	// error: Lock is not acquired.
}

// Set wakes every waiter; Clear afterwards does not put them back to
// sleep.
func ExampleEvent() {
	run(func(co *coroutine.Co) error {
		var ev locks.Event
		var ts []*task.Task[struct{}]
		for i := range 2 {
			ts = append(ts, spawn(co, func(co *coroutine.Co) error {
				if err := ev.Wait(co); err != nil {
					return err
				}
				fmt.Println("waiter", i, "woke; set:", ev.IsSet())
				return nil
			}))
		}
		_ = task.Sleep(co, 0)
		ev.Set()
		ev.Clear()
		for _, t := range ts {
			if _, err := t.Await(co); err != nil {
				return err
			}
		}
		return nil
	})
	// Output:
	// waiter 0 woke; set: false
	// waiter 1 woke; set: false
}

// A consumer waits under the condition's lock until the producer has put
// enough items; each Notify makes it re-check its predicate.
func ExampleCondition_WaitFor() {
	run(func(co *coroutine.Co) error {
		cond := locks.NewCondition(nil)
		var items []string
		consumer := spawn(co, func(co *coroutine.Co) error {
			return cond.With(co, func() error {
				if err := cond.WaitFor(co, func() bool { return len(items) >= 2 }); err != nil {
					return err
				}
				fmt.Println("consumer got", items)
				return nil
			})
		})
		for _, it := range []string{"x", "y"} {
			_ = task.Sleep(co, 0)
			err := cond.With(co, func() error {
				items = append(items, it)
				fmt.Println("produced", it)
				return cond.Notify(1)
			})
			if err != nil {
				return err
			}
		}
		_, err := consumer.Await(co)
		return err
	})
	// Output:
	// produced x
	// produced y
	// consumer got [x y]
}

// At most two tasks hold the semaphore at once; the third waits for a
// release, which reserves the freed slot for it.
func ExampleSemaphore() {
	run(func(co *coroutine.Co) error {
		sem, err := locks.NewSemaphore(2)
		if err != nil {
			return err
		}
		var ts []*task.Task[struct{}]
		for i := range 3 {
			ts = append(ts, spawn(co, func(co *coroutine.Co) error {
				return sem.With(co, func() error {
					fmt.Println("task", i, "in;", sem)
					return task.Sleep(co, 0)
				})
			}))
		}
		for _, t := range ts {
			if _, err := t.Await(co); err != nil {
				return err
			}
		}
		_, err = locks.NewSemaphore(-1)
		fmt.Println(err)
		return nil
	})
	// Output:
	// task 0 in; <asyncio.locks.Semaphore [unlocked, value:1]>
	// task 1 in; <asyncio.locks.Semaphore [locked]>
	// task 2 in; <asyncio.locks.Semaphore [unlocked, value:1]>
	// Semaphore initial value must be >= 0
}

// The last of three parties to arrive goes on first, then the others in
// arrival order. An aborted barrier breaks every later Wait.
func ExampleBarrier() {
	run(func(co *coroutine.Co) error {
		b, err := locks.NewBarrier(3)
		if err != nil {
			return err
		}
		var ts []*task.Task[struct{}]
		for _, name := range []string{"a", "b", "c"} {
			ts = append(ts, spawn(co, func(co *coroutine.Co) error {
				i, err := b.Wait(co)
				fmt.Println(name, "passed with index", i)
				return err
			}))
		}
		for _, t := range ts {
			if _, err := t.Await(co); err != nil {
				return err
			}
		}
		if err := b.Abort(co); err != nil {
			return err
		}
		_, err = b.Wait(co)
		fmt.Println(err, b)
		return nil
	})
	// Output:
	// c passed with index 2
	// a passed with index 0
	// b passed with index 1
	// Barrier aborted <asyncio.locks.Barrier [broken]>
}
