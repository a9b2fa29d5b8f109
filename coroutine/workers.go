package coroutine

// This file answers "where do coroutine goroutines come from?" Starting a
// goroutine is the largest cost of spawning a task, and most tasks are
// short. So a driver can give its coroutines a pool of parked goroutines:
// a body that returns hands its goroutine back to the pool before its last
// message, and the next coroutine started takes it instead of starting a
// new one. Only bodies that return (or panic) give their goroutine back; a
// body unwound by Close or ended by runtime.Goexit takes its goroutine
// with it.
//
// A pool needs no lock: it is only touched during a handoff, while the
// other side waits, so one piece of code touches it at a time (the same
// exclusion that lets coroutines share memory with their driver).

// bodyRunner is a coroutine whose body a worker goroutine can run.
type bodyRunner interface{ runBody() bool }

// worker is a goroutine that runs coroutine bodies one after another, and
// the channel it is driven through.
type worker struct {
	ch chan wire
	// job is the next body for a parked worker, set by the driver just
	// before the resume message that wakes it; first is that message.
	// They live here, not in the messages or the frames, so that the
	// messages stay small and the goroutine's stack within 2 KB.
	job      bodyRunner
	first    resumeMsg
	hasFirst bool
}

// run is a worker goroutine: run the body, then wait in the pool for the
// next one, until the pool is closed.
func (w *worker) run(job bodyRunner) {
	for job.runBody() {
		r := <-w.ch
		w.first = resumeMsg{err: r.err, close: r.close}
		if w.job == nil {
			return // the pool was closed
		}
		job, w.job, w.hasFirst = w.job, nil, true
	}
}

// Workers is a pool of parked goroutines for the coroutines one driver
// (an event loop) starts. Use it with SetWorkers before a coroutine
// starts, from the driver's side of the handoff only, and Close it when
// the driver is done with it: parked goroutines then exit.
type Workers struct {
	free   []*worker
	pfree  []*pullWorker // parked goroutines of the pull handoff
	max    int
	closed bool
}

// NewWorkers returns a pool that keeps at most max parked goroutines.
func NewWorkers(max int) *Workers { return &Workers{max: max} }

// SetWorkers makes the coroutine take its goroutine from p, and give it
// back when its body returns. On a coroutine that has started it does
// nothing.
func (c *Coroutine[T]) SetWorkers(p *Workers) {
	if c.state == Created && p != nil {
		c.control().workers = p
	}
}

func (p *Workers) get() *worker {
	if p == nil || len(p.free) == 0 {
		return nil
	}
	n := len(p.free) - 1
	w := p.free[n]
	p.free[n] = nil
	p.free = p.free[:n]
	return w
}

func (p *Workers) put(w *worker) bool {
	if p == nil || p.closed || len(p.free)+len(p.pfree) >= p.max {
		return false
	}
	p.free = append(p.free, w)
	return true
}

func (p *Workers) getPull() *pullWorker {
	if p == nil || len(p.pfree) == 0 {
		return nil
	}
	n := len(p.pfree) - 1
	w := p.pfree[n]
	p.pfree[n] = nil
	p.pfree = p.pfree[:n]
	return w
}

func (p *Workers) putPull(w *pullWorker) bool {
	if p == nil || p.closed || len(p.free)+len(p.pfree) >= p.max {
		return false
	}
	p.pfree = append(p.pfree, w)
	return true
}

// Parked returns how many goroutines wait in the pool.
func (p *Workers) Parked() int { return len(p.free) + len(p.pfree) }

// Close lets every parked goroutine exit and stops taking goroutines back.
func (p *Workers) Close() {
	if p == nil {
		return
	}
	p.closed = true
	for _, w := range p.free {
		w.ch <- wire{}
	}
	clear(p.free)
	p.free = nil
	for _, w := range p.pfree {
		w.st.stop() // its yield reports false and the sequence returns
	}
	clear(p.pfree)
	p.pfree = nil
}
