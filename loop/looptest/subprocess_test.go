package looptest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop/looptest"
	"github.com/goasyncio/goasyncio/task"
)

const ltHelperEnv = "GOASYNCIO_LOOPTEST_HELPER"

// TestLtHelperProcess is not a test of its own: TestRequireFailsRealSubtest
// runs it in a child process, where its first subtest fails for real.
func TestLtHelperProcess(t *testing.T) {
	if os.Getenv(ltHelperEnv) != "1" {
		t.Skip("run by TestRequireFailsRealSubtest in a child process")
	}
	t.Run("inner", func(t *testing.T) {
		looptest.Run(t, coroutine.New(func(co *coroutine.Co) (int, error) {
			never := task.NewFuture[int](co)
			if _, err := task.CreateTask(co, ltWaitForever(never, nil), task.WithName("sibling")); err != nil {
				return 0, err
			}
			if err := task.Sleep(co, time.Hour); err != nil {
				return 0, err
			}
			require.Equal(t, 1, 2, "inner values differ")
			fmt.Println("AFTER REQUIRE")
			return 0, nil
		}))
		fmt.Println("AFTER RUN")
	})
	t.Run("next", func(t *testing.T) {
		fmt.Println("NEXT RAN", looptest.Run(t, ltSleepThenReturn(time.Hour, 3)))
	})
}

// A real test whose require fails inside a coroutine: run in a child
// process (a failing subtest would fail this test too). The subtest fails
// with the assertion's message and nothing else, stops where it failed,
// the next subtest runs, and the process ends normally (no hang, no
// leaked goroutine reported by TestMain's goleak, no panic).
func TestRequireFailsRealSubtest(t *testing.T) {
	if os.Getenv(ltHelperEnv) == "1" {
		t.Skip("in the child process")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLtHelperProcess$", "-test.v", "-test.timeout=90s")
	cmd.Env = append(os.Environ(), ltHelperEnv+"=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the child must fail: %v\n%s", err, text)
	assert.Equal(t, 1, exit.ExitCode(), text)

	assert.Contains(t, text, "--- FAIL: TestLtHelperProcess/inner")
	assert.Contains(t, text, "inner values differ")
	assert.Contains(t, text, "looptest: task sibling (coroutine ltWaitForever) was still pending when the test stopped inside the loop")
	assert.NotContains(t, text, "AFTER REQUIRE")
	assert.NotContains(t, text, "AFTER RUN")
	assert.Contains(t, text, "--- PASS: TestLtHelperProcess/next")
	assert.Contains(t, text, "NEXT RAN 3")
	assert.NotContains(t, text, "found unexpected goroutines")
	assert.NotContains(t, text, "panic:")
	assert.NotContains(t, text, "test executed panic(nil) or runtime.Goexit")
	assert.Equal(t, 1, countLines(text, "looptest: "), "only the sibling's log line comes from the kit:\n%s", text)
}

func countLines(text, substr string) int {
	n := 0
	for line := range strings.Lines(text) {
		if strings.Contains(line, substr) {
			n++
		}
	}
	return n
}

// With goroutine labels left out of tracebacks (GODEBUG
// tracebacklabels=0), the goroutine check falls back to goleak's rule
// narrowed to goroutines started by goasyncio or the test: the serial
// tests still pass there, the leak test included.
func TestFallbackWithoutTracebackLabels(t *testing.T) {
	if os.Getenv(ltHelperEnv) == "1" {
		t.Skip("in the child process")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.v", "-test.timeout=90s",
		"-test.run=^(TestRunHappyPath|TestRunPendingTask|TestRunLeakedGoroutine|TestRequireInsideCoroutine|TestHarnessAdvance)$")
	cmd.Env = append(os.Environ(), "GODEBUG=tracebacklabels=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, 5, strings.Count(string(out), "--- PASS: "), "%s", out)
}
