package queues_test

import (
	"errors"
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// A producer and two consumers share a bounded queue; Join waits until
// every item has been marked done, then the consumers are cancelled.
func ExampleQueue() {
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		q := queues.New[int](2)
		consumer := func(name string) *coroutine.Coroutine[struct{}] {
			return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
				for {
					v, err := q.Get(co) // v = await q.get()
					if err != nil {
						return struct{}{}, err
					}
					fmt.Println(name, "got", v)
					if err := task.Sleep(co, 0); err != nil { // work
						return struct{}{}, err
					}
					if err := q.TaskDone(); err != nil {
						return struct{}{}, err
					}
				}
			})
		}
		var workers []*task.Task[struct{}]
		for _, name := range []string{"a", "b"} {
			w, _ := task.CreateTask(co, consumer(name))
			workers = append(workers, w)
		}
		for i := range 5 {
			if err := q.Put(co, i); err != nil { // await q.put(i)
				return struct{}{}, err
			}
		}
		if err := q.Join(co); err != nil { // await q.join()
			return struct{}{}, err
		}
		fmt.Println("all processed:", q)
		for _, w := range workers {
			w.Cancel()
		}
		return struct{}{}, nil
	})
	if _, err := loop.Run(main); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a got 0
	// b got 1
	// a got 2
	// b got 3
	// a got 4
	// all processed: <Queue maxsize=2 _getters[2]>
}

// The nowait calls never suspend; they report an empty or a full queue
// with sentinel errors.
func ExampleQueue_PutNowait() {
	q := queues.New[string](1)
	fmt.Println(q.PutNowait("x"), q.PutNowait("y"))
	v, err := q.GetNowait()
	fmt.Println(v, err)
	_, err = q.GetNowait()
	fmt.Println(errors.Is(err, queues.ErrQueueEmpty))
	fmt.Println(q)
	// Output:
	// <nil> queues: queue is full
	// x <nil>
	// true
	// <Queue maxsize=1 tasks=1>
}

// Shutdown wakes a blocked getter, which then fails with ErrQueueShutDown.
func ExampleQueue_Shutdown() {
	q := queues.New[int](0)
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		getter, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			return q.Get(co)
		}))
		if err := task.Sleep(co, 0); err != nil { // let the getter block
			return struct{}{}, err
		}
		fmt.Println(q)
		q.Shutdown(false)
		_, err := getter.Await(co)
		fmt.Println(err == queues.ErrQueueShutDown, q)
		return struct{}{}, nil
	})
	if _, err := loop.Run(main); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <Queue maxsize=0 _getters[1]>
	// true <Queue maxsize=0 shutdown>
}

// Items come out smallest first; the queue keeps them in heapq's order.
func ExampleNewOrderedPriority() {
	q := queues.NewOrderedPriority[int](0)
	for _, v := range []int{5, 1, 4, 2} {
		_ = q.PutNowait(v)
	}
	fmt.Println(q)
	for !q.Empty() {
		v, _ := q.GetNowait()
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output:
	// <PriorityQueue maxsize=0 _queue=[1, 2, 4, 5] tasks=4>
	// 1 2 4 5
}

// A less function plays the part of Python's < on the entries. With a
// sequence number as the second key, equal priorities keep their order.
func ExampleNewPriority() {
	type job struct {
		prio, seq int
		name      string
	}
	q := queues.NewPriority(0, func(a, b job) bool {
		if a.prio != b.prio {
			return a.prio < b.prio
		}
		return a.seq < b.seq
	})
	for i, j := range []job{{prio: 2, name: "low"}, {prio: 1, name: "first"}, {prio: 1, name: "second"}} {
		j.seq = i
		_ = q.PutNowait(j)
	}
	for !q.Empty() {
		j, _ := q.GetNowait()
		fmt.Println(j.prio, j.name)
	}
	// Output:
	// 1 first
	// 1 second
	// 2 low
}

// A LifoQueue returns the newest item first.
func ExampleNewLifo() {
	q := queues.NewLifo[string](0)
	for _, s := range []string{"a", "b", "c"} {
		_ = q.PutNowait(s)
	}
	fmt.Println(q)
	for !q.Empty() {
		s, _ := q.GetNowait()
		fmt.Print(s)
	}
	fmt.Println()
	// Output:
	// <LifoQueue maxsize=0 _queue=['a', 'b', 'c'] tasks=3>
	// cba
}
