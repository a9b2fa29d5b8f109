package queues

import "cmp"

// PriorityQueue is asyncio.PriorityQueue: a queue that hands out its
// smallest item first, by the less function it was created with. Create
// one with [NewPriority] or [NewOrderedPriority]; the zero value is not
// usable. All its methods must be called on the goroutine of the event
// loop the queue is used with (see the package documentation).
//
// The items are kept in a binary heap maintained exactly as Python's
// heapq module does it, so items that compare equal come out in the same
// order as from CPython's PriorityQueue (which is not insertion order). To
// get insertion order for equal priorities, do what Python programs do:
// put (priority, sequence number, data) entries and compare the sequence
// number too. String shows the items in heap order, as CPython does.
type PriorityQueue[T any] struct {
	base[T]
}

// NewPriority returns an empty priority queue
// (asyncio.PriorityQueue(maxsize)) ordered by less, which reports whether
// a sorts before b; it plays the part of Python's < on the items and is
// the only comparison ever made. maxsize is as for [New]. NewPriority
// panics if less is nil.
func NewPriority[T any](maxsize int, less func(a, b T) bool) *PriorityQueue[T] {
	if less == nil {
		panic("queues: NewPriority with a nil less function")
	}
	q := &PriorityQueue[T]{}
	q.init(kindPriority, maxsize, less)
	return q
}

// NewOrderedPriority returns an empty priority queue of ordered values
// (numbers or strings), smallest first, compared with the < operator as
// Python compares them (a NaN compares false with everything, so where NaNs
// end up depends on the heap's history, as in CPython). maxsize is as for
// [New].
func NewOrderedPriority[T cmp.Ordered](maxsize int) *PriorityQueue[T] {
	return NewPriority(maxsize, func(a, b T) bool { return a < b })
}
