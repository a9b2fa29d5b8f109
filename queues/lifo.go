package queues

// LifoQueue is asyncio.LifoQueue: a queue that hands out the item put most
// recently first, like a stack. Create one with [NewLifo]; the zero value
// is not usable. All its methods must be called on the goroutine of the
// event loop the queue is used with (see the package documentation).
// String lists the items from the oldest to the newest, as CPython does.
type LifoQueue[T any] struct {
	base[T]
}

// NewLifo returns an empty last-in first-out queue
// (asyncio.LifoQueue(maxsize)). maxsize is as for [New].
func NewLifo[T any](maxsize int) *LifoQueue[T] {
	q := &LifoQueue[T]{}
	q.init(kindLIFO, maxsize, nil)
	return q
}
