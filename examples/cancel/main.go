// Command cancel shows how asyncio cancels a task: Task.cancel is only a
// request, delivered as a CancelledError at the point where the task is
// suspended, which the coroutine may let through or swallow.
//
// What decides each line:
//
//  1. sleeper is suspended in sleep(3600), that is, awaiting a future.
//     t.cancel(msg) counts the request (cancelling() becomes 1) and cancels
//     that future with the message; the task itself is not cancelled yet
//     (cancelled() is False). The second cancel() still returns True and
//     counts (cancelling() = 2), but the future is already cancelled, so
//     its message only sets a pending cancel that the first message
//     overrides: sleeper wakes up in the next iteration with
//     CancelledError('stop sleeping'). It re-raises it, the task ends
//     cancelled, and its first awaiter, main, receives that very error,
//     message included. cancel() on a task that is done returns False.
//  2. stubborn catches the CancelledError and returns normally. A task
//     ends cancelled only if the error escapes its coroutine, so this one
//     finishes with 42 and cancelled() is False. uncancel() withdrew the
//     request, so cancelling() is back to 0.
//  3. A task cancelled before its first step gets the CancelledError
//     thrown into a coroutine that has not started: its body never runs.
//  4. Since Python 3.13, uncancel() bringing the count back to 0 also
//     withdraws a cancellation that has not been delivered yet, so a task
//     cancelled and uncancelled before its first step runs normally.
package main

import (
	"fmt"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// sleeper is async def sleeper().
func sleeper() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		t := task.CurrentTask(co)                          // task = asyncio.current_task()
		fmt.Println("sleeper: going to sleep for an hour") // print("sleeper: going to sleep for an hour")
		if err := task.Sleep(co, time.Hour); err != nil {  // try: await asyncio.sleep(3600)
			if task.IsCancelled(err) { // except asyncio.CancelledError as e:
				// print("sleeper: caught", repr(e), "cancelling() =", task.cancelling())
				pyfmt.Println("sleeper: caught", pyfmt.Repr(err), "cancelling() =", t.Cancelling())
			}
			return nil, err // raise
		}
		fmt.Println("sleeper: never printed") // print("sleeper: never printed")
		return nil, nil
	})
}

// stubborn is async def stubborn().
func stubborn() *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		t := task.CurrentTask(co)                         // task = asyncio.current_task()
		if err := task.Sleep(co, time.Hour); err != nil { // try: await asyncio.sleep(3600)
			if !task.IsCancelled(err) { // except asyncio.CancelledError as e:
				return 0, err
			}
			// print("stubborn: caught", repr(e), "cancelling() =", task.cancelling())
			pyfmt.Println("stubborn: caught", pyfmt.Repr(err), "cancelling() =", t.Cancelling())
			// print("stubborn: uncancel() ->", task.uncancel())
			pyfmt.Println("stubborn: uncancel() ->", t.Uncancel())
		}
		return 42, nil // return 42
	})
}

// neverRuns is async def never_runs().
func neverRuns() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		fmt.Println("never_runs: never printed") // print("never_runs: never printed")
		return nil, nil
	})
}

// runsAnyway is async def runs_anyway().
func runsAnyway() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		fmt.Println("runs_anyway: running normally") // print("runs_anyway: running normally")
		return "ok", nil                             // return "ok"
	})
}

// asyncMain is async def main().
func asyncMain() *coroutine.Coroutine[any] {
	return coroutine.New(func(co *coroutine.Co) (any, error) {
		// 1. Cancel a task while it sleeps; the message reaches it and its awaiter.
		t, err := task.CreateTask(co, sleeper()) // t = asyncio.create_task(sleeper())
		if err != nil {
			return nil, err
		}
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return nil, err
		}
		// print("main: cancel() ->", t.cancel("stop sleeping"))
		pyfmt.Println("main: cancel() ->", t.Cancel("stop sleeping"))
		// print("main: cancel() ->", t.cancel("ignored second message"))
		pyfmt.Println("main: cancel() ->", t.Cancel("ignored second message"))
		// print("main: cancelling() =", t.cancelling(), "cancelled() =", t.cancelled())
		pyfmt.Println("main: cancelling() =", t.Cancelling(), "cancelled() =", t.Cancelled())
		if _, err := t.Await(co); err != nil { // try: await t
			if !task.IsCancelled(err) { // except asyncio.CancelledError as e:
				return nil, err
			}
			// print("main: awaiting sleeper raised", repr(e))
			pyfmt.Println("main: awaiting sleeper raised", pyfmt.Repr(err))
		}
		// print("main: cancelled() =", t.cancelled(), "cancel() ->", t.cancel())
		pyfmt.Println("main: cancelled() =", t.Cancelled(), "cancel() ->", t.Cancel())

		// 2. A task that swallows its cancellation and returns a value.
		s, err := task.CreateTask(co, stubborn()) // s = asyncio.create_task(stubborn())
		if err != nil {
			return nil, err
		}
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return nil, err
		}
		// print("main: cancel() ->", s.cancel("please stop"))
		pyfmt.Println("main: cancel() ->", s.Cancel("please stop"))
		result, err := s.Await(co) // result = await s
		if err != nil {
			return nil, err
		}
		// print("main: stubborn returned", result, "cancelled() =", s.cancelled(), "cancelling() =", s.cancelling())
		pyfmt.Println("main: stubborn returned", result, "cancelled() =", s.Cancelled(), "cancelling() =", s.Cancelling())

		// 3. Cancelled before its first step: the body never runs.
		n, err := task.CreateTask(co, neverRuns()) // n = asyncio.create_task(never_runs())
		if err != nil {
			return nil, err
		}
		n.Cancel("too early")                  // n.cancel("too early")
		if _, err := n.Await(co); err != nil { // try: await n
			if !task.IsCancelled(err) { // except asyncio.CancelledError as e:
				return nil, err
			}
			// print("main: never_runs raised", repr(e), "cancelled() =", n.cancelled())
			pyfmt.Println("main: never_runs raised", pyfmt.Repr(err), "cancelled() =", n.Cancelled())
		}

		// 4. A cancel withdrawn with uncancel() before the first step (3.13).
		r, err := task.CreateTask(co, runsAnyway()) // r = asyncio.create_task(runs_anyway())
		if err != nil {
			return nil, err
		}
		// print("main: cancel() ->", r.cancel(), "uncancel() ->", r.uncancel())
		pyfmt.Println("main: cancel() ->", r.Cancel(), "uncancel() ->", r.Uncancel())
		v, err := r.Await(co) // await r
		if err != nil {
			return nil, err
		}
		// print("main: runs_anyway returned", repr(await r), "cancelled() =", r.cancelled())
		pyfmt.Println("main: runs_anyway returned", pyfmt.Repr(v), "cancelled() =", r.Cancelled())
		return nil, nil
	})
}

func main() {
	// autotrace: -trace or GOASYNCIO_TRACE=1 narrates the loop on stderr.
	if _, err := loop.Run(asyncMain(), autotrace.Options()...); err != nil { // asyncio.run(main())
		panic(err)
	}
}
