package looptest

import (
	"context"
	"runtime/pprof"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Goroutine headers are parsed the way the runtime prints them: labels
// bare when made of safe characters, Go-quoted otherwise, after the
// status (which may name a synctest bubble).
func TestParseLabels(t *testing.T) {
	for _, c := range []struct {
		header string
		want   []string
	}{
		{"goroutine 7 [running]:", nil},
		{"goroutine 7 [chan receive, 2 minutes]:", nil},
		{"goroutine 7 [running] {goasyncio.looptest.3: 1}:", []string{"goasyncio.looptest.3", "1"}},
		{"goroutine 7 [select, synctest bubble 4] {a: 1, b/c_d: x.y}:", []string{"a", "1", "b/c_d", "x.y"}},
		{`goroutine 7 [running] {"my key": "a \"quoted\"\tvalue", z: 2}:`, []string{"my key", "a \"quoted\"\tvalue", "z", "2"}},
		{`goroutine 7 [running] {"broken: 1}:`, nil},
	} {
		assert.Equal(t, c.want, parseLabels(c.header), c.header)
	}
	assert.True(t, hasLabel("goroutine 1 [running] {goasyncio.looptest.12: 1}:", "goasyncio.looptest.12"))
	assert.False(t, hasLabel("goroutine 1 [running] {goasyncio.looptest.12: 1}:", "goasyncio.looptest.1"))
}

// Opening and closing a scope adds and removes only the harness's own
// label; labels the goroutine already carried are kept.
func TestScopeKeepsOtherLabels(t *testing.T) {
	if !labelsVisible() {
		t.Skip("goroutine labels are not printed in tracebacks (GODEBUG tracebacklabels=0)")
	}
	done := make(chan []string, 3)
	go func() {
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("user key", "v")))
		s := openScope()
		done <- parseLabels(firstLine(stackDump(false)))
		inner := openScope()
		s.close() // out of order
		done <- parseLabels(firstLine(stackDump(false)))
		inner.close()
		done <- parseLabels(firstLine(stackDump(false)))
	}()
	first := <-done
	assert.Len(t, first, 4)
	assert.Contains(t, first, "user key")
	second := <-done
	assert.Len(t, second, 4, "only the outer scope's label went")
	assert.Contains(t, second, "user key")
	assert.Equal(t, []string{"user key", "v"}, <-done)
}
