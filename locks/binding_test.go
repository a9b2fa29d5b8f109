package locks

import (
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestLoopBinding: primitives bind to a loop only when a coroutine has to
// wait on them; waiting from another loop returns CPython's RuntimeError.
func TestLoopBinding(t *testing.T) {
	var out strings.Builder
	p := func(args ...any) { _, _ = pyfmt.Fprintln(&out, args...) }
	lock := &Lock{}
	ev := &Event{}
	cond := NewCondition(nil)
	sem, _ := NewSemaphore(1)
	barrier, _ := NewBarrier(2)
	nothing := func() error { return nil }

	uncontended := func(co *coroutine.Co) error {
		if err := lock.With(co, nothing); err != nil {
			return err
		}
		ev.Set()
		if err := ev.Wait(co); err != nil {
			return err
		}
		ev.Clear()
		if err := sem.With(co, nothing); err != nil {
			return err
		}
		if err := cond.With(co, cond.NotifyAll); err != nil {
			return err
		}
		p("uncontended use binds nothing")
		return nil
	}
	contended := func(co *coroutine.Co) error {
		holder := func(with func(*coroutine.Co, func() error) error) *coroutine.Coroutine[struct{}] {
			return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
				return struct{}{}, with(co, func() error { return lkSleep0(co) })
			})
		}
		if _, err := task.Gather(co, holder(lock.With), holder(lock.With), holder(sem.With), holder(sem.With)).Await(co); err != nil {
			return err
		}
		w := lkSpawn(co, ev.Wait)
		if err := lkSleep0(co); err != nil {
			return err
		}
		ev.Set()
		if _, err := w.Await(co); err != nil {
			return err
		}
		ev.Clear()
		w = lkSpawn(co, func(co *coroutine.Co) error {
			return cond.With(co, func() error { return cond.Wait(co) })
		})
		if err := lkSleep0(co); err != nil {
			return err
		}
		if err := cond.With(co, func() error { return cond.Notify(1) }); err != nil {
			return err
		}
		if _, err := w.Await(co); err != nil {
			return err
		}
		bw := func() *coroutine.Coroutine[int] { return coroutine.New(barrier.Wait) }
		if _, err := task.Gather(co, bw(), bw()).Await(co); err != nil {
			return err
		}
		p("contended use binds them to this loop")
		return nil
	}
	otherLoop := func(co *coroutine.Co) error {
		if err := lock.With(co, func() error {
			p("uncontended lock on another loop: fine")
			return nil
		}); err != nil {
			return err
		}
		if err := lock.Acquire(co); err != nil {
			return err
		}
		if err := lock.Acquire(co); err != nil {
			p("lock:", pyfmt.Repr(err))
		}
		if err := lock.Release(); err != nil {
			return err
		}
		if err := ev.Wait(co); err != nil {
			p("event:", pyfmt.Repr(err))
		}
		if err := cond.With(co, func() error {
			if err := cond.Wait(co); err != nil {
				p("condition:", pyfmt.Repr(err), "locked() =", cond.Locked())
			}
			return nil
		}); err != nil {
			return err
		}
		if err := sem.Acquire(co); err != nil {
			return err
		}
		if err := sem.Acquire(co); err != nil {
			p("semaphore:", pyfmt.Repr(err))
		}
		if err := sem.Release(); err != nil {
			return err
		}
		if _, err := barrier.Wait(co); err != nil {
			p("barrier:", pyfmt.Repr(err))
		}
		return nil
	}
	for _, main := range []func(*coroutine.Co) error{uncontended, uncontended, contended, otherLoop} {
		_, err := loop.Run(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
			return struct{}{}, main(co)
		}), loop.WithVirtualClock())
		if err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
	}
	difftest.Compare(t, out.String(), "testdata/binding.py")
}

// TestNoRunningLoop: a coroutine not run by a task has no running loop;
// a wait returns task.ErrNoRunningLoop and binds nothing.
func TestNoRunningLoop(t *testing.T) {
	var l Lock
	l.locked = true
	var err error
	c := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		err = l.Acquire(co)
		return struct{}{}, nil
	})
	if _, done := c.Send(); !done {
		t.Fatal("the coroutine should not have suspended")
	}
	if err != task.ErrNoRunningLoop || l.loop != nil || l.waiters.len() != 0 {
		t.Fatalf("Acquire = %v, bound to %v, %d waiters", err, l.loop, l.waiters.len())
	}
}
