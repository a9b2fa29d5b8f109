package locks

import (
	"errors"
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestLockFIFO: waiters get the lock in arrival order; release does not
// hand the lock over, and an acquire in that window queues at the end.
func TestLockFIFO(t *testing.T) {
	lkTwin(t, "lock_fifo", func(co *coroutine.Co, p lkPrint) error {
		worker := func(name string, lock *Lock) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				p(name, "wants the lock, locked() =", lock.Locked())
				err := lock.With(co, func() error {
					p(name, "has the lock:", lock)
					if err := lkSleep0(co); err != nil {
						return err
					}
					p(name, "releases")
					return nil
				})
				return err
			}
		}
		lock := &Lock{}
		p("new:", lock)
		if err := lock.Acquire(co); err != nil {
			return err
		}
		p("main took it without waiting:", lock)
		var tasks []*task.Task[struct{}]
		for i := range 3 {
			tasks = append(tasks, lkSpawn(co, worker(fmt.Sprintf("w%d", i), lock)))
		}
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("queued:", lock)
		if err := lock.Release(); err != nil {
			return err
		}
		p("after release:", lock, "locked() =", lock.Locked())
		p("main barges in")
		if err := lock.Acquire(co); err != nil {
			return err
		}
		p("main has it again:", lock)
		if err := lock.Release(); err != nil {
			return err
		}
		if _, err := lkGather(co, tasks...); err != nil {
			return err
		}
		p("end:", lock)
		return nil
	})
}

// TestLockCancel: a woken-then-cancelled waiter passes its turn on;
// cancelled waiters do not block the fast path; releasing an unlocked
// lock is an error.
func TestLockCancel(t *testing.T) {
	lkTwin(t, "lock_cancel", func(co *coroutine.Co, p lkPrint) error {
		waiter := func(name string, lock *Lock) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				if err := lock.Acquire(co); err != nil {
					if task.IsCancelled(err) {
						p(name, "cancelled:", pyfmt.Repr(err), "locked() =", lock.Locked())
					}
					return err
				}
				p(name, "acquired")
				if err := lkSleep0(co); err != nil {
					return err
				}
				if err := lock.Release(); err != nil {
					return err
				}
				p(name, "released")
				return nil
			}
		}
		lock := &Lock{}
		if err := lock.Release(); err != nil {
			p("release unlocked:", pyfmt.Repr(err))
		}

		// 1.
		if err := lock.Acquire(co); err != nil {
			return err
		}
		a := lkSpawn(co, waiter("a", lock))
		b := lkSpawn(co, waiter("b", lock))
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("1:", lock)
		if err := lock.Release(); err != nil {
			return err
		}
		p("a woken, cancel ->", a.Cancel("go away"))
		if _, err := lkGatherRE(co, a, b); err != nil {
			return err
		}
		p("1 done:", lock, a.Cancelled(), b.Done())

		// 2.
		if err := lock.Acquire(co); err != nil {
			return err
		}
		c := lkSpawn(co, waiter("c", lock))
		if err := lkSleep0(co); err != nil {
			return err
		}
		c.Cancel()
		if err := lock.Release(); err != nil {
			return err
		}
		p("2: after release", lock)
		if err := lock.Acquire(co); err != nil {
			return err
		}
		p("2: main acquired at once:", lock)
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("2:", lock, "c cancelled:", c.Cancelled())
		if err := lock.Release(); err != nil {
			return err
		}

		// 3.
		if err := lock.Acquire(co); err != nil {
			return err
		}
		d := lkSpawn(co, waiter("d", lock))
		e := lkSpawn(co, waiter("e", lock))
		if err := lkSleep0(co); err != nil {
			return err
		}
		d.Cancel()
		if err := lkSleep0(co); err != nil {
			return err
		}
		p("3:", lock)
		if err := lock.Release(); err != nil {
			return err
		}
		if _, err := e.Await(co); err != nil {
			return err
		}
		p("3 done:", lock)
		return nil
	})
}

// TestLockReleaseError checks the sentinel and the error type.
func TestLockReleaseError(t *testing.T) {
	var l Lock
	err := l.Release()
	var rt task.RuntimeError
	if !errors.Is(err, ErrLockNotAcquired) || !errors.As(err, &rt) || err.Error() != "Lock is not acquired." {
		t.Fatalf("Release on an unlocked lock = %v", err)
	}
}
