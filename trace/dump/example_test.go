package dump_test

import (
	"fmt"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/dump"
)

// A task prints the loop's tasks while two gathered workers wait, one of
// them on a task of its own.
func Example() {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	nap := func(d time.Duration) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			return 1, task.Sleep(co, d)
		})
	}
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		a, _ := task.CreateTask(co, nap(time.Second), task.WithName("a"))
		b, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			c, _ := task.CreateTask(co, nap(time.Second), task.WithName("c"))
			return c.Await(co)
		}), task.WithName("b"))
		_, _ = task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			_ = task.Sleep(co, 0) // let the others start
			fmt.Print(dump.Report(l))
			return 0, nil
		}), task.WithName("reporter"))
		res, err := task.Gather(co, a, b).Await(co)
		return res[0] + res[1], err
	})
	t, _ := l.CreateTask(main, task.WithName("main"))
	_, _ = l.RunUntilComplete(t)
	// Output:
	// NAME      STATE    COROUTINE  WAITS ON                                  AWAITED BY
	// main      waiting  Example    gather(a, b)                              -
	// a         waiting  Example    <Future pending cb=[Task.task_wakeup()]>  main
	// b         waiting  Example    c                                         main
	// reporter  running  Example    -                                         -
	// c         waiting  Example    <Future pending cb=[Task.task_wakeup()]>  b
	//
	// main (Example) waiting
	// └── gather (2 children, 0 done)
	//     ├── a (Example) waiting on <Future pending cb=[Task.task_wakeup()]>
	//     └── b (Example) waiting
	//         └── c (Example) waiting on <Future pending cb=[Task.task_wakeup()]>
	// reporter (Example) running
}
