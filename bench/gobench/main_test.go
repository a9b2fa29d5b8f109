package gobench_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a benchmark leaves a goroutine (a task's
// coroutine) running.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
