package queues_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a goroutine (a task's coroutine) is left
// running after the tests.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
