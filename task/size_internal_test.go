package task

import (
	"testing"
	"unsafe"
)

// TestTaskFitsItsSizeClass guards the memory per pending task: a task,
// its future and its coroutine's control block are one allocation, which
// fits the runtime's 448-byte size class. One field more would move every
// task to the 480-byte class.
func TestTaskFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(Task[int]{}); n > 448 {
		t.Errorf("Task[int] is %d bytes, over the 448-byte size class", n)
	}
}
