package locks

import (
	"errors"
	"fmt"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// TestBarrier: arrival indexes, the last arriver first then the others in
// arrival order, reuse, a new round waiting for the previous one to
// drain, With, Abort and Reset, a cancelled party, misuse.
func TestBarrier(t *testing.T) {
	lkTwin(t, "barrier", func(co *coroutine.Co, p lkPrint) error {
		party := func(name string, b *Barrier, rounds int) func(co *coroutine.Co) error {
			return func(co *coroutine.Co) error {
				for rnd := range rounds {
					p(name, "arrives, n_waiting =", b.NWaiting())
					i, err := b.Wait(co)
					if err != nil {
						var rt task.RuntimeError
						if errors.Is(err, ErrBrokenBarrier) {
							p(name, "broken:", pyfmt.Repr(err), errors.As(err, &rt))
							return nil
						}
						return err
					}
					p(name, "passes round", rnd, "with index", i, b)
				}
				return nil
			}
		}
		sleep0 := func() error { return lkSleep0(co) }
		for _, n := range []int{0, -1} {
			if _, err := NewBarrier(n); err != nil {
				p(fmt.Sprintf("Barrier(%d):", n), pyfmt.Repr(err))
			}
		}

		b, err := NewBarrier(3)
		if err != nil {
			return err
		}
		p("new:", b, b.Parties(), b.NWaiting(), b.Broken())
		var ts []*task.Task[struct{}]
		for i := range 3 {
			ts = append(ts, lkSpawn(co, party(fmt.Sprintf("p%d", i), b, 2)))
		}
		if err := sleep0(); err != nil {
			return err
		}
		p("after first arrivals:", b)
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("two rounds:", b)

		b, _ = NewBarrier(2)
		fast := lkSpawn(co, func(co *coroutine.Co) error {
			for rnd := range 2 {
				i, err := b.Wait(co)
				if err != nil {
					return err
				}
				p("fast round", rnd, "index", i, b)
			}
			return nil
		})
		slow := lkSpawn(co, func(co *coroutine.Co) error {
			for rnd := range 2 {
				i, err := b.Wait(co)
				if err != nil {
					return err
				}
				p("slow round", rnd, "index", i, b)
				if err := lkSleep0(co); err != nil {
					return err
				}
			}
			return nil
		})
		if _, err := lkGather(co, fast, slow); err != nil {
			return err
		}
		p("drained:", b)

		b, _ = NewBarrier(2)
		withUser := func(name string) *coroutine.Coroutine[struct{}] {
			return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
				return struct{}{}, b.With(co, func(i int) error {
					p(name, "in async with, index", i)
					return nil
				})
			})
		}
		if _, err := task.Gather(co, withUser("x"), withUser("y")).Await(co); err != nil {
			return err
		}

		b, _ = NewBarrier(3)
		ts = nil
		for i := range 2 {
			ts = append(ts, lkSpawn(co, party(fmt.Sprintf("a%d", i), b, 1)))
		}
		if err := sleep0(); err != nil {
			return err
		}
		p("before abort:", b)
		if err := b.Abort(co); err != nil {
			return err
		}
		p("aborted:", b, b.Broken(), b.NWaiting())
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		if err := party("late", b, 1)(co); err != nil {
			return err
		}
		if err := b.Reset(co); err != nil {
			return err
		}
		p("reset after abort:", b, b.Broken())

		ts = nil
		for i := range 2 {
			ts = append(ts, lkSpawn(co, party(fmt.Sprintf("r%d", i), b, 1)))
		}
		if err := sleep0(); err != nil {
			return err
		}
		if err := b.Reset(co); err != nil {
			return err
		}
		p("resetting:", b)
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("after reset:", b)
		ts = nil
		for i := range 3 {
			ts = append(ts, lkSpawn(co, party(fmt.Sprintf("s%d", i), b, 1)))
		}
		if _, err := lkGather(co, ts...); err != nil {
			return err
		}
		p("reused:", b)

		b, _ = NewBarrier(2)
		c := lkSpawn(co, party("c", b, 1))
		if err := sleep0(); err != nil {
			return err
		}
		p("c waiting:", b)
		c.Cancel()
		if _, err := lkGatherRE(co, c); err != nil {
			return err
		}
		p("c cancelled:", c.Cancelled(), b)
		return nil
	})
}

// TestBrokenBarrierError checks errors.Is / errors.As and the reprs.
func TestBrokenBarrierError(t *testing.T) {
	err := error(BrokenBarrierError("Barrier aborted"))
	var rt task.RuntimeError
	if !errors.Is(err, ErrBrokenBarrier) || !errors.As(err, &rt) || string(rt) != "Barrier aborted" {
		t.Fatalf("errors.Is/As on %v failed (rt=%q)", err, rt)
	}
	if got := pyfmt.Repr(err); got != "BrokenBarrierError('Barrier aborted')" {
		t.Fatalf("repr = %s", got)
	}
	if got := pyfmt.Str(err); got != "Barrier aborted" {
		t.Fatalf("str = %s", got)
	}
	if errors.Is(task.RuntimeError("Barrier aborted"), ErrBrokenBarrier) {
		t.Fatal("a plain RuntimeError must not match ErrBrokenBarrier")
	}
}
