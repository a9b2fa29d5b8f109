package coroutine

import (
	"reflect"
	"runtime"
	"sync/atomic"
)

// This file answers "how does a top-level coroutine pass control back and
// forth?" The driver (a task step on the loop goroutine) and the body (on
// the coroutine's goroutine) share a control block with an unbuffered
// channel. A resume message carries send/throw/close into the body; a
// yield message carries a yielded value, or the news that the body
// finished, back out. Each side blocks on its receive while the other
// runs, so at most one of them runs.

// resumeMsg is what the driver sends into the body.
type resumeMsg struct {
	err   error // thrown into the body; nil for send(None)
	close bool  // unwind the body (Python's close / GeneratorExit)
}

// outcome says why the body handed control back.
type outcome uint8

const (
	yielded  outcome = iota // the body called Co.Yield
	returned                // the body returned (or panicked: err is a *PanicError)
	exited                  // the body called runtime.Goexit
	unwound                 // the body finished unwinding after close
)

type yieldMsg struct {
	value any
	why   outcome
}

// wire is what travels on a control block's channel: a resumeMsg from the
// driver or a yieldMsg from the body.
type wire struct {
	value any
	err   error
	why   outcome
	close bool
}

func (ctl *control) sendResume(m resumeMsg) { ctl.ch <- wire{err: m.err, close: m.close} }

func (ctl *control) recvResume() resumeMsg {
	r := <-ctl.ch
	return resumeMsg{err: r.err, close: r.close}
}

func (ctl *control) sendYield(y yieldMsg) { ctl.ch <- wire{value: y.value, why: y.why} }

func (ctl *control) recvYield() yieldMsg {
	r := <-ctl.ch
	return yieldMsg{value: r.value, why: r.why}
}

type control struct {
	// ch is the one unbuffered channel both directions share: the two
	// sides strictly alternate, so a send is always taken by the other
	// side (one channel, not two, keeps a pending task smaller).
	ch chan wire
	co Co
	// goid is the body goroutine's id, recorded in debug mode.
	goid atomic.Int64
	// closeErr is a panic raised by a deferred call while closing.
	closeErr error
	// pull is set when the coroutine uses the iter.Pull handoff.
	pull *pullState
	// workers is the pool the body's goroutine comes from and goes back
	// to (nil: a goroutine of its own); w is that goroutine.
	workers *Workers
	w       *worker
	// started is set once the coroutine leaves Created (debug tracking
	// reads it after the coroutine is gone).
	started atomic.Bool
	// serial numbers driven coroutines (see Coroutine.awaiter).
	serial  uint32
	handoff Handoff
	// closing is set by the body's goroutine when it starts unwinding on
	// close, so the Goexit it uses is not mistaken for the body's own.
	closing bool
	// handJob says the next resume message must carry the body to a
	// parked goroutine. (The small fields sit together at the end: a
	// task embeds this block, and 8 bytes decide its size class.)
	handJob bool
}

// Co is the handle of a running coroutine's goroutine. The body receives
// it and passes it to everything that may suspend. Coroutines awaited
// inline share their awaiter's Co, as "yield from" shares a frame stack.
//
// A Co must only be used by the body it was given to, on that body's
// goroutine. A nil Co (a coroutine awaited outside any driver) cannot
// yield.
type Co struct {
	ctl    *control
	driver any
}

// serial returns the serial of the driven coroutine co belongs to, 0 for
// a nil Co.
func (co *Co) serial() uint32 {
	if co == nil || co.ctl == nil {
		return 0
	}
	return co.ctl.serial
}

var serials atomic.Uint32

// nextSerial numbers a new control block (never 0; wrapping after 4e9 is
// harmless: serials only tell two live coroutines apart).
func nextSerial() uint32 {
	for {
		if s := serials.Add(1); s != 0 {
			return s
		}
	}
}

// Driver returns what drives this coroutine (see [Coroutine.SetDriver]):
// for coroutines run by a task, the task. It is nil for a nil Co.
func (co *Co) Driver() any {
	if co == nil {
		return nil
	}
	return co.driver
}

// Yield suspends the coroutine and hands v to its driver: Python's bare
// "yield v" inside a generator-based coroutine. It returns when the driver
// resumes the coroutine: nil after Send, the thrown error after Throw. If
// the driver closes the coroutine instead, Yield never returns: the
// goroutine unwinds, running deferred calls, and exits.
//
// Yield panics if co is nil (the coroutine is not driven by anything).
func (co *Co) Yield(v any) error {
	if co == nil || co.ctl == nil {
		panic("coroutine: Yield outside a driven coroutine")
	}
	ctl := co.ctl
	if ctl.pull != nil {
		return ctl.pullYield(v)
	}
	ctl.sendYield(yieldMsg{value: v, why: yielded})
	m := ctl.recvResume()
	if m.close {
		ctl.closing = true
		runtime.Goexit()
	}
	return m.err
}

// Send resumes the coroutine with Python's send(None): it starts the body
// on its own goroutine the first time. It returns the value the body
// yields next, or done=true once the body has finished (then [Coroutine.Result]
// holds the outcome). Send on a closed coroutine returns done=true with
// [ErrReused] as the error, and so does Send on a coroutine that was
// awaited inline.
//
// If the body calls runtime.Goexit (t.FailNow in a test), Send records
// [ErrGoexit] and then calls runtime.Goexit on the caller's goroutine, so
// the failure ends the goroutine that drives the loop, as it would have
// ended the test had the code run there.
func (c *Coroutine[T]) Send() (yielded any, done bool) {
	return c.resume(resumeMsg{})
}

// Throw resumes the coroutine by raising err at the point where it is
// suspended: [Co.Yield] returns err. A coroutine that has not started ends
// at once with err, without running its body (as Python's throw into a
// just-created coroutine).
func (c *Coroutine[T]) Throw(err error) (yielded any, done bool) {
	if err == nil {
		panic("coroutine: Throw with a nil error")
	}
	if c.state == Created {
		c.markStarted()
		c.state = Closed
		c.err = err
		return nil, true
	}
	return c.resume(resumeMsg{err: err})
}

func (c *Coroutine[T]) resume(m resumeMsg) (any, bool) {
	switch c.state {
	case Created:
		c.start()
	case Suspended:
	case Running:
		panic("coroutine: resumed while its body is running (coroutine already executing)")
	case Closed:
		// Whatever it ended with before, driving it again is reuse.
		var zero T
		c.result, c.err = zero, ErrReused
		return nil, true
	}
	c.state = Running
	ctl := c.ctl.Load()
	if ctl.pull != nil {
		return c.after(c.resumePull(ctl, m))
	}
	if ctl.handJob {
		// The parked goroutine finds its new body on the worker.
		ctl.handJob = false
		ctl.w.job = c
	}
	ctl.sendResume(m)
	y := ctl.recvYield()
	return c.after(y)
}

func (c *Coroutine[T]) after(y yieldMsg) (any, bool) {
	switch y.why {
	case yielded:
		c.state = Suspended
		return y.value, false
	case exited:
		c.state = Closed
		c.err = ErrGoexit
		runtime.Goexit()
	}
	c.state = Closed
	return nil, true
}

// start launches the body's goroutine, parked until the first resume.
func (c *Coroutine[T]) start() {
	ctl := c.control()
	ctl.started.Store(true)
	c.awaiter = ctl.serial // a driven coroutine runs under its own serial
	if ctl.handoff == HandoffPull {
		c.startPull(ctl)
		return
	}
	if w := ctl.workers.get(); w != nil {
		// A parked goroutine takes the body with the first resume
		// message (see resume).
		ctl.w, ctl.ch = w, w.ch
		ctl.handJob = true
		return
	}
	w := &worker{ch: make(chan wire)}
	ctl.w, ctl.ch = w, w.ch
	go w.run(c)
}

func (c *Coroutine[T]) runBody() bool { return c.body(c.ctl.Load()) }

// body runs on the coroutine's goroutine. One deferred function sees
// every way the body can end other than returning: a panic (recover
// returns it), the unwinding of Close (closing is set), or the body's own
// runtime.Goexit (neither). It reports whether the goroutine went back to
// its pool and may run another body: after a return or a recovered panic. (A single defer, rather than
// singleflight's two, keeps the goroutine's stack small: a pending task
// costs its goroutine's stack.)
func (c *Coroutine[T]) body(ctl *control) (reused bool) {
	finished := false
	defer func() {
		if finished {
			return
		}
		r := recover()
		switch {
		case r != nil && !ctl.closing:
			// The panic is recovered: the goroutine is sound and goes
			// back to the pool as after a return.
			c.err = NewPanicError(r)
			reused = ctl.workers.put(ctl.w)
			ctl.sendYield(yieldMsg{why: returned})
			return
		case r != nil:
			// A deferred call panicked while Close unwound the body.
			ctl.closeErr = NewPanicError(r)
			ctl.sendYield(yieldMsg{why: unwound})
		case ctl.closing:
			ctl.sendYield(yieldMsg{why: unwound})
		default:
			ctl.sendYield(yieldMsg{why: exited})
		}
		// reused stays false: this goroutine ends here.
	}()
	if tracking() {
		ctl.goid.Store(Goid())
	}
	var m resumeMsg
	if w := ctl.w; w.hasFirst {
		// A parked goroutine was woken by the first resume itself.
		m, w.hasFirst = w.first, false
	} else {
		m = ctl.recvResume()
	}
	if m.close {
		// Closed before the first resume reached the body.
		ctl.closing = true
		return false
	}
	if m.err != nil {
		c.err = m.err
	} else {
		c.result, c.err = c.fn(&ctl.co)
	}
	finished = true
	// Back to the pool first, then the last message: once the driver has
	// it, the next start may hand this goroutine a new body at once.
	reused = ctl.workers.put(ctl.w)
	ctl.sendYield(yieldMsg{why: returned})
	return reused
}

// Close closes the coroutine (Python's coro.close()). A suspended body is
// unwound: [Co.Yield] does not return, the body's deferred calls run on its
// goroutine, and the goroutine exits before Close returns. Closing a
// coroutine that has not started just marks it closed; closing a closed one
// does nothing. Close must not be called while the body is running.
//
// If the body yields again while unwinding (a deferred call awaiting
// something), Close returns [ErrIgnoredClose] after unwinding it once more.
// If a deferred call panics while unwinding, the rest of the body still
// unwinds and Close returns the panic as a *PanicError.
func (c *Coroutine[T]) Close() error {
	switch c.state {
	case Created, Closed:
		c.markStarted()
		c.state = Closed
		return nil
	case Running:
		panic("coroutine: Close while the body is running")
	}
	var err error
	c.state = Running
	ctl := c.ctl.Load()
	for {
		var y yieldMsg
		if ctl.pull != nil {
			y = c.resumePull(ctl, resumeMsg{close: true})
		} else {
			ctl.sendResume(resumeMsg{close: true})
			y = ctl.recvYield()
		}
		if y.why == yielded {
			err = ErrIgnoredClose
			continue
		}
		break
	}
	c.state = Closed
	if ctl.closeErr != nil {
		return ctl.closeErr
	}
	return err
}

// ErrIgnoredClose is returned by Close when the body yielded again while it
// was being unwound (Python's "coroutine ignored GeneratorExit").
var ErrIgnoredClose error = runtimeError("coroutine ignored GeneratorExit")

type errorString string

func (e errorString) Error() string { return string(e) }

func funcPC(fn any) uintptr {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return 0
	}
	return v.Pointer()
}
