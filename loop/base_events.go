// Package loop is the event loop: Python's base_events.py (the concrete
// loop and _run_once), the loop half of events.py (get/set event loop) and
// runners.py (asyncio.run).
//
// One goroutine runs a loop at a time: the one that called RunForever,
// RunUntilComplete or Run. Everything the loop runs (callbacks, task
// steps) runs while that goroutine waits, so exactly one piece of code
// runs at any moment, as in asyncio. Loop methods must be called on that
// goroutine (from callbacks and coroutines of the loop), or on the owning
// goroutine while the loop is not running; CallSoonThreadsafe, IsRunning,
// IsClosed and Time may be called from anywhere.
package loop

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/events"
	"github.com/goasyncio/goasyncio/internal/heapq"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/narrate"
)

// Purging cancelled timers follows CPython's thresholds: the heap is
// rebuilt without them once it holds more than minScheduledTimerHandles
// timers of which more than minCancelledTimerHandlesFraction are
// cancelled.
const (
	minScheduledTimerHandles         = 100
	minCancelledTimerHandlesFraction = 0.5
	maximumSelectTimeout             = 24 * 3600 // seconds
	clockResolution                  = 1e-9
	slowCallbackDuration             = 0.1 // seconds, debug mode
	maxPooledHandles                 = 4096
	maxParkedGoroutines              = 256
)

// Loop is an event loop: asyncio's BaseEventLoop. Create one with [New];
// run it with RunForever, RunUntilComplete or [Run]; Close it when done,
// which reclaims the goroutines of tasks still pending.
type Loop struct {
	ready               readyQueue
	scheduled           []*task.TimerHandle // a heap in CPython's heapq order
	timerCancelledCount int
	stopping            bool
	closed              atomic.Bool
	running             atomic.Bool
	goid                atomic.Int64 // goroutine running the loop (debug mode)
	untrack             func()       // ends coroutine tracking (debug mode)
	iteration           uint64

	clk     clock
	virtual *virtualClock // non-nil with WithVirtualClock
	debug   bool

	excHandler ExceptionHandler
	stderr     io.Writer

	tasks task.LoopState
	pool  []*task.Handle // recycled handles of CallSoonArg

	// Work from other goroutines (CallSoonThreadsafe) waits here until the
	// loop's next "select", where it joins the ready queue.
	tsMu      sync.Mutex
	tsQueue   []*task.Handle
	tsPending atomic.Bool
	wake      chan struct{}
	keepAlive atomic.Int64
	timer     *time.Timer

	stopCb func(task.AnyFuture)

	externalGrace time.Duration
	tracer        task.Tracer

	stuckThreshold time.Duration
	wd             watch
	stderrMu       sync.Mutex

	defaultExecutor        Executor
	executorShutdownCalled bool
	execBase               context.Context
	execCancel             context.CancelFunc
}

var _ task.EventLoop = (*Loop)(nil)

// Option configures a new loop.
type Option interface{ apply(*Loop) }

type optionFunc func(*Loop)

func (f optionFunc) apply(l *Loop) { f(l) }

// WithVirtualClock makes the loop keep virtual time: time starts at 0 and,
// whenever nothing is ready, jumps to the next timer instead of waiting
// for it. A program that sleeps for an hour finishes at once, and every
// run schedules the same way. A run that can make no progress at all
// (nothing ready, no timer, no work outstanding outside the loop) returns
// ErrDeadlock instead of hanging.
func WithVirtualClock() Option {
	return optionFunc(func(l *Loop) {
		l.virtual = &virtualClock{}
		l.clk = l.virtual
	})
}

// WithExternalWait sets how long, in real time, a virtual-clock loop with
// nothing ready waits for outstanding outside work (executor jobs, see
// KeepAlive) before moving virtual time on to its next timer (100ms by
// default). Outside work that calls back within it takes no virtual time.
func WithExternalWait(d time.Duration) Option {
	return optionFunc(func(l *Loop) { l.externalGrace = d })
}

// WithTracer installs a tracer that receives every event of the loop
// (iterations, handles, task steps, futures, timers); see task.Tracer.
// Without one, tracing costs a nil check at each place that could report.
func WithTracer(t task.Tracer) Option {
	return optionFunc(func(l *Loop) { l.tracer = t })
}

// WithHandoff chooses how task coroutines pass control to and from the
// loop: coroutine.HandoffChannel (an unbuffered channel, the default) or
// coroutine.HandoffPull (the runtime's coroutine switch behind iter.Pull,
// several times faster per step). The environment variable
// GOASYNCIO_HANDOFF=pull makes HandoffPull the default of every new loop.
func WithHandoff(h coroutine.Handoff) Option {
	return optionFunc(func(l *Loop) { l.tasks.Handoff = h })
}

// WithDebug turns debug mode on or off (loop.set_debug).
func WithDebug(on bool) Option { return optionFunc(func(l *Loop) { l.debug = on }) }

// WithStderr sets where the default exception handler and debug warnings
// write (os.Stderr by default).
func WithStderr(w io.Writer) Option { return optionFunc(func(l *Loop) { l.stderr = w }) }

// WithExceptionHandler sets the exception handler (set_exception_handler).
func WithExceptionHandler(h ExceptionHandler) Option {
	return optionFunc(func(l *Loop) { l.excHandler = h })
}

// New returns a new event loop (asyncio.new_event_loop). Debug mode starts
// on when the environment variable GOASYNCIODEBUG is set to a non-empty
// value other than "0" (Python's PYTHONASYNCIODEBUG).
func New(opts ...Option) *Loop {
	l := &Loop{
		clk:            &realClock{start: time.Now()},
		stderr:         os.Stderr,
		wake:           make(chan struct{}, 1),
		externalGrace:  100 * time.Millisecond,
		stuckThreshold: time.Second,
	}
	if v := os.Getenv("GOASYNCIODEBUG"); v != "" && v != "0" {
		l.debug = true
	}
	if os.Getenv("GOASYNCIO_HANDOFF") == "pull" {
		l.tasks.Handoff = coroutine.HandoffPull
	}
	for _, o := range opts {
		o.apply(l)
	}
	l.stopCb = l.stopOnDone
	l.tasks.Workers = coroutine.NewWorkers(maxParkedGoroutines)
	if l.tracer == nil {
		if v := os.Getenv("GOASYNCIO_TRACE"); v != "" && v != "0" {
			l.tracer = narrate.New(l.stderr, narrate.ForLoop(l))
		}
	}
	if l.tracer != nil {
		l.tasks.SetTracer(l.tracer, l.peekTime)
	}
	if l.debug {
		l.untrack = coroutine.EnableTracking()
		l.tasks.Watch = true
	}
	return l
}

// NewEventLoop is New under asyncio's name.
func NewEventLoop(opts ...Option) *Loop { return New(opts...) }

// Tasks returns the loop's task bookkeeping for package task.
func (l *Loop) Tasks() *task.LoopState { return &l.tasks }

// Time returns the loop's time in seconds (loop.time()): monotonic time
// since the loop was created, or virtual time.
func (l *Loop) Time() float64 { return l.clk.now() }

// peekTime reads the loop time without moving a virtual clock on.
func (l *Loop) peekTime() float64 {
	if l.virtual != nil {
		return l.virtual.peek()
	}
	return l.clk.now()
}

// SetTracer installs t (nil removes it); see WithTracer.
func (l *Loop) SetTracer(t task.Tracer) {
	l.tracer = t
	l.tasks.SetTracer(t, l.peekTime)
}

// IsRunning reports whether the loop is running (is_running()).
func (l *Loop) IsRunning() bool { return l.running.Load() }

// IsClosed reports whether the loop was closed (is_closed()).
func (l *Loop) IsClosed() bool { return l.closed.Load() }

// GetDebug reports whether debug mode is on (get_debug()).
func (l *Loop) GetDebug() bool { return l.debug }

// SetDebug turns debug mode on or off (set_debug()). Debug mode reports
// callbacks and task steps slower than 100ms, records where tasks were
// created for error reports, refuses loop-only calls from other
// goroutines, and reports coroutines never awaited when the loop closes.
func (l *Loop) SetDebug(on bool) {
	l.debug = on
	switch {
	case on && l.untrack == nil:
		l.untrack = coroutine.EnableTracking()
	case !on && l.untrack != nil:
		l.untrack()
		l.untrack = nil
	}
	l.tasks.Watch = on
}

// Iteration returns how many iterations (_run_once calls) the loop has run.
func (l *Loop) Iteration() uint64 { return l.iteration }

// CallSoon queues fn to run in a later iteration, after everything already
// queued (call_soon). On a closed loop it returns ErrLoopClosed.
func (l *Loop) CallSoon(fn func()) (*task.Handle, error) {
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	if fn == nil {
		panic("loop: CallSoon with a nil function")
	}
	if l.debug {
		if err := l.checkThread(); err != nil {
			return nil, err
		}
	}
	h := events.NewHandle(fn)
	l.ready.push(h)
	return h, nil
}

// CallSoonArg queues fn(arg) without returning a handle, so the handle
// can be recycled once it has run. Package task uses it for future
// callbacks and task steps.
func (l *Loop) CallSoonArg(fn func(any), arg any, name func() string, src uintptr) error {
	if l.closed.Load() {
		return task.ErrLoopClosed
	}
	if l.debug {
		if err := l.checkThread(); err != nil {
			return err
		}
	}
	if len(l.pool) == 0 {
		l.refillPool()
	}
	n := len(l.pool)
	h := l.pool[n-1]
	l.pool[n-1] = nil
	l.pool = l.pool[:n-1]
	h.Set(fn, arg, name)
	h.SetSource(src)
	l.ready.push(h)
	return nil
}

// CallSoonHandle queues h, which the caller owns and may queue again once
// it has run (package task queues each task's step this way).
func (l *Loop) CallSoonHandle(h *task.Handle) error {
	if l.closed.Load() {
		return task.ErrLoopClosed
	}
	if l.debug {
		if err := l.checkThread(); err != nil {
			return err
		}
	}
	l.ready.push(h)
	return nil
}

// CallLater schedules fn for Time()+delay (call_later). A zero or negative
// delay makes the timer due at the next iteration, where it still runs
// after the callbacks already queued.
func (l *Loop) CallLater(delay time.Duration, fn func()) (*task.TimerHandle, error) {
	if fn == nil {
		panic("loop: CallLater with a nil function")
	}
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	if l.debug {
		if err := l.checkThread(); err != nil {
			return nil, err
		}
	}
	return l.pushTimer(events.NewTimerHandle(l.Time()+delay.Seconds(), fn, l)), nil
}

// CallLaterArg is CallLater for fn(arg), without a closure.
func (l *Loop) CallLaterArg(delay time.Duration, fn func(any), arg any) (*task.TimerHandle, error) {
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	return l.pushTimer(events.NewTimerHandleArg(l.Time()+delay.Seconds(), fn, arg, l)), nil
}

// CallAt schedules fn for loop time when (call_at). Timers with equal
// deadlines run in the order CPython's heapq gives, which is not the order
// they were scheduled in. A NaN time is refused.
func (l *Loop) CallAt(when float64, fn func()) (*task.TimerHandle, error) {
	if fn == nil {
		panic("loop: CallAt with a nil function")
	}
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	if math.IsNaN(when) {
		return nil, task.ValueError("Invalid when: NaN (not a number)")
	}
	if l.debug {
		if err := l.checkThread(); err != nil {
			return nil, err
		}
	}
	return l.pushTimer(events.NewTimerHandle(when, fn, l)), nil
}

func (l *Loop) pushTimer(th *task.TimerHandle) *task.TimerHandle {
	heapq.Push(&l.scheduled, th, events.Less)
	th.Scheduled = true
	if l.tracer != nil {
		l.tasks.Trace(task.TraceEvent{Kind: task.TraceTimerScheduled, Timer: th})
	}
	return th
}

// TimerHandleCancelled counts a cancelled timer still in the heap
// (_timer_handle_cancelled). TimerHandle.Cancel calls it.
func (l *Loop) TimerHandleCancelled(th *events.TimerHandle) {
	if th.Scheduled {
		l.timerCancelledCount++
	}
	if l.tracer != nil {
		l.tasks.Trace(task.TraceEvent{Kind: task.TraceTimerCancelled, Timer: th})
	}
}

// CallSoonThreadsafe queues fn from any goroutine and wakes the loop if it
// is waiting for a timer (call_soon_threadsafe). The callback joins the
// ready queue at the loop's next iteration.
func (l *Loop) CallSoonThreadsafe(fn func()) (*task.Handle, error) {
	if fn == nil {
		panic("loop: CallSoonThreadsafe with a nil function")
	}
	if l.closed.Load() {
		return nil, task.ErrLoopClosed
	}
	h := events.NewHandle(fn)
	l.tsMu.Lock()
	l.tsQueue = append(l.tsQueue, h)
	l.tsPending.Store(true)
	l.tsMu.Unlock()
	l.writeToSelf()
	return h, nil
}

// KeepAlive tells the loop that code outside it will call
// CallSoonThreadsafe later; call the returned function once it has. While
// any such promise is outstanding, a virtual-clock loop with nothing to do
// waits for that callback (without moving time on) instead of reporting a
// deadlock. Safe from any goroutine.
func (l *Loop) KeepAlive() (release func()) {
	l.keepAlive.Add(1)
	var once sync.Once
	return func() {
		once.Do(func() {
			l.keepAlive.Add(-1)
			l.writeToSelf()
		})
	}
}

// writeToSelf wakes a loop blocked in its select (_write_to_self).
func (l *Loop) writeToSelf() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Stop makes the loop stop after the current iteration (stop()). Called
// before RunForever, it makes RunForever run exactly one iteration.
func (l *Loop) Stop() { l.stopping = true }

// RunForever runs the loop until Stop is called (run_forever). It returns
// ErrLoopClosed or ErrLoopRunning when the loop cannot run, and, with the
// virtual clock, an error matching ErrDeadlock when nothing can happen any
// more.
func (l *Loop) RunForever() error {
	if l.closed.Load() {
		return task.ErrLoopClosed
	}
	if l.running.Load() {
		return task.ErrLoopRunning
	}
	g, err := l.enterRunning()
	if err != nil {
		return err
	}
	if !l.running.CompareAndSwap(false, true) {
		l.leaveRunning(g)
		return task.ErrLoopRunning
	}
	l.goid.Store(g)
	stopWatchdog := func() {}
	if l.debug {
		stopWatchdog = l.startWatchdog()
	}
	defer func() {
		stopWatchdog()
		l.stopping = false
		l.running.Store(false)
		l.leaveRunning(g)
	}()
	for {
		if err := l.runOnce(); err != nil {
			return err
		}
		if l.stopping {
			return nil
		}
	}
}

// runOnce is _run_once: one full iteration of the loop.
func (l *Loop) runOnce() error {
	l.iteration++
	l.tasks.Iteration = l.iteration
	// 1. Purge cancelled timers.
	if n := len(l.scheduled); n > minScheduledTimerHandles &&
		float64(l.timerCancelledCount)/float64(n) > minCancelledTimerHandlesFraction {
		kept := l.scheduled[:0]
		for _, th := range l.scheduled {
			if th.Cancelled() {
				th.Scheduled = false
			} else {
				kept = append(kept, th)
			}
		}
		clear(l.scheduled[len(kept):])
		l.scheduled = kept
		heapq.Heapify(l.scheduled, events.Less)
		l.timerCancelledCount = 0
	} else {
		for len(l.scheduled) > 0 && l.scheduled[0].Cancelled() {
			l.timerCancelledCount--
			th := heapq.Pop(&l.scheduled, events.Less)
			th.Scheduled = false
		}
	}

	// 2-3. Wait for the next timer or for work from other goroutines
	// (select), then take that work in (_process_events).
	if err := l.selectWait(); err != nil {
		return err
	}

	// 4. Move due timers to the end of the ready queue. CPython reads the
	// clock here in every iteration, and on the virtual clock every read
	// moves time on by a tick, so the read is observable there (loop.time()
	// and call_at deadlines computed from it): the virtual clock is always
	// read. The real clock is read only when there are timers to compare.
	var endTime float64
	if len(l.scheduled) > 0 || l.virtual != nil {
		endTime = l.Time() + clockResolution
	}
	moved := 0
	for len(l.scheduled) > 0 {
		if l.scheduled[0].When() >= endTime {
			break
		}
		th := heapq.Pop(&l.scheduled, events.Less)
		th.Scheduled = false
		l.ready.push(&th.Handle)
		moved++
		if l.tracer != nil {
			l.tasks.Trace(task.TraceEvent{Kind: task.TraceTimerFired, Timer: th})
		}
	}

	// 5. Run exactly the handles queued now; what they queue waits for
	// the next iteration.
	ntodo := l.ready.len()
	if l.tracer != nil {
		return l.runTraced(ntodo, moved)
	}
	if l.debug {
		for i := 0; i < ntodo; i++ {
			h := l.ready.pop()
			if !h.Cancelled() {
				l.runHandleTimed(h)
			}
			l.recycle(h)
		}
		return nil
	}
	for done := 0; done < ntodo; {
		done = l.runHandles(done, ntodo)
	}
	return nil
}

// runHandles runs handles done..ntodo-1 of the snapshot and returns
// ntodo, or, when a callback panics, reports it (Handle._run's except
// clause) and returns the position after that handle, so the snapshot
// goes on. One deferred recover for the whole snapshot, instead of one
// per handle, keeps the hot path short; a runtime.Goexit passes through.
func (l *Loop) runHandles(done, ntodo int) (next int) {
	var h *task.Handle
	defer func() {
		if r := recover(); r != nil {
			l.reportCallbackPanic(h, r)
			l.recycle(h)
			next = done + 1
		}
	}()
	for ; done < ntodo; done++ {
		h = l.ready.pop()
		if !h.Cancelled() {
			h.Run()
		}
		l.recycle(h)
	}
	return ntodo
}

// runTraced is step 5 of runOnce with a tracer installed.
func (l *Loop) runTraced(ntodo, moved int) error {
	l.tasks.Trace(task.TraceEvent{Kind: task.TraceIterationStart, Ready: ntodo, TimersMoved: moved})
	for i := 0; i < ntodo; i++ {
		h := l.ready.pop()
		if h.Cancelled() {
			l.recycle(h)
			continue
		}
		l.tasks.Trace(task.TraceEvent{Kind: task.TraceHandleStart, Handle: h})
		if l.debug {
			l.runHandleTimed(h)
		} else {
			l.runHandle(h)
		}
		l.tasks.Trace(task.TraceEvent{Kind: task.TraceHandleEnd, Handle: h})
		l.recycle(h)
	}
	l.tasks.Trace(task.TraceEvent{Kind: task.TraceIterationEnd, Ready: ntodo})
	return nil
}

// ReadySnapshot describes the handles now in the ready queue, in order
// (for narration and dumps; call it on the loop's goroutine).
func (l *Loop) ReadySnapshot() []string {
	out := make([]string, l.ready.len())
	for i := range out {
		out[i] = l.ready.at(i).String()
	}
	return out
}

// handleSlab is how many pooled handles are allocated at once when the
// pool is empty: a burst of callbacks (every child of a large gather
// finishing in one iteration) then costs one allocation per slab, not one
// per callback.
const handleSlab = 32

func (l *Loop) refillPool() {
	slab := make([]task.Handle, handleSlab)
	for i := range slab {
		slab[i].Pooled = true
		l.pool = append(l.pool, &slab[i])
	}
}

func (l *Loop) recycle(h *task.Handle) {
	if h.Pooled && len(l.pool) < maxPooledHandles {
		h.Reset()
		l.pool = append(l.pool, h)
	}
}

// runHandle is Handle._run: a panic in the callback is reported through
// the exception handler and the iteration goes on.
func (l *Loop) runHandle(h *task.Handle) {
	defer func() {
		if r := recover(); r != nil {
			l.reportCallbackPanic(h, r)
		}
	}()
	h.Run()
}

func (l *Loop) runHandleTimed(h *task.Handle) {
	l.tasks.TakeLastStepped()
	what := h.String()
	t0 := time.Now()
	l.watchBegin(h)
	l.runHandle(h)
	l.watchEnd()
	if d := time.Since(t0).Seconds(); d >= slowCallbackDuration {
		if t := l.tasks.TakeLastStepped(); t != nil {
			what = t.String() // a task step: name the task, as CPython does
		}
		l.warnf("Executing %s took %.3f seconds\n", what, d)
	}
}

// checkThread is _check_thread (debug mode): loop-only methods must be
// called from the goroutine running the loop, or from the coroutine of the
// task it is running.
func (l *Loop) checkThread() error {
	if !l.debug || !l.running.Load() {
		return nil
	}
	g := coroutine.Goid()
	if g == l.goid.Load() || g == l.tasks.ActiveGoid() {
		return nil
	}
	return ErrWrongGoroutine
}

// ErrWrongGoroutine is returned in debug mode when a loop-only method is
// called from a goroutine that is neither running the loop nor running
// one of its tasks (CPython's check of the thread).
var ErrWrongGoroutine error = task.RuntimeError("Non-thread-safe operation invoked on an event loop other than the current one")

// selectWait is the select step of _run_once. It computes the timeout as
// CPython does, waits (or, with the virtual clock, jumps time forward),
// and moves callbacks queued by other goroutines onto the ready queue.
func (l *Loop) selectWait() error {
	for {
		l.drainThreadsafe()
		if l.ready.len() > 0 || l.stopping {
			return nil
		}
		var timeout float64 = -1
		if len(l.scheduled) > 0 {
			timeout = min(max(0, l.scheduled[0].When()-l.Time()), maximumSelectTimeout)
			if timeout == 0 {
				return nil
			}
			// epoll_wait counts whole milliseconds and CPython's selector
			// rounds up, so the loop wakes up to 1ms after the deadline
			// and timers due within that millisecond fire together.
			timeout = math.Ceil(timeout*1e3) * 1e-3
		}
		if l.virtual != nil && l.keepAlive.Load() == 0 && !l.tsPending.Load() {
			if timeout < 0 {
				return l.deadlock()
			}
			l.virtual.advanceBy(timeout)
			return nil
		}
		if l.virtual != nil && timeout > 0 {
			// Work outside the loop is outstanding: give it a moment of
			// real time to call back before virtual time moves on, so
			// quick outside work takes no virtual time, and work that
			// itself waits for a timer cannot hang the loop.
			if !l.block(l.externalGrace.Seconds()) {
				l.virtual.advanceBy(timeout)
				return nil
			}
			l.drainThreadsafe()
			if l.ready.len() > 0 {
				return nil
			}
			continue
		}
		if !l.block(timeout) {
			return nil // the timer expired
		}
		// Woken by another goroutine: take its work in and look again,
		// unless it brought work.
		l.drainThreadsafe()
		if l.ready.len() > 0 {
			return nil
		}
	}
}

// block waits until woken (true) or until timeout seconds pass (false);
// a negative timeout waits until woken.
func (l *Loop) block(timeout float64) bool {
	if timeout < 0 {
		<-l.wake
		return true
	}
	d := time.Duration(timeout * float64(time.Second))
	if l.timer == nil {
		l.timer = time.NewTimer(d)
	} else {
		l.timer.Reset(d)
	}
	select {
	case <-l.wake:
		l.timer.Stop()
		return true
	case <-l.timer.C:
		return false
	}
}

func (l *Loop) drainThreadsafe() {
	if !l.tsPending.Load() {
		return
	}
	l.tsMu.Lock()
	q := l.tsQueue
	l.tsQueue = nil
	l.tsPending.Store(false)
	l.tsMu.Unlock()
	for _, h := range q {
		l.ready.push(h)
	}
}

// Close closes the loop (close()). Callbacks and timers still queued are
// dropped without running. Then, going beyond CPython (which leaves this
// to the garbage collector), every task still pending is reported through
// the exception handler ("Task was destroyed but it is pending!") and its
// coroutine is closed, so its goroutine unwinds, running its deferred
// calls, and exits before Close returns; and every exception nobody
// retrieved is reported. The goroutines the loop keeps parked for its next
// tasks exit too, so after Close no goroutine of the loop is left (a loop
// that is never closed keeps up to 256 of them). Closing a closed loop
// does nothing; closing a running loop returns ErrCloseRunning.
func (l *Loop) Close() error {
	if l.running.Load() {
		return task.ErrCloseRunning
	}
	if l.closed.Load() {
		return nil
	}
	l.closed.Store(true)
	l.ready.clear()
	clear(l.scheduled)
	l.scheduled = nil
	l.tsMu.Lock()
	l.tsQueue = nil
	l.tsPending.Store(false)
	l.tsMu.Unlock()
	l.pool = nil
	if l.debug {
		if pending := l.tasks.AllTasks(); len(pending) > 0 {
			l.warnf("loop: %d pending task(s) at Close, their await graph:\n%s", len(pending), DumpTasks(pending))
		}
	}
	l.tasks.Close(l)
	l.tasks.Workers.Close()
	// Like CPython's close: the default executor is shut down without
	// waiting, and its work is told to stop through its context.
	l.executorShutdownCalled = true
	if l.execCancel != nil {
		l.execCancel()
	}
	if l.defaultExecutor != nil {
		l.defaultExecutor.Shutdown(false)
	}
	if l.untrack != nil {
		for _, c := range coroutine.TakeNeverAwaited() {
			l.warnf("RuntimeWarning: coroutine '%s' was never awaited\nCoroutine created at (most recent call last)\n%s", c.Name, c.Stack)
		}
		l.untrack()
		l.untrack = nil
	}
	if l.timer != nil {
		l.timer.Stop()
	}
	return nil
}

// String describes the loop like CPython's repr.
func (l *Loop) String() string {
	return "<loop.Loop running=" + pyBool(l.IsRunning()) + " closed=" + pyBool(l.IsClosed()) +
		" debug=" + pyBool(l.debug) + ">"
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// CreateTask wraps coro in a task on this loop and queues its first step
// (loop.create_task). On a closed loop it returns ErrLoopClosed.
func (l *Loop) CreateTask[T any](c *coroutine.Coroutine[T], opts ...task.TaskOption) (*task.Task[T], error) {
	return task.NewTask(l, c, opts...)
}

// SetTaskFactory sets options applied to every task created on this loop
// (loop.set_task_factory): task.EagerTaskFactory makes tasks eager; nil
// restores the default.
func (l *Loop) SetTaskFactory(opts []task.TaskOption) { l.tasks.SetTaskFactory(opts) }

// GetTaskFactory returns the options set by SetTaskFactory.
func (l *Loop) GetTaskFactory() []task.TaskOption { return l.tasks.TaskFactory() }

// CreateFuture returns a new pending future bound to this loop
// (loop.create_future). It works on a closed loop too, as in CPython.
func (l *Loop) CreateFuture[T any]() *task.Future[T] { return task.NewFuture[T](l) }

// RunUntilComplete runs the loop until aw is done and returns its result
// or error (run_until_complete). A coroutine is wrapped in a task first.
// The loop stops at the end of the iteration after the one in which aw
// completes, so everything queued with it still runs. If the loop stops
// first it returns ErrStoppedBeforeDone.
func (l *Loop) RunUntilComplete[T any](aw task.Awaitable[T]) (T, error) {
	var zero T
	if l.closed.Load() {
		return zero, task.ErrLoopClosed
	}
	if l.running.Load() {
		return zero, task.ErrLoopRunning
	}
	if other := runningOnThisGoroutine(); other != nil && other != l {
		return zero, ErrOtherLoopRunning
	}
	_, isFuture := aw.(task.AnyFuture)
	fut, err := task.EnsureFutureQuiet(l, aw)
	if err != nil {
		return zero, err
	}
	task.AddDoneCallbackNamed(fut, l.stopCb, "_run_until_complete_cb")
	defer fut.RemoveDoneCallback(l.stopCb)
	if err := l.RunForever(); err != nil {
		if !isFuture && fut.Done() && !fut.Cancelled() {
			_, _ = fut.Exception()
		}
		return zero, err
	}
	if !fut.Done() {
		return zero, task.ErrStoppedBeforeDone
	}
	return fut.Result()
}

// stopOnDone is _run_until_complete_cb: stop the loop once the
// future is done (retrieving its exception on the way, as CPython does).
func (l *Loop) stopOnDone(f task.AnyFuture) {
	if !f.Cancelled() {
		_, _ = f.Exception()
	}
	l.Stop()
}

// ErrDeadlock matches the error a virtual-clock loop returns when it can
// make no progress: nothing is ready, no timer is scheduled, and nothing
// outside the loop has promised to call back (see KeepAlive).
var ErrDeadlock = errors.New("loop: deadlock")

// DeadlockError is the error behind ErrDeadlock. It names each pending
// task and what it waits on.
type DeadlockError struct {
	// Pending lists the tasks that are not done, in creation order.
	Pending []task.AnyTask
	// Time is the loop time at which the loop found itself stuck.
	Time   float64
	report string
}

func (e *DeadlockError) Error() string { return e.report }

// Is makes errors.Is(err, ErrDeadlock) true.
func (e *DeadlockError) Is(target error) bool { return target == ErrDeadlock }

func (l *Loop) deadlock() error {
	pending := l.tasks.AllTasks()
	e := &DeadlockError{Pending: pending, Time: l.virtual.peek()}
	e.report = "loop: deadlock: nothing is ready, no timer is scheduled and nothing outside the loop will call back\n" +
		DumpTasks(pending)
	return e
}
