package heapq_test

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/internal/heapq"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// item is a heap element that compares by key only, like an asyncio
// TimerHandle compares by its deadline; id tells equal keys apart.
type item struct {
	key int
	id  int
}

func itemLess(a, b item) bool { return a.key < b.key }

func intLess(a, b int) bool { return a < b }

// popAll pops every element and returns their ids in pop order.
func popAll(h *[]item) []int {
	var ids []int
	for len(*h) > 0 {
		ids = append(ids, heapq.Pop(h, itemLess).id)
	}
	return ids
}

// checkHeap fails the test unless s satisfies the min-heap invariant, i.e. no
// child is less than its parent.
func checkHeap[E any](t *testing.T, s []E, less func(a, b E) bool) {
	t.Helper()
	for i := 1; i < len(s); i++ {
		if p := (i - 1) / 2; less(s[i], s[p]) {
			t.Fatalf("heap invariant broken: s[%d] < s[%d] (parent)", i, p)
		}
	}
}

// TestEqualKeyOrder pins the tie order documented for asyncio timers: n timers
// with the same deadline plus one later timer, popped one by one.
func TestEqualKeyOrder(t *testing.T) {
	cases := []struct {
		n    int
		want []int
	}{
		{1, []int{0, 1}},
		{2, []int{0, 1, 2}},
		{3, []int{0, 2, 1, 3}},
		{8, []int{0, 2, 6, 5, 7, 1, 3, 4, 8}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			var h []item
			for i := range tc.n {
				heapq.Push(&h, item{key: 0, id: i}, itemLess)
			}
			heapq.Push(&h, item{key: 1, id: tc.n}, itemLess) // the later "stop" element
			if got := popAll(&h); !slices.Equal(got, tc.want) {
				t.Fatalf("pop order = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestHeapifyEqualKeys checks heapify's tie handling on a small all-equal list,
// with expected orders taken from CPython 3.13.
func TestHeapifyEqualKeys(t *testing.T) {
	// Python: h = [I(0, i) for i in range(n)]; heapify(h); [heappop(h).id ...]
	cases := map[int][]int{
		5: {2, 0, 1, 4, 3},
		8: {6, 2, 0, 5, 3, 1, 4, 7},
	}
	for n, want := range cases {
		h := make([]item, n)
		for i := range h {
			h[i] = item{id: i}
		}
		heapq.Heapify(h, itemLess)
		if got := popAll(&h); !slices.Equal(got, want) {
			t.Errorf("n=%d: pop order after heapify = %v, want %v", n, got, want)
		}
	}
}

// stdHeap adapts a slice of items to container/heap.
type stdHeap []item

func (h stdHeap) Len() int           { return len(h) }
func (h stdHeap) Less(i, j int) bool { return h[i].key < h[j].key }
func (h stdHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *stdHeap) Push(x any)        { *h = append(*h, x.(item)) }
func (h *stdHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestDiffersFromContainerHeap backs the package documentation: the standard
// library heap yields a different order for equal keys, so it cannot be used
// to reproduce CPython's behaviour.
func TestDiffersFromContainerHeap(t *testing.T) {
	var ours []item
	std := &stdHeap{}
	for i := range 8 {
		heapq.Push(&ours, item{id: i}, itemLess)
		heap.Push(std, item{id: i})
	}
	var stdIDs []int
	for std.Len() > 0 {
		stdIDs = append(stdIDs, heap.Pop(std).(item).id)
	}
	ourIDs := popAll(&ours)
	if slices.Equal(ourIDs, stdIDs) {
		t.Fatalf("container/heap unexpectedly matches CPython order %v", ourIDs)
	}
	t.Logf("heapq: %v, container/heap: %v", ourIDs, stdIDs)
}

func TestPopEmptyPanics(t *testing.T) {
	defer func() {
		r := recover()
		if r != "heapq: pop from empty heap" {
			t.Fatalf("recovered %v, want the empty-heap panic", r)
		}
	}()
	var h []int
	heapq.Pop(&h, intLess)
	t.Fatal("Pop on an empty heap did not panic")
}

func TestPopClearsVacatedSlot(t *testing.T) {
	less := func(a, b *int) bool { return *a < *b }
	var h []*int
	for i := range 5 {
		heapq.Push(&h, &i, less)
	}
	for n := 5; n > 0; n-- {
		heapq.Pop(&h, less)
		if len(h) != n-1 {
			t.Fatalf("len after pop = %d, want %d", len(h), n-1)
		}
		if vacated := h[:n][n-1]; vacated != nil {
			t.Fatalf("slot %d still holds %d after pop", n-1, *vacated)
		}
	}
}

func TestHeapifyEmptyAndSingle(t *testing.T) {
	heapq.Heapify([]int(nil), intLess)
	one := []int{7}
	heapq.Heapify(one, intLess)
	if one[0] != 7 {
		t.Fatalf("heapify changed a one-element slice: %v", one)
	}
	if got := heapq.Pop(&one, intLess); got != 7 || len(one) != 0 {
		t.Fatalf("Pop = %d, len %d; want 7, 0", got, len(one))
	}
}

// TestProperties runs random operation sequences and checks, after every
// operation, that the heap invariant holds, that the heap holds exactly the
// elements of a simple model, and that each pop returns a minimum.
func TestProperties(t *testing.T) {
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 0x5eed))
		nkeys := 1 + r.IntN(10)
		var h []item
		model := map[int]int{} // id -> key
		nextID := 0
		for range 500 {
			switch p := r.IntN(100); {
			case p < 50:
				x := item{key: r.IntN(nkeys), id: nextID}
				nextID++
				heapq.Push(&h, x, itemLess)
				model[x.id] = x.key
			case p < 95:
				if len(h) == 0 {
					continue
				}
				minKey := h[0].key
				for _, k := range model {
					minKey = min(minKey, k)
				}
				x := heapq.Pop(&h, itemLess)
				if x.key != minKey {
					t.Fatalf("seed %d: popped key %d, minimum is %d", seed, x.key, minKey)
				}
				if k, ok := model[x.id]; !ok || k != x.key {
					t.Fatalf("seed %d: popped unknown element %+v", seed, x)
				}
				delete(model, x.id)
			default:
				r.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
				heapq.Heapify(h, itemLess)
			}
			checkHeap(t, h, itemLess)
			if len(h) != len(model) {
				t.Fatalf("seed %d: heap has %d elements, model %d", seed, len(h), len(model))
			}
			for _, x := range h {
				if k, ok := model[x.id]; !ok || k != x.key {
					t.Fatalf("seed %d: heap holds unexpected element %+v", seed, x)
				}
			}
		}
		// Draining must yield the keys in sorted order.
		var keys []int
		for len(h) > 0 {
			keys = append(keys, heapq.Pop(&h, itemLess).key)
		}
		if !slices.IsSorted(keys) {
			t.Fatalf("seed %d: drained keys not sorted: %v", seed, keys)
		}
	}
}

func BenchmarkPushPop(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]int, 1024)
	for i := range keys {
		keys[i] = r.IntN(1 << 20)
	}
	h := make([]int, 0, len(keys))
	for b.Loop() {
		for _, k := range keys {
			heapq.Push(&h, k, intLess)
		}
		for len(h) > 0 {
			heapq.Pop(&h, intLess)
		}
	}
}

func BenchmarkHeapify(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	src := make([]int, 1024)
	for i := range src {
		src[i] = r.IntN(1 << 20)
	}
	s := make([]int, len(src))
	for b.Loop() {
		copy(s, src)
		heapq.Heapify(s, intLess)
	}
}
