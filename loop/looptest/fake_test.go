package looptest_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// ltFakeTB stands in for a test's *testing.T so that the kit's failures
// can be observed without failing the real test. It embeds the real test
// only to satisfy testing.TB's unexported method; it overrides every
// method the kit and testify call. Like testing.T's, its FailNow ends the
// calling goroutine with runtime.Goexit, so it must be used on a
// goroutine of its own (see ltRunFake).
type ltFakeTB struct {
	testing.TB

	mu       sync.Mutex
	errs     []string // Error, Errorf, and the message of Fatal/Fatalf
	logs     []string
	failed   bool
	stopped  bool // FailNow was called
	cleanups []func()
}

func (f *ltFakeTB) record(list *[]string, msg string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*list = append(*list, msg)
}

func (f *ltFakeTB) Helper() {}

func (f *ltFakeTB) Errorf(format string, args ...any) {
	f.record(&f.errs, fmt.Sprintf(format, args...))
	f.Fail()
}

func (f *ltFakeTB) Error(args ...any) {
	f.record(&f.errs, fmt.Sprint(args...))
	f.Fail()
}

func (f *ltFakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	f.FailNow()
}

func (f *ltFakeTB) Fatal(args ...any) {
	f.Error(args...)
	f.FailNow()
}

func (f *ltFakeTB) Logf(format string, args ...any) { f.record(&f.logs, fmt.Sprintf(format, args...)) }
func (f *ltFakeTB) Log(args ...any)                 { f.record(&f.logs, fmt.Sprint(args...)) }

func (f *ltFakeTB) Fail() {
	f.mu.Lock()
	f.failed = true
	f.mu.Unlock()
}

func (f *ltFakeTB) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *ltFakeTB) FailNow() {
	f.mu.Lock()
	f.failed, f.stopped = true, true
	f.mu.Unlock()
	runtime.Goexit()
}

func (f *ltFakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	f.cleanups = append(f.cleanups, fn)
	f.mu.Unlock()
}

// runCleanups runs the registered cleanups, last first, as testing does.
func (f *ltFakeTB) runCleanups() {
	for {
		f.mu.Lock()
		n := len(f.cleanups)
		if n == 0 {
			f.mu.Unlock()
			return
		}
		fn := f.cleanups[n-1]
		f.cleanups = f.cleanups[:n-1]
		f.mu.Unlock()
		fn()
	}
}

func (f *ltFakeTB) errors() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errs...)
}

func (f *ltFakeTB) logged() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.logs...)
}

// ltRunFake runs body as the body of a fake test: on a goroutine of its
// own, which FailNow may end, followed by the cleanups, as tRunner does.
func ltRunFake(t *testing.T, body func(ft *ltFakeTB)) *ltFakeTB {
	ft := &ltFakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer ft.runCleanups()
		body(ft)
	}()
	<-done
	return ft
}
