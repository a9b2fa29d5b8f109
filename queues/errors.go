package queues

// queueError is the type of the three sentinel errors of this package. Each
// stands for one of the exception classes of CPython's asyncio/queues.py,
// which are raised there without arguments.
type queueError struct {
	name string // the Python class name
	text string // the Go error text
}

// Error returns a short Go-style description ("queues: queue is empty").
func (e *queueError) Error() string { return e.text }

// PyRepr is Python's repr of the raised exception, such as QueueEmpty().
func (e *queueError) PyRepr() string { return e.name + "()" }

// PyStr is Python's str of the raised exception: the empty string, since
// asyncio raises these classes with no message.
func (e *queueError) PyStr() string { return "" }

// The errors the queues return. They are sentinels: compare with == or
// errors.Is. With package pyfmt they print as Python prints the
// exceptions: repr QueueEmpty(), QueueFull(), QueueShutDown(), and an
// empty str.
var (
	// ErrQueueEmpty is asyncio.QueueEmpty: GetNowait on an empty queue
	// that has not been shut down.
	ErrQueueEmpty error = &queueError{name: "QueueEmpty", text: "queues: queue is empty"}

	// ErrQueueFull is asyncio.QueueFull: PutNowait on a bounded queue that
	// holds maxsize items.
	ErrQueueFull error = &queueError{name: "QueueFull", text: "queues: queue is full"}

	// ErrQueueShutDown is asyncio.QueueShutDown (3.13): Put or PutNowait
	// after Shutdown, and Get or GetNowait after Shutdown once the queue is
	// empty (at once after Shutdown(true), which empties it). Putters
	// blocked when Shutdown is called wake up and return it; so do blocked
	// getters, once they find the queue empty.
	ErrQueueShutDown error = &queueError{name: "QueueShutDown", text: "queues: queue is shut down"}
)
