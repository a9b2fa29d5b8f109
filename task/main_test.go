package task_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any goroutine is left running after the
// tests: every coroutine goroutine must be reclaimed.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
