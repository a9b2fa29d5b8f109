package loop

import "github.com/goasyncio/goasyncio/task"

// readyQueue is BaseEventLoop._ready: a FIFO of handles (a deque in
// CPython), here a growable ring buffer so that steady-state pushing and
// popping allocates nothing.
type readyQueue struct {
	buf        []*task.Handle
	head, size int
}

func (q *readyQueue) len() int { return q.size }

func (q *readyQueue) push(h *task.Handle) {
	if q.size == len(q.buf) {
		q.grow()
	}
	q.buf[(q.head+q.size)&(len(q.buf)-1)] = h
	q.size++
}

func (q *readyQueue) pop() *task.Handle {
	h := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.size--
	return h
}

// at returns the i-th queued handle without removing it.
func (q *readyQueue) at(i int) *task.Handle { return q.buf[(q.head+i)&(len(q.buf)-1)] }

func (q *readyQueue) grow() {
	n := len(q.buf) * 2
	if n == 0 {
		n = 64
	}
	buf := make([]*task.Handle, n)
	for i := 0; i < q.size; i++ {
		buf[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
	}
	q.buf, q.head = buf, 0
}

func (q *readyQueue) clear() {
	clear(q.buf)
	q.head, q.size = 0, 0
}
