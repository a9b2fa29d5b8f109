// Package looptest is a test kit for code built on goasyncio, in the
// spirit of net/http/httptest: it runs coroutines under a fresh event
// loop, on the virtual clock, from inside a Go test, and fails that test
// with a message naming the task at fault when the code under test leaves
// something behind.
//
// Mirrors: nothing in CPython's asyncio. The closest thing is
// unittest.IsolatedAsyncioTestCase, which runs each test method in a
// fresh asyncio.Runner (in debug mode) and closes it afterwards; closing
// cancels the tasks left over without failing the test, no time can be
// skipped, and no one looks for leaked threads. This package goes
// further: an hour of sleep takes no real time, a task still pending at
// the end of the test fails the test, so does an exception nobody
// retrieved, and so does a goroutine started by the test's loop that is
// still running after the loop closed. Debug mode is off unless asked for
// (WithLoopOptions(loop.WithDebug(true))).
//
// Two entry points:
//
//   - [Run] runs one coroutine to completion in one line and checks
//     everything afterwards: v := looptest.Run(t, myCoroutine()).
//   - [New] returns a [Harness] for tests that drive time by hand: spawn
//     tasks with [Harness.Spawn], let virtual time pass with
//     [Harness.Advance] (timer by timer, as the loop itself would),
//     look at the state in between; the checks run when the test ends
//     (t.Cleanup) or at [Harness.Close].
//
// Each failure message starts with "looptest: ". What the checks report:
//
//   - the main coroutine of Run ended with an error (or the loop
//     deadlocked before it finished: every pending task is listed with
//     what it waits on);
//   - a task was still pending when the loop closed (closing the loop
//     destroys it: CPython's "Task was destroyed but it is pending!");
//   - a task or future finished with an exception nobody retrieved
//     ("Task exception was never retrieved");
//   - anything else reached the loop's exception handler (a panic in a
//     callback, for example);
//   - a goroutine started by the loop (a coroutine's goroutine, or any
//     goroutine started from the test's goroutine or its coroutines)
//     was still running after the loop closed.
//
// The kit works with testify: a require assertion failing inside a
// coroutine ends the goroutine running the loop (runtime.Goexit
// propagates from the coroutine to it), the test stops as it would have
// had the assertion failed in the test function, and the cleanup still
// closes the loop and reclaims every goroutine. It works inside
// testing/synctest bubbles, with either clock, provided the harness is
// created inside the bubble. Tests using it may run in parallel: each has
// its own loop, and the goroutine check only looks at goroutines that
// descend from its own test's goroutine (through pprof goroutine labels,
// which Go 1.27 prints in goroutine tracebacks; with
// GODEBUG=tracebacklabels=0 the check falls back to "new goroutines
// started by goasyncio or by the test", which parallel tests confuse).
package looptest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// The messages the loop passes to its exception handler for the two
// leftovers the harness judges by kind.
const (
	msgDestroyedPending = "Task was destroyed but it is pending!"
	msgTaskNeverRetr    = "Task exception was never retrieved"
	msgFutureNeverRetr  = "Future exception was never retrieved"
)

// Option configures [Run] and [New]; options apply in order.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	allowPending     bool
	allowUnretrieved bool
	realClock        bool
	handler          loop.ExceptionHandler
	loopOpts         []loop.Option
	leakWait         time.Duration
}

// AllowPending lets tasks still pending at the end pass: closing the loop
// reclaims them (their goroutines unwind, running their deferred calls)
// without failing the test. Use it for a test that deliberately leaves a
// server-like task running. Without it, each such task fails the test.
func AllowPending() Option { return optionFunc(func(c *config) { c.allowPending = true }) }

// AllowUnretrieved lets tasks and futures that finished with an
// exception nobody retrieved pass. The reports stay visible through
// [Harness.Reports]. Without it, each one fails the test.
func AllowUnretrieved() Option {
	return optionFunc(func(c *config) { c.allowUnretrieved = true })
}

// RealClock gives the loop the real clock instead of the virtual one:
// timers wait for real time to pass. Inside a testing/synctest bubble
// that time is the bubble's fake time, so even real-clock timers take no
// real time there. [Harness.Advance] and
// [Harness.RunUntilIdle] need the virtual clock and fail the test on a
// real-clock harness.
func RealClock() Option { return optionFunc(func(c *config) { c.realClock = true }) }

// WithExceptionHandler passes every report that reaches the loop's
// exception handler on to h as well (h receives the loop and the report,
// as with loop.WithExceptionHandler). Reports of pending tasks and of
// unretrieved exceptions are still judged by the harness (see
// [AllowPending], [AllowUnretrieved]); every other report (a panic in a
// callback, for example) becomes h's business and no longer fails the
// test by itself. h runs where the loop reports: on the goroutine running
// the loop (or a coroutine of it), or on the goroutine closing it.
func WithExceptionHandler(h loop.ExceptionHandler) Option {
	return optionFunc(func(c *config) { c.handler = h })
}

// WithLoopOptions adds options for the loop (loop.WithDebug,
// loop.WithTracer, loop.WithStderr, ...), applied after the harness's
// own. The harness routes the loop's stderr (debug-mode warnings) to
// t.Log unless one of these options says otherwise. A
// loop.WithExceptionHandler given here
// is replaced by the harness's handler; use [WithExceptionHandler]
// instead. Choose the clock with [RealClock], not with
// loop.WithVirtualClock here.
func WithLoopOptions(opts ...loop.Option) Option {
	return optionFunc(func(c *config) { c.loopOpts = append(c.loopOpts, opts...) })
}

// WithLeakWait sets how long Close waits for goroutines started by the
// loop to exit before reporting them as leaked (500ms by default; the
// wait ends as soon as they are gone).
func WithLeakWait(d time.Duration) Option {
	return optionFunc(func(c *config) { c.leakWait = d })
}

// Harness is a fresh event loop bound to one test: the kit's equivalent
// of an IsolatedAsyncioTestCase's loop. Create it with [New]. Drive it
// from the goroutine that created it (the test's goroutine): the loop
// runs on the goroutine that calls [Harness.Advance],
// [Harness.RunUntilIdle] or [Harness.RunUntilComplete], and a failing
// require inside a coroutine ends that goroutine. Calling a Harness
// method from a coroutine or callback of its own loop is a misuse, which
// fails the test.
type Harness struct {
	t     testing.TB
	cfg   config
	l     *loop.Loop
	scope *leakScope

	mu      sync.Mutex
	reports []task.ExceptionContext

	driving atomic.Bool // a drive call has not returned (yet, or ever)
	aborted atomic.Bool // a drive call never returned: the goroutine unwound
	closed  atomic.Bool
}

// New returns a harness with a fresh loop (on the virtual clock unless
// [RealClock] is given) bound to t, and registers [Harness.Close] with
// t.Cleanup, so the checks run when the test ends. Call it on the
// goroutine that will drive the loop, normally the test's own; inside a
// testing/synctest bubble, call it inside the bubble (with the bubble's
// t). The goroutines that goroutine starts from now until Close count as
// the harness's own for the goroutine check.
func New(t testing.TB, opts ...Option) *Harness {
	t.Helper()
	h := &Harness{t: t, cfg: config{leakWait: 500 * time.Millisecond}}
	for _, o := range opts {
		o.apply(&h.cfg)
	}
	var lopts []loop.Option
	if !h.cfg.realClock {
		lopts = append(lopts, loop.WithVirtualClock())
	}
	lopts = append(lopts, loop.WithStderr(tbWriter{t}))
	lopts = append(lopts, h.cfg.loopOpts...)
	h.scope = openScope()
	h.l = loop.New(lopts...)
	h.l.SetExceptionHandler(h.handle)
	t.Cleanup(h.Close)
	return h
}

// Loop returns the harness's loop, for everything the harness does not
// wrap (CreateFuture, CallSoon, CallLater, Time, ...). Do not close it
// yourself: [Harness.Close] does, after which it runs the checks.
func (h *Harness) Loop() *loop.Loop { return h.l }

// Spawn creates a task running c on the harness's loop (loop.create_task)
// and returns it; it does not run the loop. opts are task options
// (task.WithName names the task in failure messages). If the task cannot
// be created (the harness is closed, c is nil), the test fails at once
// (t.Fatalf).
func (h *Harness) Spawn[T any](c *coroutine.Coroutine[T], opts ...task.TaskOption) *task.Task[T] {
	h.t.Helper()
	tk, err := h.l.CreateTask(c, opts...)
	if err != nil {
		h.t.Fatalf("looptest: Spawn: %v", err)
		return nil
	}
	return tk
}

// Advance lets d of virtual time pass, the way it passes while the loop
// runs by itself: each timer due within d fires at its own deadline (the
// loop's clock reads that deadline, rounded up to the millisecond as the
// loop's own waits are), everything it makes ready runs, and only then
// does time move on to the next timer; at the end, time stands at d later
// and the loop is idle. So a task sleeping a minute in a loop ticks at 60s,
// 120s, 180s under Advance(3 * time.Minute). Advance(0) runs what is
// ready and due without moving time.
//
// It is loop.Advance, and fails the test at once (t.Fatalf) when the loop
// cannot run: a real-clock harness, a closed harness, or a call from
// inside the loop.
func (h *Harness) Advance(d time.Duration) {
	h.t.Helper()
	if err := h.drive(func() error { return h.l.Advance(d) }); err != nil {
		h.t.Fatalf("looptest: Advance(%v): %v", d, err)
	}
}

// RunUntilIdle runs the loop without moving virtual time until nothing is
// ready or due (Advance(0)): a task just spawned takes its first step,
// and whatever that makes ready runs too. It needs the virtual clock and
// fails the test as Advance does.
func (h *Harness) RunUntilIdle() {
	h.t.Helper()
	if err := h.drive(func() error { return h.l.Advance(0) }); err != nil {
		h.t.Fatalf("looptest: RunUntilIdle: %v", err)
	}
}

// RunUntilComplete runs the loop until aw is done and returns its result
// and error (loop.run_until_complete); a coroutine is wrapped in a task
// first. The error is aw's own, or the loop's when it cannot finish: on
// the virtual clock, an error matching loop.ErrDeadlock that lists every
// pending task and what it waits on; or, on a misuse (a closed harness, a
// call from inside the loop), an error saying so. Unlike [Run] it does
// not fail the test by itself: the test decides what the error means.
func (h *Harness) RunUntilComplete[T any](aw task.Awaitable[T]) (T, error) {
	h.t.Helper()
	var res T
	var err error
	derr := h.drive(func() error {
		res, err = h.l.RunUntilComplete(aw)
		return nil
	})
	if derr != nil {
		var zero T
		return zero, derr
	}
	return res, err
}

// drive runs fn, which runs the loop, and remembers whether it returned:
// if the goroutine unwinds instead (runtime.Goexit from a failed require
// in a coroutine, or a panic), Close knows the run was cut short.
func (h *Harness) drive(fn func() error) error {
	if h.closed.Load() {
		return errors.New("the harness is closed")
	}
	if h.l.IsRunning() {
		return errors.New("the loop is already running (called from one of its own coroutines or callbacks?)")
	}
	h.driving.Store(true)
	err := fn()
	h.driving.Store(false)
	return err
}

// Reports returns every report the loop's exception handler has received
// so far, allowed ones included, in order. Call it between runs of the
// loop or after Close (which adds the reports of closing).
func (h *Harness) Reports() []task.ExceptionContext {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]task.ExceptionContext(nil), h.reports...)
}

// handle is the loop's exception handler: it records every report, and
// passes it on to the user's handler, if any.
func (h *Harness) handle(l *loop.Loop, ctx task.ExceptionContext) {
	h.mu.Lock()
	h.reports = append(h.reports, ctx)
	h.mu.Unlock()
	if h.cfg.handler != nil {
		h.cfg.handler(l, ctx)
	}
}

// Close closes the loop and runs the checks, failing the test (t.Errorf)
// once for each task left pending, each exception never retrieved, each
// other exception-handler report, and once for the goroutines of the
// loop still running afterwards. It is registered with t.Cleanup by New
// and may be called earlier; later calls do nothing. Call it from the
// goroutine that created the harness, or from a cleanup, never from a
// coroutine or callback of the loop itself (that fails the test).
//
// If the goroutine driving the loop stopped inside it (a require failing
// in a coroutine, a t.FailNow), the test has already failed for that
// reason: tasks still pending are then expected and only logged.
func (h *Harness) Close() {
	h.t.Helper()
	if h.l.IsRunning() {
		h.t.Errorf("looptest: Close called while the loop is running (from one of its own coroutines or callbacks?)")
		return
	}
	if !h.closed.CompareAndSwap(false, true) {
		return
	}
	if h.driving.Load() {
		h.aborted.Store(true)
	}
	_ = h.l.Close() // reports pending tasks and unretrieved exceptions
	h.scope.close()
	for _, ctx := range h.Reports() {
		h.judge(ctx)
	}
	if leaked := h.scope.leaked(h.cfg.leakWait); len(leaked) > 0 {
		h.t.Errorf("%s", leakMessage(leaked))
	}
}

// judge fails the test for one exception-handler report, or lets it
// pass, according to the options.
func (h *Harness) judge(ctx task.ExceptionContext) {
	h.t.Helper()
	switch ctx.Message {
	case msgDestroyedPending:
		switch {
		case h.cfg.allowPending:
		case h.aborted.Load():
			h.t.Logf("%s", pendingMessage(ctx, true))
		default:
			h.t.Errorf("%s", pendingMessage(ctx, false))
		}
	case msgTaskNeverRetr, msgFutureNeverRetr:
		if !h.cfg.allowUnretrieved {
			h.t.Errorf("%s", unretrievedMessage(ctx))
		}
	default:
		if h.cfg.handler == nil {
			h.t.Errorf("looptest: the loop's exception handler received a report:\n%s",
				strings.TrimRight(loop.FormatExceptionContext(ctx), "\n"))
		}
	}
}

// Run runs c as a task on a fresh loop (on the virtual clock unless
// [RealClock] is given) until it is done, closes the loop, runs the
// checks of [Harness.Close], and returns c's result: asyncio.run for a
// test, with the leftovers turned into failures instead of being
// cancelled. If c ends with an error, or cannot finish (a deadlock on the
// virtual clock: the message lists each pending task and what it waits
// on), the test fails with a message naming c's task and stops
// (t.FailNow) after the checks have run.
//
// Call it from the test's goroutine (or, in a testing/synctest bubble,
// the bubble's), never from a coroutine: the loop runs on the calling
// goroutine.
func Run[T any](t testing.TB, c *coroutine.Coroutine[T], opts ...Option) T {
	t.Helper()
	var zero T
	if c == nil {
		t.Fatalf("looptest: Run: a coroutine was expected, got nil")
		return zero
	}
	h := New(t, opts...)
	tk := h.Spawn(c)
	if tk == nil {
		return zero
	}
	res, err := h.RunUntilComplete(tk)
	if err != nil {
		t.Errorf("%s", mainMessage(tk, err))
		if errors.Is(err, loop.ErrDeadlock) {
			// The deadlock report lists the pending tasks already.
			h.cfg.allowPending = true
		}
	}
	h.Close()
	if err != nil {
		t.FailNow()
		return zero
	}
	return res
}

// mainMessage describes how Run's main task failed.
func mainMessage(tk task.AnyTask, err error) string {
	who := describeTask(tk)
	var dl *loop.DeadlockError
	switch {
	case errors.As(err, &dl):
		return fmt.Sprintf("looptest: %s cannot finish: %s", who, strings.TrimRight(dl.Error(), "\n"))
	case task.IsCancelled(err):
		return fmt.Sprintf("looptest: %s was cancelled: %v", who, err)
	case errors.Is(err, task.ErrStoppedBeforeDone):
		return fmt.Sprintf("looptest: %s did not finish: the loop was stopped first (%v)", who, err)
	}
	return fmt.Sprintf("looptest: %s returned an error: %v", who, err)
}

// describeTask names a task and the coroutine it runs.
func describeTask(tk task.AnyTask) string {
	return fmt.Sprintf("task %s (coroutine %s)", tk.Name(), tk.CoroName())
}

// pendingMessage describes a task destroyed while pending.
func pendingMessage(ctx task.ExceptionContext, aborted bool) string {
	if ctx.Task == nil {
		return "looptest: " + ctx.Message
	}
	var b strings.Builder
	b.WriteString("looptest: ")
	b.WriteString(describeTask(ctx.Task))
	if aborted {
		b.WriteString(" was still pending when the test stopped inside the loop; closing the loop reclaimed it")
	} else {
		b.WriteString(" was still pending when the loop closed (" + msgDestroyedPending + ")")
	}
	if w := ctx.Task.WaitingOn(); w != nil {
		b.WriteString("; it waits on ")
		b.WriteString(w.String())
	} else {
		b.WriteString("; it was ready to run")
	}
	if !aborted {
		b.WriteString("\n  await or cancel it before the test ends, or pass looptest.AllowPending()")
	}
	return b.String()
}

// unretrievedMessage describes an exception nobody retrieved.
func unretrievedMessage(ctx task.ExceptionContext) string {
	var who string
	switch f := ctx.Future.(type) {
	case task.AnyTask:
		who = describeTask(f)
	case nil:
		who = "a future"
	default:
		who = "future " + f.String()
	}
	return fmt.Sprintf("looptest: %s failed and nobody retrieved its error (%s): %v\n"+
		"  await it, call its Result or Exception, or pass looptest.AllowUnretrieved()",
		who, ctx.Message, ctx.Exception)
}

// tbWriter sends what the loop writes to its stderr to the test log.
type tbWriter struct{ t testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = tbWriter{}
