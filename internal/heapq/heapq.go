// Package heapq is a line-for-line port of the binary min-heap algorithm in
// CPython's Lib/heapq.py (heappush, heappop and heapify), generic over the
// element type.
//
// The Go standard library's container/heap cannot be used in its place. Both
// keep a valid min-heap, but they restore the invariant differently, so when
// several elements compare equal they come out in a different order:
//
//   - On pop, CPython moves the last element to the root and then walks the
//     hole all the way down to a leaf, always promoting the smaller child and
//     choosing the right child when the two children are equal
//     ("not left < right"). Only then does it sift the moved element back up.
//     container/heap instead stops as soon as the moved element is not greater
//     than its children, and prefers the left child on ties.
//   - heapify uses the same leaf-first sift, visiting positions n/2-1 down to
//     0.
//
// The port is needed so that Go programs which mirror Python programs (for
// example an event loop whose timers share the same deadline) process equal
// keys in exactly the same order as CPython does. Only the less function is
// ever called, mirroring heapq's exclusive use of the < operator.
package heapq

// Push appends x and restores the heap invariant (heapq.heappush).
//
// The slice pointed to by h must already be a heap with respect to less.
func Push[E any](h *[]E, x E, less func(a, b E) bool) {
	*h = append(*h, x)
	siftDown(*h, 0, len(*h)-1, less)
}

// Pop removes and returns the smallest element (heapq.heappop). Panics "heapq: pop from empty heap" on empty.
//
// The slice pointed to by h must be a heap with respect to less. The slot
// freed at the end of the backing array is reset to the zero value so that
// the heap does not keep the popped element (or anything it points to) alive.
func Pop[E any](h *[]E, less func(a, b E) bool) E {
	s := *h
	n := len(s)
	if n == 0 {
		panic("heapq: pop from empty heap")
	}
	// Take the last element off, like list.pop() in the Python code.
	last := s[n-1]
	var zero E
	s[n-1] = zero
	s = s[:n-1]
	*h = s
	if len(s) == 0 {
		return last
	}
	top := s[0]
	s[0] = last
	siftUp(s, 0, less)
	return top
}

// Heapify rearranges s into a heap in place (heapq.heapify).
//
// It runs in linear time and visits the internal nodes from the last one
// (index len(s)/2-1) back to the root, exactly as CPython does.
func Heapify[E any](s []E, less func(a, b E) bool) {
	for i := len(s)/2 - 1; i >= 0; i-- {
		siftUp(s, i, less)
	}
}

// siftDown is CPython's _siftdown. Every position of s at or after start
// satisfies the heap property except possibly pos, which holds an element
// that may be smaller than its ancestors. The element is carried towards
// start, moving each larger parent one level down, until its parent is not
// greater than it.
func siftDown[E any](s []E, start, pos int, less func(a, b E) bool) {
	item := s[pos]
	for pos > start {
		parent := (pos - 1) >> 1
		if !less(item, s[parent]) {
			break
		}
		s[pos] = s[parent]
		pos = parent
	}
	s[pos] = item
}

// siftUp is CPython's _siftup. Both subtrees below pos are heaps; the element
// at pos may not belong there. The hole at pos is first moved down to a leaf
// by repeatedly promoting the smaller child (the right one when neither is
// smaller than the other), without comparing against the displaced element at
// all. The displaced element is then dropped into the leaf and carried back
// up with siftDown, bounded by the original pos.
func siftUp[E any](s []E, pos int, less func(a, b E) bool) {
	end := len(s)
	start := pos
	item := s[pos]
	child := 2*pos + 1
	for child < end {
		if right := child + 1; right < end && !less(s[child], s[right]) {
			child = right
		}
		s[pos] = s[child]
		pos = child
		child = 2*pos + 1
	}
	s[pos] = item
	siftDown(s, start, pos, less)
}
