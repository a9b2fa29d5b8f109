package task

import (
	"reflect"

	"github.com/goasyncio/goasyncio/pyfmt"
)

// This file is asyncio.gather and its _GatheringFuture.

// GatheringFuture is the future gather returns: a Future of the results in
// argument order, whose Cancel cancels the children instead of itself.
type GatheringFuture[E any] struct {
	Future[[]E]
	children        []AnyFuture
	cancelRequested bool
}

// Cancel cancels every child that is not done (_GatheringFuture.cancel).
// It returns false if the gather is done or no child could be cancelled.
// The gather itself is not cancelled here: it finishes with a
// CancelledError once its children are done.
func (g *GatheringFuture[E]) Cancel(msg ...string) bool {
	// (Unlike Future.cancel, _GatheringFuture.cancel leaves the "never
	// retrieved" report alone.)
	if g.Done() {
		return false
	}
	ret := false
	for _, c := range g.children {
		if c.Cancel(msg...) {
			ret = true
		}
	}
	if ret {
		g.cancelRequested = true
	}
	return ret
}

func (g *GatheringFuture[E]) className() string { return "_GatheringFuture" }

// Children returns the futures the gather waits on, in argument order
// (duplicates appear once per argument).
func (g *GatheringFuture[E]) Children() []AnyFuture { return g.children }

// String returns Python's repr, <_GatheringFuture pending>.
func (g *GatheringFuture[E]) String() string {
	s := g.Future.String()
	return "<_GatheringFuture" + s[len("<Future"):]
}

// Outcome is one result of GatherReturnExceptions: the child's value, or
// the error it raised (a *CancelledError for a cancelled child).
type Outcome[T any] struct {
	Value T
	Err   error
}

// PyRepr prints the outcome the way Python prints the list element: the
// exception's repr if there is one, the value's otherwise.
func (o Outcome[T]) PyRepr() string {
	if o.Err != nil {
		return reprOf(o.Err)
	}
	return reprOf(o.Value)
}

// Gather runs the awaitables concurrently and returns a future of their
// results in argument order (asyncio.gather). Coroutines are wrapped in
// tasks, created in argument order; the same awaitable passed twice runs
// once and its result appears twice. The first child to fail finishes
// the gather with that error at once, while the other children keep
// running. A child cancelled directly makes the gather fail with its
// CancelledError; cancelling the gather cancels the children. With no
// arguments the future is already done with an empty slice.
//
// s is the caller's *coroutine.Co, or the loop when called from outside a
// coroutine. If an argument cannot be wrapped (a future of another loop,
// a closed loop), the returned future is done with that error.
func Gather[T any](s Scope, aws ...Awaitable[T]) *GatheringFuture[T] {
	return gather(loopOf(s), aws, false, resultOf[T])
}

// resultOf reads a finished child's result. Children are almost always
// tasks or futures of T, read directly; anything else goes through the
// untyped view (which boxes the value).
func resultOf[T any](c AnyFuture) T {
	switch f := c.(type) {
	case *Task[T]:
		return f.result
	case *Future[T]:
		return f.result
	}
	v, _ := c.resultAny().(T)
	return v
}

// GatherReturnExceptions is gather(..., return_exceptions=True): errors
// and cancellations of children are collected as Outcomes instead of
// failing the gather.
func GatherReturnExceptions[T any](s Scope, aws ...Awaitable[T]) *GatheringFuture[Outcome[T]] {
	return gather(loopOf(s), aws, true, outcomeOf[T])
}

func gather[T, E any](l EventLoop, aws []Awaitable[T], returnExceptions bool, collect func(AnyFuture) E) *GatheringFuture[E] {
	if len(aws) == 0 {
		outer := &GatheringFuture[E]{}
		outer.init(l, outer)
		_ = outer.SetResult([]E{})
		return outer
	}
	children := make([]AnyFuture, len(aws))
	unique := make([]bool, len(aws))
	// arg_to_fut: a future (or task) passed twice is found by its mark;
	// other awaitables (coroutines) by comparison, or a map among many
	// arguments. Marks serve the outermost gather being built only: an
	// eager task that ensure_future starts here may build a gather of its
	// own, which then compares instead.
	ls := l.Tasks()
	marks := ls.gatherDepth == 0
	ls.gatherDepth++
	defer func() { ls.gatherDepth-- }()
	var seen map[Awaitable[T]]AnyFuture
	unmark := func() {
		for i, c := range children {
			if unique[i] && marks {
				c.base().inGather = false
			}
		}
	}
	for i, aw := range aws {
		f, isFut := any(aw).(AnyFuture)
		var fut AnyFuture
		switch {
		case isFut && marks:
			if f.base().inGather {
				fut = f
			}
		case !comparable(aw):
		case len(aws) <= 16:
			for j := 0; j < i; j++ {
				if comparable(aws[j]) && aws[j] == aw {
					fut = children[j]
					break
				}
			}
		default:
			if seen == nil {
				seen = make(map[Awaitable[T]]AnyFuture)
			}
			fut = seen[aw]
		}
		if fut == nil {
			nf, err := ensureFuture(l, aw, quiet())
			if err != nil {
				unmark()
				outer := &GatheringFuture[E]{}
				outer.init(l, outer)
				_ = outer.setException(err)
				outer.logTraceback = false
				return outer
			}
			fut = nf
			unique[i] = true
			if marks {
				fut.base().inGather = true
			}
			if seen != nil {
				seen[aw] = fut
			}
		}
		children[i] = fut
	}
	unmark()
	return gatherFutures(l, children, unique, returnExceptions, collect)
}

// GatherFutures gathers futures of mixed types (gather(*futures) in
// asyncio.run's shutdown, all_tasks dumps): results come back as
// Outcomes of untyped values, in argument order.
func GatherFutures(s Scope, returnExceptions bool, futs ...AnyFuture) *GatheringFuture[Outcome[any]] {
	l := loopOf(s)
	// The same future passed twice is waited for once (gather's
	// arg_to_fut), whatever the number of arguments.
	unique := make([]bool, len(futs))
	if l.Tasks().gatherDepth > 0 {
		// Built while a gather is (from an eager task it started): that
		// gather's marks are on, so compare instead.
		seen := make(map[AnyFuture]struct{}, len(futs))
		for i, f := range futs {
			if _, dup := seen[f]; !dup {
				seen[f] = struct{}{}
				unique[i] = true
			}
		}
	} else {
		for i, f := range futs {
			if b := f.base(); !b.inGather {
				b.inGather = true
				unique[i] = true
			}
		}
		for i, f := range futs {
			if unique[i] {
				f.base().inGather = false
			}
		}
	}
	if len(futs) == 0 {
		outer := &GatheringFuture[Outcome[any]]{}
		outer.init(l, outer)
		_ = outer.SetResult([]Outcome[any]{})
		return outer
	}
	return gatherFutures(l, futs, unique, returnExceptions, outcomeOf[any])
}

// outcomeOf collects one child for return_exceptions=True.
func outcomeOf[T any](c AnyFuture) Outcome[T] {
	b := c.base()
	if b.state == stateCancelled {
		msg, _ := b.cancelMsg()
		return Outcome[T]{Err: &CancelledError{msg: msg, hasMsg: true}}
	}
	if exc, _ := c.Exception(); exc != nil {
		return Outcome[T]{Err: exc}
	}
	return Outcome[T]{Value: resultOf[T](c)}
}

// gatherFutures is the body of asyncio.gather once every argument is a
// future: children in argument order, unique[i] set on the first
// occurrence of each future.
func gatherFutures[E any](l EventLoop, children []AnyFuture, unique []bool, returnExceptions bool, collect func(AnyFuture) E) *GatheringFuture[E] {
	outer := &GatheringFuture[E]{}
	outer.init(l, outer)
	outer.children = children
	nfuts, nfinished := 0, 0
	var doneFuts []AnyFuture

	doneCallback := func(a any) {
		fut := a.(AnyFuture)
		nfinished++
		if outer.Done() {
			if !fut.Cancelled() {
				_, _ = fut.Exception() // mark it retrieved
			}
			return
		}
		if !returnExceptions {
			if fut.Cancelled() {
				_ = outer.setException(fut.base().makeCancelledError())
				return
			}
			if exc, _ := fut.Exception(); exc != nil {
				_ = outer.setException(exc)
				return
			}
		}
		if nfinished == nfuts {
			results := make([]E, len(children))
			for i, c := range children {
				results[i] = collect(c)
			}
			if outer.cancelRequested {
				// CPython takes the error from the last child in
				// argument order (the variable of its results loop),
				// not from the child that just finished.
				_ = outer.setException(children[len(children)-1].base().makeCancelledError())
			} else {
				_ = outer.SetResult(results)
			}
		}
	}
	for i, fut := range children {
		if !unique[i] {
			continue
		}
		nfuts++
		if fut.Done() {
			doneFuts = append(doneFuts, fut)
		} else {
			fut.base().addCallback(doneCallback, nil, gatherName)
		}
	}
	for _, f := range doneFuts {
		doneCallback(f)
	}
	return outer
}

// comparable reports whether aw can be compared with == (gather's
// argument-to-future dict needs hashable arguments; a non-comparable
// awaitable is simply never treated as a duplicate).
func comparable(aw any) bool {
	t := reflect.TypeOf(aw)
	return t != nil && t.Comparable()
}

func gatherName() string { return "gather.<locals>._done_callback()" }

// reprOf is pyfmt.Repr, kept behind a function for the types of this file.
func reprOf(v any) string { return pyfmt.Repr(v) }
