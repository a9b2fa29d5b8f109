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

// pullState is the pull handoff's part of the control block.
type pullState struct {
	next  func() (yieldMsg, bool)
	stop  func()
	yield func(yieldMsg) bool
	box   resumeMsg // the message the driver leaves for the body
	final outcome   // how the body ended, once the sequence has returned
}

func (c *Coroutine[T]) startPull(ctl *control) {
	ctl.pull = &pullState{}
	ctl.pull.next, ctl.pull.stop = iter.Pull(func(yield func(yieldMsg) bool) {
		ctl.pull.yield = yield
		c.pullBody(ctl)
	})
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
