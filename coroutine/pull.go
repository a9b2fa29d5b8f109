package coroutine

import "iter"

// This file is the second handoff: the Go runtime's coroutine switch, as
// iter.Pull exposes it, instead of a channel. The driver and the body
// still run one at a time on separate goroutines, but a switch hands the
// processor directly from one to the other without going through the
// scheduler's run queue, which makes a round trip several times cheaper.
//
// The protocol is the channel handoff's: the driver leaves a resumeMsg in
// the control block and switches to the body; the body leaves a yieldMsg
// and switches back. Two things differ. Closing unwinds the body with a
// panic of closeSignal (recovered at the top of the body), because a
// runtime.Goexit inside an iter.Pull sequence would be re-raised on the
// driver. And the body's own runtime.Goexit is not caught here: iter.Pull
// re-raises it on the driver's goroutine, which is exactly what the channel
// handoff does by hand.

// Handoff selects how control passes between a driver and the body of a
// top-level coroutine.
type Handoff uint8

const (
	// HandoffChannel passes control over an unbuffered channel (the
	// default).
	HandoffChannel Handoff = iota
	// HandoffPull passes control with the runtime's coroutine switch
	// behind iter.Pull.
	HandoffPull
)

func (h Handoff) String() string {
	if h == HandoffPull {
		return "pull"
	}
	return "channel"
}

// SetHandoff chooses the handoff for a coroutine that has not started; on
// one that has, it does nothing.
func (c *Coroutine[T]) SetHandoff(h Handoff) {
	if c.state == Created && (h != HandoffChannel || c.ctl.Load() != nil) {
		c.control().handoff = h
	}
}

// closeSignal is the panic value that unwinds a body being closed under the
// pull handoff.
type closeSignalType struct{}

var closeSignal = &closeSignalType{}

// pullState is the pull handoff's part of the control block. It belongs
// to the goroutine behind the iter.Pull sequence (a pullWorker), which
// runs one body after another when the loop gives it a pool.
type pullState struct {
	next  func() (yieldMsg, bool)
	stop  func()
	yield func(yieldMsg) bool
	box   resumeMsg   // the message the driver leaves for the body
	final outcome     // how the body ended, once the sequence has returned
	w     *pullWorker // the worker this state is part of
}

// pullWorker is the pull handoff's worker: an iter.Pull sequence whose
// goroutine runs coroutine bodies one after another. Between bodies it is
// parked in its pool, suspended in yield; the resume that hands it a new
// body (next) wakes it, with the body in job.
type pullWorker struct {
	st  pullState
	job pullRunner
}

// pullRunner is a coroutine whose body a pull worker can run.
type pullRunner interface{ runPullBody() bool }

// run is the sequence: run the body and, if it may go back to the pool,
// hand the driver the body's last message and wait there for the next.
func (w *pullWorker) run(yield func(yieldMsg) bool) {
	w.st.yield = yield
	for {
		job := w.job
		w.job = nil
		if job == nil || !job.runPullBody() {
			return
		}
		// In the pool now: this yield is the body's last message. It
		// returns when a new body is handed over, or reports false when
		// the pool closes (stop).
		if !yield(yieldMsg{why: returned}) {
			return
		}
	}
}

func (c *Coroutine[T]) startPull(ctl *control) {
	w := ctl.workers.getPull()
	if w == nil {
		w = &pullWorker{}
		w.st.w = w
		w.st.next, w.st.stop = iter.Pull(w.run)
	}
	w.job = c
	ctl.pull = &w.st
}

// runPullBody runs the body on a pull worker and reports whether the
// worker went back to its pool (only after a body that returned or
// panicked, as with the channel handoff's workers).
func (c *Coroutine[T]) runPullBody() bool {
	ctl := c.ctl.Load()
	c.pullBody(ctl)
	if ctl.pull.final != returned {
		return false
	}
	// Back to the pool before the last message: once the driver has it,
	// the next coroutine started may take this goroutine.
	return ctl.workers.putPull(ctl.pull.w)
}

// resumePull is one round trip of the driver under the pull handoff.
func (c *Coroutine[T]) resumePull(ctl *control, m resumeMsg) yieldMsg {
	ctl.pull.box = m
	y, ok := ctl.pull.next()
	if !ok {
		return yieldMsg{why: ctl.pull.final}
	}
	return y
}

// pullYield is Co.Yield under the pull handoff.
func (ctl *control) pullYield(v any) error {
	if !ctl.pull.yield(yieldMsg{value: v, why: yielded}) {
		ctl.closing = true
		panic(closeSignal)
	}
	m := ctl.pull.box
	if m.close {
		ctl.closing = true
		panic(closeSignal)
	}
	return m.err
}

// pullBody runs on the sequence's goroutine.
func (c *Coroutine[T]) pullBody(ctl *control) {
	if tracking() {
		ctl.goid.Store(Goid())
	}
	m := ctl.pull.box
	if m.close {
		ctl.pull.final = unwound
		return
	}
	if m.err != nil {
		c.err = m.err
		ctl.pull.final = returned
		return
	}
	finished := false
	defer func() {
		if finished {
			return
		}
		r := recover()
		switch {
		case r == nil:
			// runtime.Goexit: record it; iter.Pull re-raises it on the
			// driver, which then never looks at the message.
			c.state = Closed
			c.err = ErrGoexit
		case r == closeSignal:
			ctl.pull.final = unwound
		case ctl.closing:
			// A deferred call panicked while the body was being closed.
			ctl.closeErr = NewPanicError(r)
			ctl.pull.final = unwound
		default:
			c.err = NewPanicError(r)
			ctl.pull.final = returned
		}
	}()
	c.result, c.err = c.fn(&ctl.co)
	finished = true
	if ctl.closing {
		// The body caught the close and returned: that ends it too.
		ctl.pull.final = unwound
		return
	}
	ctl.pull.final = returned
}
