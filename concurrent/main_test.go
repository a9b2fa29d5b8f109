package concurrent_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: every
// pool worker must have exited once its pool is shut down.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
