package task_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// exSleeper sleeps d, then returns v.
func exSleeper(d time.Duration, v string) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		if err := task.Sleep(co, d); err != nil {
			return "", err
		}
		return v, nil
	})
}

// WaitFor gives up on work that takes too long: the work is cancelled, and
// the error is a TimeoutError (context.DeadlineExceeded under errors.Is).
func ExampleWaitFor() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		v, err := task.WaitFor(co, exSleeper(time.Second, "fast"), 2*time.Second)
		fmt.Println(v, err)
		_, err = task.WaitFor(co, exSleeper(time.Hour, "slow"), time.Second)
		var te *task.TimeoutError
		fmt.Println(errors.As(err, &te))
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output:
	// fast <nil>
	// true
}

// Wait returns as soon as its condition holds, without cancelling anything.
func ExampleWait() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		a, _ := task.CreateTask(co, exSleeper(time.Second, "a"), task.WithName("a"))
		b, _ := task.CreateTask(co, exSleeper(time.Minute, "b"), task.WithName("b"))
		done, pending, _ := task.Wait(co, []*task.Task[string]{a, b}, task.NoTimeout, task.FirstCompleted)
		fmt.Println(len(done), done[0].Name(), len(pending), pending[0].Name())
		b.Cancel()
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output: 1 a 1 b
}

// AsCompleted yields futures in the order they finish (Python 3.13's
// "async for f in as_completed(...)").
func ExampleAsCompleted() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		var ts []*task.Task[string]
		for _, s := range []struct {
			d time.Duration
			v string
		}{{3 * time.Second, "third"}, {time.Second, "first"}, {2 * time.Second, "second"}} {
			t, _ := task.CreateTask(co, exSleeper(s.d, s.v))
			ts = append(ts, t)
		}
		for t, err := range task.AsCompleted(co, ts, task.NoTimeout) {
			v, _ := t.Result()
			fmt.Println(v, err)
		}
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output:
	// first <nil>
	// second <nil>
	// third <nil>
}

// Shield keeps a cancellation from reaching the work it protects.
func ExampleShield() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		inner, _ := task.CreateTask(co, exSleeper(time.Second, "inner done"))
		outer, _ := task.Shield(co, inner)
		outer.Cancel()
		_, err := outer.Await(co)
		fmt.Println("outer:", task.IsCancelled(err))
		v, _ := inner.Await(co)
		fmt.Println(v)
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output:
	// outer: true
	// inner done
}

// WithTimeout is "async with asyncio.timeout(d)": the block is cancelled
// at the deadline and the CancelledError becomes a TimeoutError.
func ExampleWithTimeout() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		err := task.WithTimeout(co, time.Second, func(tm *task.Timeout) error {
			return task.Sleep(co, time.Minute)
		})
		var te *task.TimeoutError
		fmt.Println(errors.As(err, &te))
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output: true
}

// WithTaskGroup waits for every task of the group; a failing task cancels
// its siblings, and the errors come back as one ExceptionGroup.
func ExampleWithTaskGroup() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		err := task.WithTaskGroup(co, func(tg *task.TaskGroup) error {
			_, _ = tg.CreateTask(exSleeper(time.Hour, "never"))
			_, _ = tg.CreateTask(coroutine.New(func(co *coroutine.Co) (string, error) {
				return "", task.ValueError("boom")
			}))
			return nil
		})
		fmt.Println(err)
		fmt.Println(errors.Is(err, task.ValueError("boom")))
		return "", nil
	})
	_, _ = loop.Run(main, loop.WithVirtualClock())
	// Output:
	// unhandled errors in a TaskGroup (1 sub-exception)
	// true
}

// An eager task runs inside CreateTask until it first suspends.
func ExampleEager() {
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		t, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (string, error) {
			fmt.Println("child runs first")
			return "done", nil
		}), task.Eager())
		fmt.Println("create_task returned; done:", t.Done())
		return "", nil
	})
	_, _ = loop.Run(main)
	// Output:
	// child runs first
	// create_task returned; done: true
}
