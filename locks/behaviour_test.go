package locks

import (
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// lkRunGo runs main on a fresh virtual-clock loop and returns its error.
func lkRunGo(main func(co *coroutine.Co) error) error {
	_, err := loop.Run(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		return struct{}{}, main(co)
	}), loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	return err
}

// TestWithReleases: With releases on a body error and on a panic, and
// does not run the body when Acquire fails.
func TestWithReleases(t *testing.T) {
	var l Lock
	bodyErr := errors.New("body failed")
	err := lkRunGo(func(co *coroutine.Co) error {
		if err := l.With(co, func() error { return bodyErr }); err != bodyErr {
			t.Errorf("With returned %v, want the body's error", err)
		}
		if l.Locked() {
			t.Error("lock still held after a failing body")
		}
		pt := lkSpawn(co, func(co *coroutine.Co) error {
			return l.With(co, func() error { panic("boom") })
		})
		_, err := pt.Await(co)
		var pe *coroutine.PanicError
		if !errors.As(err, &pe) {
			t.Errorf("panicking body: task error %v, want a *coroutine.PanicError", err)
		}
		if l.Locked() {
			t.Error("lock still held after a panicking body")
		}
		// Acquire cancelled: the body does not run, the lock stays with
		// its holder.
		if err := l.Acquire(co); err != nil {
			return err
		}
		ran := false
		w := lkSpawn(co, func(co *coroutine.Co) error {
			return l.With(co, func() error { ran = true; return nil })
		})
		if err := lkSleep0(co); err != nil {
			return err
		}
		w.Cancel()
		if _, err := w.Await(co); !task.IsCancelled(err) {
			t.Errorf("cancelled With: %v", err)
		}
		if ran || !l.Locked() {
			t.Errorf("ran=%v locked=%v after a cancelled With", ran, l.Locked())
		}
		return l.Release()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCloseUnwindsWaiters: tasks still waiting when their loop is closed
// are unwound, and their waiter entries go away with them.
func TestCloseUnwindsWaiters(t *testing.T) {
	var l Lock
	var ev Event
	sem, _ := NewSemaphore(0)
	cond := NewCondition(nil)
	lp := loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	_, err := lp.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		if err := l.Acquire(co); err != nil {
			return struct{}{}, err
		}
		lkSpawn(co, l.Acquire)
		lkSpawn(co, ev.Wait)
		lkSpawn(co, sem.Acquire)
		lkSpawn(co, func(co *coroutine.Co) error {
			if err := cond.Acquire(co); err != nil {
				return err
			}
			return cond.Wait(co)
		})
		return struct{}{}, lkSleep0(co)
	}))
	if err != nil {
		t.Fatal(err)
	}
	if l.waiters.len() != 1 || ev.waiters.len() != 1 || sem.waiters.len() != 1 || cond.waiters.len() != 1 {
		t.Fatalf("waiters before close: %d %d %d %d", l.waiters.len(), ev.waiters.len(), sem.waiters.len(), cond.waiters.len())
	}
	if err := lp.Close(); err != nil {
		t.Fatal(err)
	}
	if l.waiters.len() != 0 || ev.waiters.len() != 0 || sem.waiters.len() != 0 || cond.waiters.len() != 0 {
		t.Fatalf("waiters after close: %d %d %d %d", l.waiters.len(), ev.waiters.len(), sem.waiters.len(), cond.waiters.len())
	}
}

// TestLockStress: many tasks contend for a lock and a semaphore while a
// seeded random subset is cancelled at random moments. Mutual exclusion
// (at most value holders) must hold, every task that is not cancelled
// must get in, and nothing may be left waiting.
func TestLockStress(t *testing.T) {
	totalCancelled := 0
	defer func() {
		if totalCancelled == 0 {
			t.Error("no task ended cancelled: the test exercises nothing")
		}
	}()
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 42))
		const n = 60
		limit := 1 + int(seed%3)
		var lock Lock
		sem, _ := NewSemaphore(limit)
		holders, semHolders, entered := 0, 0, 0
		err := lkRunGo(func(co *coroutine.Co) error {
			var ts []*task.Task[struct{}]
			for range n {
				hold := rng.IntN(3)
				ts = append(ts, lkSpawn(co, func(co *coroutine.Co) error {
					err := sem.With(co, func() error {
						semHolders++
						if semHolders > limit {
							t.Errorf("seed %d: %d semaphore holders, limit %d", seed, semHolders, limit)
						}
						defer func() { semHolders-- }()
						return lock.With(co, func() error {
							holders++
							if holders > 1 {
								t.Errorf("seed %d: %d lock holders", seed, holders)
							}
							defer func() { holders-- }()
							entered++
							for range hold {
								if err := lkSleep0(co); err != nil {
									return err
								}
							}
							return nil
						})
					})
					return err
				}))
			}
			cancelled := map[int]bool{}
			for range 40 {
				if err := lkSleep0(co); err != nil {
					return err
				}
				if k := rng.IntN(n); rng.IntN(2) == 0 && !ts[k].Done() {
					ts[k].Cancel()
					cancelled[k] = true
				}
			}
			res, err := lkGatherRE(co, ts...)
			if err != nil {
				return err
			}
			ok := 0
			for k, r := range res {
				switch {
				case r.Err == nil:
					ok++
				case task.IsCancelled(r.Err) && cancelled[k]:
				default:
					t.Errorf("seed %d: task %d ended with %v", seed, k, r.Err)
				}
			}
			t.Logf("seed %d: limit %d, %d cancel requests, %d finished, %d entered", seed, limit, len(cancelled), ok, entered)
			totalCancelled += n - ok
			if entered < ok {
				t.Errorf("seed %d: %d tasks finished but only %d entered", seed, ok, entered)
			}
			if lock.Locked() || lock.waiters.len() != 0 || sem.value != limit || sem.waiters.len() != 0 {
				t.Errorf("seed %d: left %v / %v", seed, &lock, sem)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}
