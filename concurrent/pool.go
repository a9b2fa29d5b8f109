package concurrent

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// ErrShutdown is returned by Submit after Shutdown (Python's
// RuntimeError('cannot schedule new futures after shutdown')).
var ErrShutdown = errors.New("cannot schedule new futures after shutdown")

// Pool is a bounded pool of goroutines that runs submitted functions in
// FIFO order (ThreadPoolExecutor). Workers start on demand, up to the
// limit, and exit at Shutdown once the queue is empty. Safe for
// concurrent use.
type Pool struct {
	mu       sync.Mutex
	cond     sync.Cond
	queue    []func()
	max      int
	workers  int
	idle     int // workers waiting for work
	signaled int // of those, how many were already woken for queued work
	shutdown bool
	wg       sync.WaitGroup

	// PanicHandler receives a panic raised by a submitted function, with
	// the stack; set it before submitting. Without one the panic is
	// written to stderr. Either way the worker goes on.
	PanicHandler func(value any, stack []byte)
}

// DefaultWorkers is ThreadPoolExecutor's default size: min(32, CPUs+4).
func DefaultWorkers() int { return min(32, runtime.NumCPU()+4) }

// NewPool returns a pool of at most max goroutines (DefaultWorkers if max
// is zero or less).
func NewPool(max int) *Pool {
	if max <= 0 {
		max = DefaultWorkers()
	}
	p := &Pool{max: max}
	p.cond.L = &p.mu
	return p
}

// Submit queues fn to run on a pool goroutine. After Shutdown it returns
// ErrShutdown.
func (p *Pool) Submit(fn func()) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shutdown {
		return ErrShutdown
	}
	p.queue = append(p.queue, fn)
	if p.idle > p.signaled {
		// Wake one idle worker per queued job; each woken worker is
		// spoken for until it takes its job.
		p.signaled++
		p.cond.Signal()
	} else if p.workers < p.max {
		p.workers++
		p.wg.Add(1)
		go p.worker()
	}
	return nil
}

func (p *Pool) worker() {
	defer p.wg.Done()
	p.mu.Lock()
	for {
		for len(p.queue) == 0 && !p.shutdown {
			p.idle++
			p.cond.Wait()
			p.idle--
			if p.signaled > 0 {
				p.signaled--
			}
		}
		if len(p.queue) == 0 {
			p.workers--
			p.mu.Unlock()
			return
		}
		fn := p.queue[0]
		p.queue[0] = nil
		p.queue = p.queue[1:]
		p.mu.Unlock()
		p.run(fn)
		p.mu.Lock()
	}
}

// run runs one job. A panic in it does not kill the process from a pool
// goroutine: it goes to PanicHandler, or is written to stderr.
func (p *Pool) run(fn func()) {
	defer func() {
		if r := recover(); r != nil {
			if p.PanicHandler != nil {
				p.PanicHandler(r, debug.Stack())
				return
			}
			fmt.Fprintf(os.Stderr, "concurrent: panic in a pool job: %v\n%s", r, debug.Stack())
		}
	}()
	fn()
}

// Shutdown stops taking new work; queued work still runs. With wait, it
// returns once every worker has exited.
func (p *Pool) Shutdown(wait bool) {
	p.mu.Lock()
	p.shutdown = true
	p.cond.Broadcast()
	p.mu.Unlock()
	if wait {
		p.wg.Wait()
	}
}

// Wait blocks until every worker has exited (after Shutdown).
func (p *Pool) Wait() { p.wg.Wait() }
