package main

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestMatchesCPython runs main and compares its output with main.py's
// under CPython 3.13 (or the committed golden file).
func TestMatchesCPython(t *testing.T) {
	loop.SetEventLoop(nil) // a fresh default loop, as in a new process
	got := difftest.CaptureStdout(t, main)
	difftest.Compare(t, got, "main.py")
}
