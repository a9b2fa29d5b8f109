package looptest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any goroutine is left running after the
// tests: the kit's own checks must not leave any either.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
