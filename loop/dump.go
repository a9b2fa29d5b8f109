package loop

import (
	"strconv"
	"strings"

	"github.com/goasyncio/goasyncio/task"
)

// This file answers "what are the tasks waiting for?" in the loop's own
// reports: the await graph of pending tasks, drawn as trace/dump.Tree
// draws it.

// DumpTasks renders the await graph of tasks, indented by two spaces: the
// format deadlock reports and Close reports share.
func DumpTasks(tasks []task.AnyTask) string {
	s := DumpTaskTree(tasks, nil)
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

// DumpTaskTree renders the await graph of tasks (pending tasks, in
// creation order) as an indented tree: each root is a task no other task
// of the list awaits; under a task comes the task or gather it awaits,
// under a gather its children. current is the task whose step is
// running, or nil. Package trace/dump and the loop's own reports
// (ErrDeadlock, pending tasks at Close) share this format.
func DumpTaskTree(tasks []task.AnyTask, current task.AnyTask) string {
	if len(tasks) == 0 {
		return "(no pending tasks)\n"
	}
	g := buildGraph(tasks)
	p := &treePrinter{current: current, drawn: map[task.AnyTask]bool{}, onPath: map[task.AnyTask]bool{}}
	for _, t := range tasks {
		if len(g.awaitedBy[t]) == 0 {
			p.task(t, "", "")
		}
	}
	// Tasks only reachable through a cycle have no root: start from the
	// first of them not drawn yet.
	for _, t := range tasks {
		if !p.drawn[t] {
			p.task(t, "", "")
		}
	}
	return p.b.String()
}

// stateOf says what a pending task is doing: see TaskInfo.State.
// TaskState names what a live task is doing: "running" (its step is
// running now: it is current), "waiting" (on a future) or "ready" (a
// step is queued).
func TaskState(t, current task.AnyTask) string { return stateOf(t, current) }

func stateOf(t, current task.AnyTask) string {
	switch {
	case current != nil && t == current:
		return "running"
	case t.WaitingOn() != nil:
		return "waiting"
	}
	return "ready"
}

// doneState names how a done task ended.
func doneState(t task.AnyTask) string {
	if t.Cancelled() {
		return "cancelled"
	}
	// The repr says whether it failed without retrieving the exception
	// (Exception() would mark it retrieved and silence the loop's report).
	if strings.Contains(t.String(), "() done> exception=") {
		return "failed"
	}
	return "finished"
}

// gatherer is the part of *task.GatheringFuture the graph needs.
type gatherer interface {
	Children() []task.AnyFuture
}

// awaitedTasks lists the tasks behind a future a task waits on: the task
// itself, or the tasks a gather (and gathers inside it) waits for.
// AwaitedTasks returns the tasks a task waiting on f waits for: f itself
// if it is a task, the tasks among a gather's children (nested gathers
// included), none for a plain future.
func AwaitedTasks(f task.AnyFuture) []task.AnyTask { return awaitedTasks(f) }

// AwaitedBy maps each of tasks to the tasks (among them) that await it.
func AwaitedBy(tasks []task.AnyTask) map[task.AnyTask][]task.AnyTask {
	return buildGraph(tasks).awaitedBy
}

func awaitedTasks(f task.AnyFuture) []task.AnyTask {
	var out []task.AnyTask
	var walk func(f task.AnyFuture, depth int)
	walk = func(f task.AnyFuture, depth int) {
		switch v := f.(type) {
		case nil:
		case task.AnyTask:
			out = append(out, v)
		case gatherer:
			if depth > 64 {
				return
			}
			for _, c := range v.Children() {
				walk(c, depth+1)
			}
		}
	}
	walk(f, 0)
	return out
}

// graph is the await graph of a set of live tasks.
type graph struct {
	tasks     []task.AnyTask
	live      map[task.AnyTask]bool
	awaitedBy map[task.AnyTask][]task.AnyTask
}

func buildGraph(tasks []task.AnyTask) *graph {
	g := &graph{
		tasks:     tasks,
		live:      make(map[task.AnyTask]bool, len(tasks)),
		awaitedBy: map[task.AnyTask][]task.AnyTask{},
	}
	for _, t := range tasks {
		g.live[t] = true
	}
	for _, t := range tasks {
		seen := map[task.AnyTask]bool{}
		for _, a := range awaitedTasks(t.WaitingOn()) {
			if seen[a] {
				continue
			}
			seen[a] = true
			g.awaitedBy[a] = append(g.awaitedBy[a], t)
		}
	}
	return g
}

type treePrinter struct {
	b       strings.Builder
	current task.AnyTask
	drawn   map[task.AnyTask]bool
	onPath  map[task.AnyTask]bool
}

// task draws t after lead (the branch drawn before it) and its subtree
// with indent before each child line.
func (p *treePrinter) task(t task.AnyTask, lead, indent string) {
	p.b.WriteString(lead)
	p.b.WriteString(t.Name())
	p.b.WriteString(" (")
	p.b.WriteString(t.CoroName())
	p.b.WriteString(")")
	switch {
	case p.onPath[t]:
		p.b.WriteString(" (cycle)\n")
		return
	case p.drawn[t]:
		p.b.WriteString(" (see above)\n")
		return
	}
	p.drawn[t] = true
	if t.Done() {
		p.b.WriteString(" " + doneState(t) + "\n")
		return
	}
	p.b.WriteString(" " + stateOf(t, p.current))
	if n := t.Cancelling(); n > 0 {
		p.b.WriteString(", cancelling")
	}
	w := t.WaitingOn()
	switch w.(type) {
	case nil:
		p.b.WriteString("\n")
		return
	case task.AnyTask, gatherer:
		p.b.WriteString("\n")
	default:
		p.b.WriteString(" on " + w.String() + "\n")
		return
	}
	p.onPath[t] = true
	p.future(w, indent+"└── ", indent+"    ", 0)
	delete(p.onPath, t)
}

// future draws a future inside the tree: a task, a gather with its
// children, or any other future by its repr.
func (p *treePrinter) future(f task.AnyFuture, lead, indent string, depth int) {
	switch v := f.(type) {
	case task.AnyTask:
		p.task(v, lead, indent)
	case gatherer:
		children := v.Children()
		done := 0
		for _, c := range children {
			if c.Done() {
				done++
			}
		}
		p.b.WriteString(lead + "gather (" + plural(len(children), "child", "children") +
			", " + strconv.Itoa(done) + " done)\n")
		if depth > 64 {
			return
		}
		for i, c := range children {
			if i == len(children)-1 {
				p.future(c, indent+"└── ", indent+"    ", depth+1)
			} else {
				p.future(c, indent+"├── ", indent+"│   ", depth+1)
			}
		}
	default:
		p.b.WriteString(lead + f.String() + "\n")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
