// Package dump answers "what are my tasks doing right now?": a listing of
// a loop's live tasks in the spirit of CPython 3.14's
// `python -m asyncio ps` (Table) and `pstree` (Tree).
//
// Tasks, Table, Tree and Report read the loop's bookkeeping, so they must
// be called on the loop's goroutine (from a callback or a coroutine of
// the loop) or while the loop is not running. Request is the one to call
// from any other goroutine.
//
// The await graph is built from what each task waits on (its
// _fut_waiter): a task awaiting another task awaits that task; a task
// awaiting a gather awaits the gather's children, and through nested
// gathers their children too.
package dump

import (
	"errors"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// TaskInfo describes one live task.
type TaskInfo struct {
	// Name is the task's name (Task-N unless one was given).
	Name string
	// State is "running" (its step is running now), "waiting" (suspended
	// on a future) or "ready" (its next step is queued).
	State string
	// Cancelling is how many cancel requests are pending (cancelling()).
	Cancelling int
	// Coroutine names the coroutine the task runs.
	Coroutine string
	// WaitsOn describes what the task waits on: a task's name, a gather
	// as gather(Task-2, Task-3), or the future's repr; "" unless waiting.
	WaitsOn string
	// Awaits names the tasks this one waits for, directly or through
	// gathers, in order.
	Awaits []string
	// AwaitedBy names the live tasks waiting for this one, in creation
	// order.
	AwaitedBy []string
	// Task is the task itself; use it only on the loop's goroutine.
	Task task.AnyTask
}

// Tasks describes every task of l that is not done, in creation order.
func Tasks(l *loop.Loop) []TaskInfo {
	return describe(l.Tasks().AllTasks(), l.Tasks().Current())
}

// describe builds the TaskInfo of each task; current is the task whose
// step is running, or nil.
func describe(tasks []task.AnyTask, current task.AnyTask) []TaskInfo {
	awaitedBy := loop.AwaitedBy(tasks)
	out := make([]TaskInfo, len(tasks))
	for i, t := range tasks {
		info := TaskInfo{
			Name:       t.Name(),
			State:      loop.TaskState(t, current),
			Cancelling: t.Cancelling(),
			Coroutine:  t.CoroName(),
			Task:       t,
		}
		if w := t.WaitingOn(); w != nil {
			info.WaitsOn = waitLabel(w)
		}
		for _, a := range loop.AwaitedTasks(t.WaitingOn()) {
			info.Awaits = append(info.Awaits, a.Name())
		}
		for _, a := range awaitedBy[t] {
			info.AwaitedBy = append(info.AwaitedBy, a.Name())
		}
		out[i] = info
	}
	return out
}

// gatherer is the part of *task.GatheringFuture the graph needs.
type gatherer interface {
	Children() []task.AnyFuture
}

// waitLabel is the short description of a future a task waits on.
func waitLabel(f task.AnyFuture) string {
	switch v := f.(type) {
	case task.AnyTask:
		return v.Name()
	case gatherer:
		return gatherLabel(v, 0)
	}
	return f.String()
}

// gatherLabel writes a gather as gather(Task-2, Task-3), with nested
// gathers inline and plain futures as "future".
func gatherLabel(g gatherer, depth int) string {
	const maxShown = 6
	var b strings.Builder
	b.WriteString("gather(")
	children := g.Children()
	for i, c := range children {
		if i == maxShown {
			b.WriteString(", … " + strconv.Itoa(len(children)) + " in all")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		switch v := c.(type) {
		case task.AnyTask:
			b.WriteString(v.Name())
		case gatherer:
			if depth < 8 {
				b.WriteString(gatherLabel(v, depth+1))
			} else {
				b.WriteString("gather(…)")
			}
		default:
			b.WriteString("future")
		}
	}
	b.WriteString(")")
	return b.String()
}

// Table renders the live tasks of l as a ps-like table, one task a line
// in creation order.
func Table(l *loop.Loop) string {
	return table(Tasks(l))
}

func table(infos []TaskInfo) string {
	if len(infos) == 0 {
		return "(no pending tasks)\n"
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	tw.Write([]byte("NAME\tSTATE\tCOROUTINE\tWAITS ON\tAWAITED BY\n"))
	for _, t := range infos {
		state := t.State
		if t.Cancelling > 0 {
			state += ", cancelling"
		}
		tw.Write([]byte(cell(t.Name) + "\t" + state + "\t" + cell(t.Coroutine) + "\t" +
			cell(t.WaitsOn) + "\t" + cell(strings.Join(t.AwaitedBy, ", ")) + "\n"))
	}
	tw.Flush()
	return b.String()
}

// cell keeps a table cell on one line and never empty.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "\t", " ")
}

// Tree renders the await graph of l's live tasks as an indented tree:
// each root is a task no live task awaits (in creation order); under a
// task come the task or gather it awaits, and under a gather its
// children. A task awaited from two places is drawn once and referred to
// as "(see above)" afterwards; a cycle of tasks awaiting each other is
// marked "(cycle)".
func Tree(l *loop.Loop) string {
	return loop.DumpTaskTree(l.Tasks().AllTasks(), l.Tasks().Current())
}

// Report is Table followed by a blank line and Tree: everything a dump
// request returns.
func Report(l *loop.Loop) string {
	infos := Tasks(l)
	if len(infos) == 0 {
		return "(no pending tasks)\n"
	}
	return table(infos) + "\n" + Tree(l)
}

// ErrTimeout is returned by Request when the loop did not run the dump
// within the timeout (it is stopped between runs, or a step keeps control).
var ErrTimeout = errors.New("dump: the loop did not answer in time")

// Request returns Report(l) and may be called from any goroutine except
// the one running l (and l's coroutines), which would wait for itself
// until the timeout. If l is running, the dump is queued with
// CallSoonThreadsafe and runs between two callbacks of the loop; Request
// waits for it at most timeout (no limit if timeout <= 0) and then
// returns ErrTimeout. A dump that runs after that is discarded. If l is
// not running (or closed), l is dumped directly: the caller must then make
// sure the goroutine that owns l is not using it at the same time.
func Request(l *loop.Loop, timeout time.Duration) (string, error) {
	if !l.IsRunning() || l.IsClosed() {
		return Report(l), nil
	}
	ch := make(chan string, 1) // buffered: a late dump never blocks the loop
	if _, err := l.CallSoonThreadsafe(func() { ch <- Report(l) }); err != nil {
		if errors.Is(err, task.ErrLoopClosed) {
			return Report(l), nil
		}
		return "", err
	}
	if timeout <= 0 {
		return <-ch, nil
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case s := <-ch:
		return s, nil
	case <-t.C:
		return "", ErrTimeout
	}
}
