package queues_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/queues"
	"github.com/goasyncio/goasyncio/task"
)

// qtIntQueue is the API common to the three queue types, for int items.
type qtIntQueue interface {
	Put(co *coroutine.Co, v int) error
	Get(co *coroutine.Co) (int, error)
	PutNowait(v int) error
	GetNowait() (int, error)
	Join(co *coroutine.Co) error
	TaskDone() error
	Shutdown(immediate bool)
	String() string
}

// TestRandomOps is the twin of testdata/randomops.py: it runs the seeded
// random scripts of testdata/randomops.txt (waiting getters, putters and
// joiners mixed with the nowait calls, cancellations, TaskDone and
// Shutdown, on all three queue types) and must print what CPython prints.
func TestRandomOps(t *testing.T) {
	data, err := os.ReadFile("testdata/randomops.txt")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	qtRun(t, "randomops", func(co *coroutine.Co, o *qtOut) error {
		for i := 0; i < len(lines); {
			head := strings.Fields(lines[i])
			j := i + 1
			for lines[j] != "end" {
				j++
			}
			maxsize, _ := strconv.Atoi(head[2])
			o.p("===", head[1], head[2])
			var q qtIntQueue
			switch head[1] {
			case "Queue":
				q = queues.New[int](maxsize)
			case "LifoQueue":
				q = queues.NewLifo[int](maxsize)
			case "PriorityQueue":
				q = queues.NewOrderedPriority[int](maxsize)
			}
			if err := qtRunOps(co, o, q, lines[i+1:j]); err != nil {
				return err
			}
			i = j + 1
		}
		return nil
	})
}

func qtRunOps(co *coroutine.Co, o *qtOut, q qtIntQueue, ops []string) error {
	var tasks []*task.Task[struct{}]
	spawn := func(fn func(co *coroutine.Co) error) { tasks = append(tasks, qtGo(co, fn)) }
	for _, op := range ops {
		w := strings.Fields(op)
		arg := func(k int) int { n, _ := strconv.Atoi(w[k]); return n }
		switch w[0] {
		case "getter":
			n := arg(1)
			spawn(func(co *coroutine.Co) error {
				v, err := q.Get(co)
				if err != nil {
					o.p(fmt.Sprintf("t%d get", n), qtR(err))
					return err
				}
				o.p(fmt.Sprintf("t%d got", n), v)
				return nil
			})
		case "putter":
			n, v := arg(1), arg(2)
			spawn(func(co *coroutine.Co) error {
				if err := q.Put(co, v); err != nil {
					o.p(fmt.Sprintf("t%d put", n), qtR(err))
					return err
				}
				o.p(fmt.Sprintf("t%d put", n), v)
				return nil
			})
		case "joiner":
			n := arg(1)
			spawn(func(co *coroutine.Co) error {
				if err := q.Join(co); err != nil {
					o.p(fmt.Sprintf("t%d join", n), qtR(err))
					return err
				}
				o.p(fmt.Sprintf("t%d joined", n))
				return nil
			})
		case "put":
			if err := q.PutNowait(arg(1)); err != nil {
				o.p("put_nowait", qtR(err))
			}
		case "get":
			if v, err := q.GetNowait(); err != nil {
				o.p("get_nowait", qtR(err))
			} else {
				o.p("get_nowait", v)
			}
		case "cancel":
			o.p("cancel", w[1], tasks[arg(1)].Cancel())
		case "done":
			if err := q.TaskDone(); err != nil {
				o.p("task_done", qtR(err))
			}
		case "shutdown":
			q.Shutdown(w[1] == "1")
		case "step":
			if err := qtSleep0(co); err != nil {
				return err
			}
		case "show":
			o.p(q)
		default:
			return fmt.Errorf("bad op %q", op)
		}
	}
	o.p("end", q)
	for _, tk := range tasks {
		tk.Cancel()
	}
	for _, tk := range tasks {
		_, _ = tk.Await(co)
	}
	o.p("final", q)
	return nil
}
