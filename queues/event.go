package queues

import (
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/task"
)

// event is the part of asyncio.Event that a queue uses for Join (its
// _finished attribute): a flag, the futures of the tasks waiting for it,
// and the loop binding of _LoopBoundMixin. It is private to this package
// so that queues do not depend on a separate locks package.
type event struct {
	value   bool
	waiters []*task.Future[bool]
	loop    task.EventLoop
}

// set raises the flag and sets the result of every waiter not done yet,
// in the order they started waiting (Event.set). It returns the error of
// the first SetResult that fails, which happens only on a closed loop;
// like CPython it stops there.
func (e *event) set() error {
	if e.value {
		return nil
	}
	e.value = true
	for _, f := range e.waiters {
		if !f.Done() {
			if err := f.SetResult(true); err != nil {
				return err
			}
		}
	}
	return nil
}

// clear lowers the flag; tasks already woken stay woken (Event.clear).
func (e *event) clear() { e.value = false }

// wait returns at once if the flag is up; otherwise it waits on a new
// future until set wakes it (Event.wait). The future leaves the list of
// waiters however the wait ends.
func (e *event) wait(co *coroutine.Co) error {
	if e.value {
		return nil
	}
	l, err := e.getLoop(co)
	if err != nil {
		return err
	}
	f := task.NewFuture[bool](l)
	e.waiters = append(e.waiters, f)
	defer e.remove(f)
	_, err = f.Await(co)
	return err
}

func (e *event) remove(f *task.Future[bool]) {
	for i, x := range e.waiters {
		if x == f {
			copy(e.waiters[i:], e.waiters[i+1:])
			e.waiters[len(e.waiters)-1] = nil
			e.waiters = e.waiters[:len(e.waiters)-1]
			return
		}
	}
}

// getLoop is _LoopBoundMixin._get_loop for the event.
func (e *event) getLoop(co *coroutine.Co) (task.EventLoop, error) {
	l, err := task.GetRunningLoop(co)
	if err != nil {
		return nil, err
	}
	if e.loop == nil {
		e.loop = l
	}
	if l != e.loop {
		return nil, task.RuntimeError(e.repr() + " is bound to a different event loop")
	}
	return l, nil
}

// repr is the repr of an asyncio.Event, which is what CPython names in the
// loop-binding error of Queue.join.
func (e *event) repr() string {
	extra := "unset"
	if e.value {
		extra = "set"
	}
	if len(e.waiters) > 0 {
		extra = fmt.Sprintf("%s, waiters:%d", extra, len(e.waiters))
	}
	return fmt.Sprintf("<asyncio.locks.Event object at %p [%s]>", e, extra)
}
