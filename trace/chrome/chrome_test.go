package chrome_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/chrome"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var chrUpdate = flag.Bool("update", false, "rewrite the golden files under testdata")

// chrWorker sleeps d, rounds times, and returns its name.
func chrWorker(name string, d time.Duration, rounds int) *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		for range rounds {
			if err := task.Sleep(co, d); err != nil {
				return "", err
			}
		}
		return name, nil
	})
}

// chrYielder hands control back with sleep(0) twice.
func chrYielder() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		for range 2 {
			if err := task.Sleep(co, 0); err != nil {
				return "", err
			}
		}
		return "yielder", nil
	})
}

// chrFailer sleeps, then fails.
func chrFailer() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) {
		if err := task.Sleep(co, 500*time.Millisecond); err != nil {
			return "", err
		}
		return "", task.ValueError("boom")
	})
}

// chrQuick finishes without suspending (run eagerly, it is done at once).
func chrQuick() *coroutine.Coroutine[string] {
	return coroutine.New(func(co *coroutine.Co) (string, error) { return "quick", nil })
}

// chrDemo is a run that shows every kind of slice, link and mark: workers
// that sleep, a task that yields, one that fails, one that is cancelled,
// an eager task, a plain callback, a timer cancelled before it runs.
func chrDemo(l *loop.Loop) *coroutine.Coroutine[[]task.Outcome[string]] {
	return coroutine.New(func(co *coroutine.Co) ([]task.Outcome[string], error) {
		if _, err := l.CallSoon(func() {}); err != nil {
			return nil, err
		}
		h, err := l.CallLater(5*time.Second, func() {})
		if err != nil {
			return nil, err
		}
		var ts []task.Awaitable[string]
		for _, spec := range []struct {
			name string
			c    *coroutine.Coroutine[string]
		}{
			{"a", chrWorker("a", time.Second, 2)},
			{"b", chrYielder()},
			{"c", chrFailer()},
			{"d", chrWorker("d", 10*time.Second, 1)},
		} {
			t, err := task.CreateTask(co, spec.c, task.WithName(spec.name))
			if err != nil {
				return nil, err
			}
			ts = append(ts, t)
		}
		e, err := task.CreateTask(co, chrQuick(), task.WithName("eager"), task.Eager())
		if err != nil {
			return nil, err
		}
		ts = append(ts, e)
		if err := task.Sleep(co, 200*time.Millisecond); err != nil {
			return nil, err
		}
		h.Cancel()
		ts[3].(*task.Task[string]).Cancel("no time")
		return task.GatherReturnExceptions(co, ts...).Await(co)
	})
}

// chrRun runs chrDemo on a fresh virtual-clock loop traced by r.
func chrRun(t *testing.T, r task.Tracer) []task.Outcome[string] {
	t.Helper()
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
	defer l.Close()
	m, err := l.CreateTask(chrDemo(l), task.WithName("main"))
	require.NoError(t, err)
	res, err := l.RunUntilComplete(m)
	require.NoError(t, err)
	return res
}

// chrFile and chrEvent read trace-event JSON independently of the
// package's own types; pointers tell a missing field from a zero one.
type chrFile struct {
	TraceEvents     []chrEvent     `json:"traceEvents"`
	DisplayTimeUnit string         `json:"displayTimeUnit"`
	OtherData       map[string]any `json:"otherData"`
}

type chrEvent struct {
	Name *string        `json:"name"`
	Cat  string         `json:"cat"`
	Ph   *string        `json:"ph"`
	Ts   *float64       `json:"ts"`
	Dur  *float64       `json:"dur"`
	Pid  *int           `json:"pid"`
	Tid  *int           `json:"tid"`
	ID   *json.Number   `json:"id"`
	Bp   string         `json:"bp"`
	S    string         `json:"s"`
	Args map[string]any `json:"args"`
}

// chrValidate checks f against the Trace Event Format and the promises of
// package chrome, and returns the thread names by tid.
func chrValidate(t *testing.T, data []byte) (*chrFile, map[int]string) {
	t.Helper()
	var f chrFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&f), "the file is one JSON object with known fields")
	require.NotEmpty(t, f.TraceEvents)
	assert.Equal(t, "ms", f.DisplayTimeUnit)

	names := map[int]string{}
	type span struct{ ts, end float64 }
	slices := map[int][]span{}
	type flowEnd struct {
		ts  float64
		tid int
	}
	starts, finishes := map[string][]flowEnd{}, map[string][]flowEnd{}
	usedTids := map[int]bool{}
	for i, e := range f.TraceEvents {
		where := fmt.Sprintf("event %d %+v", i, e)
		require.NotNil(t, e.Name, where)
		require.NotNil(t, e.Ph, where)
		require.NotNil(t, e.Pid, where)
		require.NotNil(t, e.Tid, where)
		switch *e.Ph {
		case "M":
			switch *e.Name {
			case "process_name", "thread_name":
				n, ok := e.Args["name"].(string)
				require.True(t, ok, where)
				if *e.Name == "thread_name" {
					require.NotContains(t, names, *e.Tid, "one name per thread")
					names[*e.Tid] = n
				}
			case "thread_sort_index":
				_, ok := e.Args["sort_index"].(float64)
				require.True(t, ok, where)
			default:
				t.Fatalf("unexpected metadata %s", where)
			}
		case "X":
			require.NotNil(t, e.Ts, where)
			require.NotNil(t, e.Dur, where)
			require.GreaterOrEqual(t, *e.Dur, 0.0, where)
			slices[*e.Tid] = append(slices[*e.Tid], span{*e.Ts, *e.Ts + *e.Dur})
			usedTids[*e.Tid] = true
		case "s", "f":
			require.NotNil(t, e.Ts, where)
			require.NotNil(t, e.ID, where)
			id := e.Cat + "/" + e.ID.String()
			if *e.Ph == "s" {
				starts[id] = append(starts[id], flowEnd{*e.Ts, *e.Tid})
			} else {
				require.Equal(t, "e", e.Bp, where)
				finishes[id] = append(finishes[id], flowEnd{*e.Ts, *e.Tid})
			}
			usedTids[*e.Tid] = true
		case "i":
			require.NotNil(t, e.Ts, where)
			require.Contains(t, []string{"t", "p", "g"}, e.S, where)
			usedTids[*e.Tid] = true
		case "C":
			require.NotNil(t, e.Ts, where)
			require.NotEmpty(t, e.Args, where)
			for _, v := range e.Args {
				_, ok := v.(float64)
				require.True(t, ok, where)
			}
		default:
			t.Fatalf("unexpected phase %s", where)
		}
	}
	for tid := range usedTids {
		assert.Contains(t, names, tid, "thread %d is named", tid)
	}
	// Slices of one thread nest or follow each other, never overlap.
	const eps = 1e-9
	for tid, ss := range slices {
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].ts != ss[j].ts {
				return ss[i].ts < ss[j].ts
			}
			return ss[i].end > ss[j].end
		})
		var open []span
		for _, s := range ss {
			for len(open) > 0 && open[len(open)-1].end <= s.ts+eps {
				open = open[:len(open)-1]
			}
			if len(open) > 0 {
				assert.LessOrEqual(t, s.end, open[len(open)-1].end+eps, "thread %d: %v overlaps %v", tid, s, open[len(open)-1])
			}
			open = append(open, s)
		}
	}
	// Every flow has one start and one finish, each inside a slice of its
	// thread, and does not go back in time.
	inside := func(fe flowEnd) bool {
		for _, s := range slices[fe.tid] {
			if s.ts <= fe.ts && fe.ts <= s.end {
				return true
			}
		}
		return false
	}
	assert.Equal(t, len(starts), len(finishes))
	for id, ss := range starts {
		fs := finishes[id]
		require.Len(t, ss, 1, "flow %s", id)
		require.Len(t, fs, 1, "flow %s", id)
		assert.True(t, inside(ss[0]), "flow %s starts inside a slice", id)
		assert.True(t, inside(fs[0]), "flow %s ends inside a slice", id)
		assert.LessOrEqual(t, ss[0].ts, fs[0].ts, "flow %s", id)
	}
	return &f, names
}

func chrJSON(t *testing.T, r *chrome.Recorder) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.WriteJSON(&buf))
	return buf.Bytes()
}

func chrGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *chrUpdate {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run the tests with -update to create %s", path)
	assert.Equal(t, string(want), string(got))
}

func chrCount(f *chrFile, ph, cat string) int {
	n := 0
	for _, e := range f.TraceEvents {
		if *e.Ph == ph && (cat == "" || e.Cat == cat) {
			n++
		}
	}
	return n
}

func TestDemoIterationAxis(t *testing.T) {
	r := chrome.New()
	res := chrRun(t, r)
	require.Len(t, res, 5)
	data := chrJSON(t, r)
	f, names := chrValidate(t, data)
	assert.Equal(t, "iterations", f.OtherData["axis"], "a virtual clock gets the iteration axis")

	var tasks []string
	for tid := 2; tid <= len(names); tid++ {
		tasks = append(tasks, names[tid])
	}
	assert.Equal(t, "loop (callbacks)", names[1])
	assert.Equal(t, []string{"main", "a", "b", "c", "d", "eager"}, tasks)

	tl := r.Timeline()
	steps := 0
	for _, s := range tl.Slices {
		if s.Kind == chrome.SliceStep {
			steps++
		}
	}
	assert.Equal(t, steps, chrCount(f, "X", "step"), "one X event per step")
	assert.Equal(t, len(tl.Slices)-steps, chrCount(f, "X", "callback"), "one X event per callback")
	assert.Positive(t, chrCount(f, "s", "wakeup"))
	assert.Positive(t, chrCount(f, "s", "timer"))
	assert.Equal(t, 5, chrCount(f, "s", "create"), "a flow from main to each task's first step")

	// The instants: both sleeps of a, c's, d's and main's timers fired,
	// the 5s timer and d's sleep cancelled, d asked to cancel.
	marks := map[string]int{}
	for _, e := range f.TraceEvents {
		if *e.Ph == "i" {
			marks[*e.Name]++
		}
	}
	assert.Equal(t, map[string]int{"timer fired": 4, "timer cancelled": 2, "cancel": 1}, marks)

	// How each step ended, per task.
	classes := map[string][]string{}
	for _, s := range tl.Slices {
		if s.Kind == chrome.SliceStep {
			name := tl.Tracks[s.Track].Name
			classes[name] = append(classes[name], s.Label())
		}
	}
	assert.Equal(t, map[string][]string{
		"main":  {"await sleep", "await _GatheringFuture", "done"},
		"a":     {"await sleep", "await sleep", "done"},
		"b":     {"yield", "yield", "done"},
		"c":     {"await sleep", "error"},
		"d":     {"await sleep", "cancelled"},
		"eager": {"done"},
	}, classes)
	chrGolden(t, "demo.json", data)
}

func TestDemoTimeAxis(t *testing.T) {
	r := chrome.New(chrome.WithAxis(chrome.AxisTime))
	chrRun(t, r)
	data := chrJSON(t, r)
	f, _ := chrValidate(t, data)
	assert.Equal(t, "time", f.OtherData["axis"])
	// d is cancelled at t=0.2s: its last step is there, in µs.
	var last float64
	for _, e := range f.TraceEvents {
		if *e.Ph == "X" && *e.Name == "cancelled" {
			last = *e.Ts
		}
	}
	assert.InDelta(t, 201000, last, 2000)
	chrGolden(t, "demo-time.json", data)
}

// TestRealClock: on a real clock the axis is loop time, and the file is
// valid all the same.
func TestRealClock(t *testing.T) {
	r := chrome.New()
	l := loop.New(loop.WithTracer(r))
	defer l.Close()
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		var ts []task.Awaitable[string]
		for i := range 3 {
			tk, err := task.CreateTask(co, chrWorker(fmt.Sprint("w", i), time.Millisecond, 2))
			if err != nil {
				return 0, err
			}
			ts = append(ts, tk)
		}
		_, err := task.Gather(co, ts...).Await(co)
		return 0, err
	})
	_, err := l.RunUntilComplete(c)
	require.NoError(t, err)
	f, names := chrValidate(t, chrJSON(t, r))
	assert.Contains(t, []any{"time", "iterations"}, f.OtherData["axis"])
	assert.Len(t, names, 5, "loop, the main task, three workers")
}

// TestInstalledMidRun: a recorder installed while a task is waiting sees
// steps whose start it missed, and still writes a valid file.
func TestInstalledMidRun(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	r := chrome.New()
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		l.SetTracer(r)
		if err := task.Sleep(co, time.Second); err != nil {
			return 0, err
		}
		return 1, nil
	})
	m, err := l.CreateTask(c, task.WithName("late"))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(m)
	require.NoError(t, err)
	f, names := chrValidate(t, chrJSON(t, r))
	assert.Contains(t, names, 2)
	assert.Positive(t, chrCount(f, "X", "step"))
}

// TestEmpty: a recorder that saw nothing writes a valid, empty timeline.
func TestEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, chrome.New().WriteJSON(&buf))
	var f chrFile
	require.NoError(t, json.Unmarshal(buf.Bytes(), &f))
	assert.Equal(t, "ms", f.DisplayTimeUnit)
	assert.True(t, strings.HasPrefix(buf.String(), `{"traceEvents":[`))
}

// TestPendingAtClose: a task left pending when the loop closes gets an
// exception mark ("Task was destroyed but it is pending!").
func TestPendingAtClose(t *testing.T) {
	r := chrome.New()
	var stderr bytes.Buffer
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r), loop.WithStderr(&stderr))
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := task.CreateTask(co, chrWorker("forever", time.Hour, 1), task.WithName("forever"))
		return 0, err
	})
	m, err := l.CreateTask(c, task.WithName("main"))
	require.NoError(t, err)
	_, err = l.RunUntilComplete(m)
	require.NoError(t, err)
	require.NoError(t, l.Close())
	tl := r.Timeline()
	var got []string
	for _, mk := range tl.Marks {
		if mk.Kind == chrome.MarkException {
			got = append(got, tl.Tracks[mk.Track].Name+": "+mk.Detail)
		}
	}
	assert.Equal(t, []string{"forever: Task was destroyed but it is pending!"}, got)
	chrValidate(t, chrJSON(t, r))
}

// TestUncomparableArgs: a timer whose argument cannot be a map key
// (sleep(d, result) with a slice result) is recorded all the same.
func TestUncomparableArgs(t *testing.T) {
	r := chrome.New()
	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
	defer l.Close()
	c := coroutine.New(func(co *coroutine.Co) ([]int, error) {
		return task.SleepValue(co, time.Second, []int{1, 2})
	})
	m, err := l.CreateTask(c, task.WithName("main"))
	require.NoError(t, err)
	v, err := l.RunUntilComplete(m)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, v)
	chrValidate(t, chrJSON(t, r))
}
