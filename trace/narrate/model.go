package narrate

import (
	"strconv"
	"strings"

	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// This file answers "what is in the ready queue?": the narrator's model
// of the handles queued, built from events and checked against the loop's
// own list (Loop.ReadySnapshot), and the words used to describe them.

// The callback names package task gives task steps and task wakeups.
const (
	stepName   = "Task.task_step()"
	wakeupName = "Task.task_wakeup()"
)

type entryKind uint8

const (
	kStep     entryKind = iota + 1 // a task's next step
	kWakeup                        // a task's wakeup, queued by the future it awaited
	kCallback                      // another done callback of a future
	kTimer                         // the callback of a timer that just fired
	kOther                         // a handle no event told about (call_soon)
)

// entry is one handle in the ready queue, as far as the narrator knows.
type entry struct {
	kind  entryKind
	task  task.AnyTask   // kStep: the task; kWakeup: the task it wakes
	fut   task.AnyFuture // kWakeup, kCallback: the future that completed
	name  string         // kWakeup, kCallback: the callback's name
	timer *task.TimerHandle
	repr  string // kOther: the handle's repr
}

// expectRepr is the repr the loop's snapshot gives for the entry's handle.
func (e *entry) expectRepr() string {
	switch e.kind {
	case kStep:
		return "<Handle " + stepName + ">"
	case kWakeup, kCallback:
		return "<Handle " + e.name + ">"
	case kTimer:
		return e.timer.Handle.String()
	}
	return e.repr
}

// matches says whether h, the handle the loop is about to run, is the
// one the entry stands for.
func (e *entry) matches(h *task.Handle) bool {
	switch e.kind {
	case kStep:
		return h.Arg() == any(e.task) && h.CallbackName() == stepName
	case kWakeup, kCallback:
		return h.Arg() == any(e.fut) && h.CallbackName() == e.name
	case kTimer:
		return &e.timer.Handle == h
	}
	return e.repr == placeholder || h.String() == e.repr
}

// describe says what the handle will do, in a few words.
func (e *entry) describe() string {
	switch e.kind {
	case kWakeup:
		return e.short() + " (" + futureLabel(e.fut) + " is done)"
	case kCallback:
		return e.short() + " (" + futureLabel(e.fut) + " is done)"
	}
	return e.short()
}

// short is describe without the future that completed, for the line
// that follows the one telling that it completed.
func (e *entry) short() string {
	switch e.kind {
	case kStep:
		return "step of " + e.task.Name()
	case kWakeup:
		return "wakeup of " + e.task.Name()
	case kCallback:
		return "callback " + e.name
	case kTimer:
		if e.timer.Cancelled() {
			return "timer (cancelled), was due t=" + ms(e.timer.When())
		}
		return "timer " + e.timer.CallbackName() + ", due t=" + ms(e.timer.When())
	}
	switch e.repr {
	case "<Handle " + stepName + ">":
		return "step of a task queued before tracing began"
	case "<Handle " + wakeupName + ">":
		return "wakeup of a task, queued before tracing began"
	case "<Handle cancelled>":
		return "cancelled handle"
	case placeholder:
		return "a handle queued without an event"
	}
	if s, ok := strings.CutPrefix(e.repr, "<Handle "); ok {
		return "callback " + strings.TrimSuffix(s, ">")
	}
	return e.repr
}

// placeholder stands for a handle the narrator knows is queued but not
// what it is (it could not find the loop to ask).
const placeholder = "<Handle ?>"

// fromHandle describes a running handle the model did not know about.
func fromHandle(h *task.Handle) entry {
	switch a := h.Arg().(type) {
	case task.AnyTask:
		if h.CallbackName() == stepName {
			return entry{kind: kStep, task: a}
		}
	}
	if f, ok := h.Arg().(task.AnyFuture); ok && h.CallbackName() != wakeupName {
		return entry{kind: kCallback, fut: f, name: h.CallbackName()}
	}
	return entry{kind: kOther, repr: h.String()}
}

// reconcile matches the loop's list of queued handles (their reprs, in
// order) with the entries events announced, in order. Entries the loop
// does not list are dropped; handles no entry stands for become kOther.
func reconcile(known []entry, reprs []string) []entry {
	const lookahead = 16
	out := make([]entry, 0, len(reprs))
	i := 0
	for _, s := range reprs {
		k := -1
		for j := i; j < len(known) && j < i+lookahead; j++ {
			if known[j].expectRepr() == s {
				k = j
				break
			}
		}
		if k < 0 {
			out = append(out, entry{kind: kOther, repr: s})
			continue
		}
		out = append(out, known[k])
		i = k + 1
	}
	return out
}

// gatherer is the part of *task.GatheringFuture the narrator uses.
type gatherer interface {
	Children() []task.AnyFuture
}

// futureLabel names a future briefly: a task by its name, a gather by its
// repr and children, anything else by its repr.
func futureLabel(f task.AnyFuture) string {
	switch v := f.(type) {
	case task.AnyTask:
		return v.Name()
	case gatherer:
		return f.String() + " of " + childList(v.Children())
	}
	return f.String()
}

// childList names a gather's children: tasks by name, up to a few.
func childList(children []task.AnyFuture) string {
	const maxShown = 4
	var b strings.Builder
	b.WriteString("[")
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
			b.WriteString("gather")
		default:
			b.WriteString("future")
		}
	}
	b.WriteString("]")
	return b.String()
}

// taskOutcome tells how a done task ended, from its repr (asking for its
// exception would mark it retrieved and change what the loop reports).
func taskOutcome(t task.AnyTask) string {
	if t.Cancelled() {
		return t.Name() + " is cancelled"
	}
	s := t.String()
	marker := " coro=<" + t.CoroName() + "() done>"
	i := strings.Index(s, marker)
	if i < 0 {
		// A task that finished in its eager first step has no coro=.
		marker = " name=" + pyfmt.Repr(t.Name())
		if i = strings.Index(s, marker); i < 0 {
			return t.Name() + " is done"
		}
	}
	rest := strings.TrimSuffix(s[i+len(marker):], ">")
	if j := strings.LastIndex(rest, " cb=["); j >= 0 && strings.HasSuffix(rest, "]") {
		rest = rest[:j] // the done callbacks the repr lists last
	}
	switch {
	case strings.HasPrefix(rest, " exception="):
		return t.Name() + " failed: " + shortRepr(rest[len(" exception="):])
	case strings.HasPrefix(rest, " result="):
		return t.Name() + " finished: result " + shortRepr(rest[len(" result="):])
	}
	return t.Name() + " finished"
}
