package task

import (
	"strings"
	"unsafe"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is futures.py: the Future state machine and its done
// callbacks. A future is pending, cancelled, or finished with a result or
// an exception. Done callbacks never run inline: completing a future
// queues each callback with call_soon, in registration order.

type futState uint8

const (
	statePending futState = iota
	stateCancelled
	stateFinished
)

func (s futState) String() string {
	switch s {
	case stateCancelled:
		return "CANCELLED"
	case stateFinished:
		return "FINISHED"
	}
	return "PENDING"
}

// AnyFuture is the untyped view of every future type of this package
// (Future[T], Task[T], GatheringFuture[T]): what a task can wait on, what
// done callbacks receive, what heterogeneous sets hold. It is sealed: only
// this package's types implement it.
type AnyFuture interface {
	// Done reports whether the future is cancelled or finished.
	Done() bool
	// Cancelled reports whether the future was cancelled.
	Cancelled() bool
	// Cancel cancels the future (see Future.Cancel and Task.Cancel).
	Cancel(msg ...string) bool
	// Exception returns the exception the future finished with.
	Exception() (error, error)
	// AddDoneCallback registers fn to be queued when the future is done.
	AddDoneCallback(fn func(AnyFuture))
	// RemoveDoneCallback unregisters fn; it returns how many were removed.
	RemoveDoneCallback(fn func(AnyFuture)) int
	// Loop returns the loop the future is bound to.
	Loop() EventLoop
	// String returns Python's repr of the future.
	String() string

	base() *futureBase
	resultAny() any
}

// doneCallback is one registered done callback. fn receives the future
// (as any, so task wakeups need no adapter); key identifies the function
// the user registered, for RemoveDoneCallback; name is for reprs.
type doneCallback struct {
	fn    func(any)
	key   unsafe.Pointer
	name  func() string
	waker *taskBase // the task this callback wakes (a task's __wakeup)
}

// futureBase is the untyped part of every future: its state, exception,
// callbacks and loop. The typed result lives in Future[T].
type futureBase struct {
	loop  EventLoop
	self  AnyFuture // the outermost value, for callbacks and virtual Cancel
	state futState
	err   error // the exception of a finished future

	// cs holds the cancel message and the CancelledError that ended a
	// task; it is made only when a future is cancelled, keeping every
	// future (and every task) smaller.
	cs *cancelState

	callbacks []doneCallback
	cb0       [1]doneCallback // room for the first callback, the usual case

	// blocking is Python's _asyncio_future_blocking: set by Await just
	// before it yields the future, checked and cleared by the task.
	blocking bool
	// logTraceback marks an exception nobody has retrieved yet.
	logTraceback bool
	tracked      bool // in the loop's list of unretrieved exceptions
	// inGather marks a future already taken by the gather call being
	// built (gather's arg_to_fut for futures, without a map); it is
	// cleared before that call returns.
	inGather bool

	task *taskBase // non-nil when this future is a task
}

func (f *futureBase) base() *futureBase { return f }

// cancelState is the part of a future that only cancellation needs.
type cancelState struct {
	msg    string
	hasMsg bool
	exc    error // the CancelledError that ended a task, handed out once
}

func (f *futureBase) cancelInfo() *cancelState {
	if f.cs == nil {
		f.cs = &cancelState{}
	}
	return f.cs
}

func (f *futureBase) setCancelMsg(msg string, has bool) {
	if !has && f.cs == nil {
		return
	}
	cs := f.cancelInfo()
	cs.msg, cs.hasMsg = msg, has
}

// cancelMsg returns the cancel message and whether there is one.
func (f *futureBase) cancelMsg() (string, bool) {
	if f.cs == nil {
		return "", false
	}
	return f.cs.msg, f.cs.hasMsg
}

// Done reports whether the future is finished or cancelled (done()).
func (f *futureBase) Done() bool { return f.state != statePending }

// Cancelled reports whether the future was cancelled (cancelled()).
func (f *futureBase) Cancelled() bool { return f.state == stateCancelled }

// Loop returns the loop the future is bound to (get_loop()).
func (f *futureBase) Loop() EventLoop { return f.loop }

// Exception returns the exception the future finished with, or nil
// (exception()). The second result is the error exception() would raise:
// a CancelledError for a cancelled future, InvalidStateError("Exception is
// not set.") for a pending one. It marks the exception retrieved.
func (f *futureBase) Exception() (error, error) {
	switch f.state {
	case stateCancelled:
		return nil, f.makeCancelledError()
	case statePending:
		return nil, &InvalidStateError{Msg: "Exception is not set."}
	}
	f.logTraceback = false
	return f.err, nil
}

// resultErr is result() without the value: the error it would raise.
func (f *futureBase) resultErr() error {
	switch f.state {
	case stateCancelled:
		return f.makeCancelledError()
	case statePending:
		return &InvalidStateError{Msg: "Result is not set."}
	}
	f.logTraceback = false
	return f.err
}

// makeCancelledError is _make_cancelled_error: the CancelledError that
// ended a task is handed out once; after that a new one is built from the
// cancel message.
func (f *futureBase) makeCancelledError() error {
	if cs := f.cs; cs != nil {
		if cs.exc != nil {
			e := cs.exc
			cs.exc = nil
			return e
		}
		if cs.hasMsg {
			return &CancelledError{msg: cs.msg, hasMsg: true}
		}
	}
	return &CancelledError{}
}

// cancel is Future.cancel: pending → cancelled, callbacks queued.
func (f *futureBase) cancel(msg []string) bool {
	f.logTraceback = false
	if f.state != statePending {
		return false
	}
	f.state = stateCancelled
	if len(msg) > 0 {
		f.setCancelMsg(msg[0], true)
	} else {
		f.setCancelMsg("", false)
	}
	_ = f.scheduleCallbacks()
	return true
}

// setException is the untyped half of set_exception.
func (f *futureBase) setException(err error) error {
	if f.state != statePending {
		return &InvalidStateError{Msg: "invalid state"}
	}
	if err == nil {
		return TypeError("invalid exception object")
	}
	f.err = err
	f.state = stateFinished
	f.logTraceback = true
	if !f.tracked {
		f.tracked = true
		ls := f.loop.Tasks()
		if len(ls.unretrieved) >= ls.compactAt {
			ls.Compact()
			ls.compactAt = max(64, 2*len(ls.unretrieved))
		}
		ls.unretrieved = append(ls.unretrieved, f)
	}
	return f.scheduleCallbacks()
}

// scheduleCallbacks is __schedule_callbacks: every callback is queued with
// call_soon, in registration order, and the list is emptied. On a closed
// loop the callbacks are lost and ErrLoopClosed is returned, after the
// state has changed, as CPython raises from set_result.
func (f *futureBase) scheduleCallbacks() error {
	if f.task != nil {
		f.task.finished()
	}
	ls := f.loop.Tasks()
	if ls.tracer != nil {
		ls.Trace(TraceEvent{Kind: TraceFutureDone, Future: f.self})
		if f.task != nil {
			ls.Trace(TraceEvent{Kind: TraceTaskDone, Task: f.task.self})
		}
	}
	cbs := f.callbacks
	if len(cbs) == 0 {
		return nil
	}
	f.callbacks = nil
	defer clear(f.cb0[:]) // the callbacks are queued; drop the references
	for i := range cbs {
		if err := f.loop.CallSoonArg(cbs[i].fn, f.self, cbs[i].name, keyPC(cbs[i].key)); err != nil {
			return err
		}
		if ls.tracer != nil {
			e := TraceEvent{Kind: TraceCallbackScheduled, Future: f.self, Detail: cbName(cbs[i])}
			if cbs[i].waker != nil {
				e.Task = cbs[i].waker.self
			}
			ls.Trace(e)
		}
	}
	return nil
}

// AddDoneCallback registers fn to run when the future is done
// (add_done_callback). fn is never called inline: it is queued with
// call_soon when the future completes, or at once if it already has. The
// same function may be registered several times.
func (f *futureBase) AddDoneCallback(fn func(AnyFuture)) {
	if fn == nil {
		panic("task: AddDoneCallback with a nil function")
	}
	f.addCallback(func(a any) { fn(a.(AnyFuture)) }, funcKey(fn),
		func() string { return coroutine.FuncName(fn) + "()" })
}

// AddDoneCallbackNamed is f.AddDoneCallback(fn) with the name the
// callback shows in reprs (cb=[name()]) given instead of derived from
// fn: for callbacks that stand for one of asyncio's own, such as
// "_run_until_complete_cb". RemoveDoneCallback(fn) removes it.
func AddDoneCallbackNamed(f AnyFuture, fn func(AnyFuture), name string) {
	if fn == nil {
		panic("task: AddDoneCallbackNamed with a nil function")
	}
	f.base().addCallback(func(a any) { fn(a.(AnyFuture)) }, funcKey(fn),
		func() string { return name + "()" })
}

// The names of CPython's own done callbacks, as reprs show them.
const (
	cbWaitName        = "_wait.<locals>._on_completion"
	cbAsCompletedName = "_AsCompletedIterator._handle_completion"
	cbShieldInner     = "shield.<locals>._inner_done_callback"
	cbShieldOuter     = "shield.<locals>._outer_done_callback"
	cbTaskGroupName   = "TaskGroup._on_task_done"
	cbReleaseWaiter   = "_release_waiter"
	// CbChainCheckCancel and CbChainSetState are the callbacks of
	// _chain_future (wrap_future, run_coroutine_threadsafe).
	CbChainCheckCancel = "_chain_future.<locals>._call_check_cancel"
	CbChainSetState    = "_chain_future.<locals>._call_set_state"
)

// addCallback registers an internal callback; fn receives f.self.
func (f *futureBase) addCallback(fn func(any), key unsafe.Pointer, name func() string) {
	if f.state != statePending {
		_ = f.loop.CallSoonArg(fn, f.self, name, keyPC(key))
		return
	}
	if f.callbacks == nil {
		f.callbacks = f.cb0[:0:1]
	}
	f.callbacks = append(f.callbacks, doneCallback{fn: fn, key: key, name: name})
}

// RemoveDoneCallback removes every registration of fn and returns how many
// there were (remove_done_callback). Functions are compared by identity:
// the same func value, not an equal closure. Once the callbacks have been
// queued it returns 0.
func (f *futureBase) RemoveDoneCallback(fn func(AnyFuture)) int {
	return f.removeCallback(funcKey(fn))
}

func (f *futureBase) removeCallback(key unsafe.Pointer) int {
	kept := f.callbacks[:0]
	for _, cb := range f.callbacks {
		if cb.key != key {
			kept = append(kept, cb)
		}
	}
	n := len(f.callbacks) - len(kept)
	clear(f.callbacks[len(kept):])
	f.callbacks = kept
	return n
}

// funcKey identifies a func value: the pointer to its closure record. Two
// copies of one func value share it; two closures made separately do not.
func funcKey[F any](fn F) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&fn))
}

// keyPC is the code address of the function whose funcKey is key (a func
// value points to a block whose first word is its code address), or 0.
func keyPC(key unsafe.Pointer) uintptr {
	if key == nil {
		return 0
	}
	return *(*uintptr)(key)
}

// describeState writes Python's future repr body: "pending cb=[...]",
// "finished result=5", "cancelled".
func (f *futureBase) describeState(b *strings.Builder, result func() any) {
	state := strings.ToLower(f.state.String())
	if f.task != nil && f.state == statePending && f.task.numCancelsRequested > 0 {
		state = "cancelling"
	}
	b.WriteString(state)
	switch {
	case f.state == stateFinished && f.err != nil:
		b.WriteString(" exception=")
		b.WriteString(pyfmt.Repr(f.err))
	case f.state == stateFinished && f.task == nil:
		b.WriteString(" result=")
		b.WriteString(pyfmt.ReprLimit(result()))
	}
	if f.task == nil {
		f.writeCallbacks(b)
	}
}

// writeCallbacks writes " cb=[...]" (_format_callbacks) if the future has
// callbacks: all of them up to two, else the first, a count and the last.
func (f *futureBase) writeCallbacks(b *strings.Builder) {
	if len(f.callbacks) > 0 {
		b.WriteString(" cb=[")
		n := len(f.callbacks)
		names := make([]string, 0, 3)
		if n <= 2 {
			for _, cb := range f.callbacks {
				names = append(names, cbName(cb))
			}
		} else {
			names = append(names, cbName(f.callbacks[0]), "<"+itoa(n-2)+" more>", cbName(f.callbacks[n-1]))
		}
		b.WriteString(strings.Join(names, ", "))
		b.WriteString("]")
	}
}

// Future is asyncio.Future: a value that will be set later, by a callback
// or another task, and that coroutines can await. Create one with
// [NewFuture] (loop.create_future()). The zero value is not usable.
//
// A Future must be used on the goroutine that runs its loop.
type Future[T any] struct {
	futureBase
	result T
}

// NewFuture returns a pending future bound to the loop of s: Python's
// loop.create_future(). s is an EventLoop, or the *coroutine.Co of a
// coroutine running in a task (then the task's loop is used).
func NewFuture[T any](s Scope) *Future[T] {
	f := &Future[T]{}
	f.init(loopOf(s), f)
	return f
}

func (f *futureBase) init(l EventLoop, self AnyFuture) {
	f.loop = l
	f.self = self
}

// Result returns the future's result (result()). A cancelled future
// returns its CancelledError; a pending one InvalidStateError("Result is
// not set."); one finished with an exception returns that exception.
func (f *Future[T]) Result() (T, error) {
	err := f.resultErr()
	if err != nil {
		var zero T
		return zero, err
	}
	return f.result, nil
}

// SetResult finishes the future with v and queues its callbacks
// (set_result). On a done future it returns InvalidStateError("invalid
// state").
func (f *Future[T]) SetResult(v T) error {
	if f.state != statePending {
		return &InvalidStateError{Msg: "invalid state"}
	}
	f.result = v
	f.state = stateFinished
	return f.scheduleCallbacks()
}

// SetException finishes the future with err (set_exception). The
// exception is reported through the loop's exception handler when the loop
// closes unless someone retrieved it (result(), exception(), await).
func (f *Future[T]) SetException(err error) error { return f.setException(err) }

// Cancel cancels a pending future and queues its callbacks; it returns
// false if the future is already done (cancel(msg=None)). At most one
// message may be given; it reaches whoever awaits the future.
func (f *Future[T]) Cancel(msg ...string) bool { return f.cancel(msg) }

func (f *Future[T]) resultAny() any { return f.result }

// Await suspends the calling coroutine until the future is done and
// returns its result (__await__). Awaiting a done future does not suspend.
func (f *Future[T]) Await(co *coroutine.Co) (T, error) {
	if f.state == statePending {
		if f.blocking {
			// Still flagged by an await nobody took up (a task that
			// awaited itself): CPython's C future iterator refuses.
			var zero T
			return zero, ErrAwaitNotUsed
		}
		f.blocking = true
		if err := co.Yield(f.self); err != nil {
			var zero T
			return zero, err
		}
		if f.state == statePending {
			var zero T
			return zero, ErrAwaitNotUsed
		}
	}
	return f.Result()
}

// String returns Python's repr: <Future pending>, <Future finished
// result=5>, <Future cancelled>.
func (f *Future[T]) String() string {
	var b strings.Builder
	b.WriteString("<Future ")
	f.describeState(&b, func() any { return f.result })
	b.WriteString(">")
	return b.String()
}

func itoa(n int) string {
	return pyfmt.Repr(n)
}

func cbName(cb doneCallback) string {
	if cb.name == nil {
		return coroutine.FuncName(cb.fn) + "()"
	}
	return cb.name()
}
