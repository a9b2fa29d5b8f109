package narrate_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/narrate"
)

var _ narrate.Loop = (*loop.Loop)(nil)

var nrtUpdate = flag.Bool("update", false, "rewrite the golden files in testdata")

// nrtTaskName matches the automatic task names, numbered process-wide.
var nrtTaskName = regexp.MustCompile(`\bTask-(\d+)\b`)

// nrtRenumber renames Task-N names in order of first appearance, so the
// narration reads as it would in a fresh process (the first task
// created is Task-1), whichever tests ran before.
func nrtRenumber(s string) string {
	seen := map[string]string{}
	return nrtTaskName.ReplaceAllStringFunc(s, func(m string) string {
		if r, ok := seen[m]; ok {
			return r
		}
		r := "Task-" + strconv.Itoa(len(seen)+1)
		seen[m] = r
		return r
	})
}

// nrtGolden compares got (renumbered) with testdata/name.golden.
func nrtGolden(t *testing.T, name, got string) {
	t.Helper()
	got = nrtRenumber(got)
	path := filepath.Join("testdata", name+".golden")
	if *nrtUpdate {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got)
}

// nrtOut is where a test program prints and the narrator narrates, so
// the golden file shows both in the order they happened, as a terminal
// shows stdout and stderr.
type nrtOut struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (o *nrtOut) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *nrtOut) printf(format string, a ...any) { fmt.Fprintf(o, format, a...) }

func (o *nrtOut) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// nrtLoop returns a virtual-clock loop narrated to out; exception
// handler calls are left to the narration.
func nrtLoop(out io.Writer, opts ...loop.Option) *loop.Loop {
	quiet := loop.WithExceptionHandler(func(*loop.Loop, task.ExceptionContext) {})
	l := loop.New(append([]loop.Option{loop.WithVirtualClock(), quiet}, opts...)...)
	narrate.Attach(l, out)
	return l
}

// nrtMemo is the memo seed: three gathered fibn(4) calls share a cache.
func nrtMemo(out *nrtOut) func(n int) *coroutine.Coroutine[int] {
	cache := map[int]int{}
	var fibn func(n int) *coroutine.Coroutine[int]
	raw := func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if n < 2 {
				return n, nil
			}
			a, err := fibn(n - 2).Await(co)
			if err != nil {
				return 0, err
			}
			b, err := fibn(n - 1).Await(co)
			return a + b, err
		})
	}
	fibn = func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if v, ok := cache[n]; ok {
				out.printf("found %d in cache\n", n)
				return v, nil
			}
			res, err := raw(n).Await(co)
			if err != nil {
				return 0, err
			}
			out.printf("calculated %d\n", n)
			cache[n] = res
			return res, nil
		})
	}
	return fibn
}

// TestMemo narrates the memo seed (examples/memo): why "found 4 in
// cache" comes twice at the end.
func TestMemo(t *testing.T) {
	out := &nrtOut{}
	l := nrtLoop(out)
	fibn := nrtMemo(out)
	c, err := l.RunUntilComplete(task.Gather(l, fibn(4), fibn(4), fibn(4)))
	require.NoError(t, err)
	out.printf("%v\n", c)
	require.NoError(t, l.Close())
	nrtGolden(t, "memo", out.String())
}

// nrtSleeper sleeps d, prints, and returns n.
func nrtSleeper(out *nrtOut, name string, n int, d time.Duration) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, d); err != nil {
			return 0, err
		}
		out.printf("%s woke up\n", name)
		return n, nil
	})
}

// TestSleepGather narrates tasks that sleep: timers set and fired,
// futures completed, wakeups, a bare yield, a task awaiting a task and a
// gather of tasks.
func TestSleepGather(t *testing.T) {
	out := &nrtOut{}
	l := nrtLoop(out)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		first, _ := task.CreateTask(co, nrtSleeper(out, "first", 1, 100*time.Millisecond))
		if err := task.Sleep(co, 0); err != nil { // bare yield
			return 0, err
		}
		res, err := task.Gather(co, nrtSleeper(out, "second", 2, 200*time.Millisecond),
			nrtSleeper(out, "third", 3, 50*time.Millisecond)).Await(co)
		if err != nil {
			return 0, err
		}
		x, err := first.Await(co)
		return x + res[0] + res[1], err
	})
	got, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, 6, got)
	require.NoError(t, l.Close())
	nrtGolden(t, "sleep_gather", out.String())
}

// TestCancel narrates cancellations: a sleeping task cancelled with a
// message (its timer cancelled, the error thrown in), a task cancelled
// before its first step, and one that refuses (uncancel).
func TestCancel(t *testing.T) {
	out := &nrtOut{}
	l := nrtLoop(out)
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		sleeper, _ := task.CreateTask(co, nrtSleeper(out, "sleeper", 1, time.Hour), task.WithName("sleeper"))
		early, _ := task.CreateTask(co, nrtSleeper(out, "early", 2, time.Second), task.WithName("early"))
		early.Cancel()
		if err := task.Sleep(co, time.Second); err != nil {
			return "", err
		}
		sleeper.Cancel("enough")
		_, err := sleeper.Await(co)
		out.printf("sleeper: %v\n", err)
		_, err = early.Await(co)
		out.printf("early: %v\n", err)
		stubborn, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (string, error) {
			err := task.Sleep(co, time.Second)
			if errors.Is(err, context.Canceled) {
				task.CurrentTask(co).Uncancel()
			}
			return "kept going", nil
		}), task.WithName("stubborn"))
		if err := task.Sleep(co, 0); err != nil {
			return "", err
		}
		stubborn.Cancel()
		return stubborn.Await(co)
	})
	got, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, "kept going", got)
	require.NoError(t, l.Close())
	nrtGolden(t, "cancel", out.String())
}

// TestCallbacks narrates plain callbacks: call_soon (from outside the
// loop and from a coroutine, which no event announces: the narrator finds
// them in the ready queue), call_later, a cancelled handle and a
// cancelled timer, a future completed by a callback, and a done callback
// added to a future that is already done.
func TestCallbacks(t *testing.T) {
	out := &nrtOut{}
	l := nrtLoop(out)
	say := func(s string) func() { return func() { out.printf("%s\n", s) } }
	_, _ = l.CallSoon(say("call_soon before the loop runs"))
	h, _ := l.CallSoon(say("never: cancelled"))
	h.Cancel()
	th, _ := l.CallLater(300*time.Millisecond, say("never: cancelled timer"))
	_, _ = l.CallLater(100*time.Millisecond, say("call_later(0.1)"))
	f := task.NewFuture[string](l)
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		_, _ = l.CallSoon(say("call_soon from main"))
		_, _ = l.CallLater(200*time.Millisecond, func() { _ = f.SetResult("set by a timer") })
		v, err := f.Await(co)
		if err != nil {
			return "", err
		}
		th.Cancel()
		f.AddDoneCallback(func(task.AnyFuture) { out.printf("done callback on a done future\n") })
		return v, task.Sleep(co, 0)
	})
	got, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, "set by a timer", got)
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	nrtGolden(t, "callbacks", out.String())
}

// TestErrors narrates what goes wrong: a task failing with an exception
// nobody retrieves, a callback that panics, a bad yield, an eager task,
// and a task still pending when the loop closes.
func TestErrors(t *testing.T) {
	out := &nrtOut{}
	l := nrtLoop(out)
	never := task.NewFuture[int](l)
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, _ = task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			return 0, task.ValueError("boom")
		}), task.WithName("failing"))
		_, _ = task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			return never.Await(co)
		}), task.WithName("forgotten"))
		eager, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			out.printf("eager task runs inside create_task\n")
			return 7, task.Sleep(co, 0)
		}), task.WithName("eager"), task.Eager())
		_, _ = l.CallSoon(func() { panic("callback panics") })
		err := co.Yield(42) // not a future: the task gets an error back
		out.printf("bad yield: %v\n", err)
		return eager.Await(co)
	})
	got, err := l.RunUntilComplete(main)
	require.NoError(t, err)
	assert.Equal(t, 7, got)
	require.NoError(t, l.Close())
	nrtGolden(t, "errors", out.String())
}

// TestWithoutLoop: a narrator that is not told its loop finds it through
// the first task; narration is the same as with ForLoop.
func TestWithoutLoop(t *testing.T) {
	run := func(attach bool) string {
		out := &nrtOut{}
		var l *loop.Loop
		if attach {
			l = nrtLoop(out)
		} else {
			l = loop.New(loop.WithVirtualClock(), loop.WithTracer(narrate.New(out)))
		}
		fibn := nrtMemo(out)
		_, err := l.RunUntilComplete(task.Gather(l, fibn(3), fibn(3)))
		require.NoError(t, err)
		require.NoError(t, l.Close())
		return nrtRenumber(out.String())
	}
	assert.Equal(t, run(true), run(false))
}

// TestCallbacksOnly: without a task, the narrator cannot find the loop
// and lists handles it was not told about as placeholders.
func TestCallbacksOnly(t *testing.T) {
	out := &nrtOut{}
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(narrate.New(out)))
	_, _ = l.CallSoon(func() { out.printf("hello\n") })
	_, _ = l.CallLater(time.Second, l.Stop)
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	nrtGolden(t, "callbacks_only", out.String())
}

// TestConcurrentLoops: two narrated loops on two goroutines, each with
// its own narrator, under the race detector.
func TestConcurrentLoops(t *testing.T) {
	var wg sync.WaitGroup
	outs := make([]*nrtOut, 2)
	for i := range outs {
		outs[i] = &nrtOut{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := nrtLoop(outs[i])
			defer l.Close()
			fibn := nrtMemo(outs[i])
			_, _ = l.RunUntilComplete(task.Gather(l, fibn(5), fibn(5)))
		}()
	}
	wg.Wait()
	assert.Equal(t, nrtRenumber(outs[0].String()), nrtRenumber(outs[1].String()))
	assert.Contains(t, outs[0].String(), "== iteration 1 (t=0.000): 2 ready\n")
}

// TestLinesAreShort keeps the narration readable in a wide terminal
// (asyncio's own names, such as _run_until_complete_cb, are long).
func TestLinesAreShort(t *testing.T) {
	for _, name := range []string{"memo", "sleep_gather", "cancel", "callbacks", "errors"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
		require.NoError(t, err)
		for _, line := range strings.Split(string(b), "\n") {
			assert.LessOrEqual(t, len([]rune(line)), 128, "%s: %q", name, line)
		}
	}
}
