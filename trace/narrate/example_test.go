package narrate_test

import (
	"fmt"
	"os"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/narrate"
)

// A task creates a child that sleeps and awaits it. The narration (here
// on stdout, mixed with what the program prints) shows each iteration of
// the loop: the child's first step queued, its timer, the timer firing,
// the future it completes, and the wakeups that follow.
func Example() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	narrate.Attach(l, os.Stdout)

	child := coroutine.New(func(co *coroutine.Co) (string, error) {
		err := task.Sleep(co, 100*time.Millisecond)
		return "slept", err
	})
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		c, err := task.CreateTask(co, child, task.WithName("child"))
		if err != nil {
			return "", err
		}
		fmt.Println("main: awaiting child")
		return c.Await(co)
	})
	t, _ := l.CreateTask(main, task.WithName("main"))
	res, _ := l.RunUntilComplete(t)
	fmt.Println("result:", res)
	// Output:
	// == outside the loop, before the first iteration (t=0.000)
	//      main created (coroutine Example), first step queued
	// == iteration 1 (t=0.000): 1 ready
	//    1. step of main
	// -> 1. step of main
	//      main starts Example()
	//      child created (coroutine Example), first step queued
	// main: awaiting child
	//      main awaits child
	// == iteration 2 (t=0.000): 1 ready
	//    1. step of child
	// -> 1. step of child
	//      child starts Example()
	//      timer set: wakeSleeper() due t=0.100
	//      child awaits <Future pending cb=[Task.task_wakeup()]>
	// == iteration 3 (t=0.100): 1 ready, 1 timer fired
	//    1. timer wakeSleeper(), due t=0.100
	// -> 1. timer wakeSleeper(), due t=0.100
	//      <Future finished result=namespace() cb=[Task.task_wakeup()]> is done
	//      queued: wakeup of child
	// == iteration 4 (t=0.100): 1 ready
	//    1. wakeup of child (<Future finished result=namespace()> is done)
	// -> 1. wakeup of child (<Future finished result=namespace()> is done)
	//      child resumes Example()
	//      child finished: result 'slept'
	//      queued: wakeup of main
	// == iteration 5 (t=0.100): 1 ready
	//    1. wakeup of main (child is done)
	// -> 1. wakeup of main (child is done)
	//      main resumes Example()
	//      main finished: result 'slept'
	//      queued: callback _run_until_complete_cb()
	// == iteration 6 (t=0.100): 1 ready
	//    1. callback _run_until_complete_cb() (main is done)
	// -> 1. callback _run_until_complete_cb() (main is done)
	// result: slept
}
