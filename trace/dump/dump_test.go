package dump_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/dump"
)

var dmpUpdate = flag.Bool("update", false, "rewrite the golden files in testdata")

// dmpGolden compares got with testdata/name.golden (rewritten with -update).
func dmpGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *dmpUpdate {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	assert.Equal(t, string(want), got)
}

// dmpSleeper sleeps for d and returns n.
func dmpSleeper(n int, d time.Duration) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, d); err != nil {
			return 0, err
		}
		return n, nil
	})
}

// dmpAwaiter awaits the task *t (filled in later) and returns its result.
func dmpAwaiter(t **task.Task[int]) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		return (*t).Await(co)
	})
}

// dmpNested builds the program of the goldens: main awaits a gather of
// two tasks; "outer" awaits a gather of a gather and a task; "fetch"
// awaits "download", which sleeps; "idle" waits on a plain future; one
// leaf finishes early. At t=0.5 the probe function is called from a
// coroutine ("probe"), from a plain callback (cb) and the results saved.
func dmpNested(t *testing.T, probe func(l *loop.Loop) string) (fromTask, fromCallback string) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		leafA, _ := task.CreateTask(co, dmpSleeper(1, time.Second), task.WithName("leaf-a"))
		leafB, _ := task.CreateTask(co, dmpSleeper(2, 100*time.Millisecond), task.WithName("leaf-b"))
		leafC, _ := task.CreateTask(co, dmpSleeper(3, time.Second), task.WithName("leaf-c"))
		outer, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			inner := task.Gather(co, leafA, leafB)
			res, err := task.Gather[[]int](co, inner, task.Gather(co, leafC)).Await(co)
			if err != nil {
				return 0, err
			}
			return res[0][0] + res[0][1] + res[1][0], nil
		}), task.WithName("outer"))
		var download *task.Task[int]
		fetch, _ := task.CreateTask(co, dmpAwaiter(&download), task.WithName("fetch"))
		download, _ = task.CreateTask(co, dmpSleeper(4, 2*time.Second), task.WithName("download"))
		never := task.NewFuture[int](co)
		idle, _ := task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			return never.Await(co)
		}), task.WithName("idle"))
		_, _ = task.CreateTask(co, coroutine.New(func(co *coroutine.Co) (int, error) {
			if err := task.Sleep(co, 500*time.Millisecond); err != nil {
				return 0, err
			}
			fromTask = probe(l)
			return 0, nil
		}), task.WithName("probe"))
		_, _ = l.CallLater(500*time.Millisecond, func() { fromCallback = probe(l) })
		res, err := task.Gather(co, outer, fetch).Await(co)
		idle.Cancel()
		if err != nil {
			return 0, err
		}
		return res[0] + res[1], nil
	})
	main0, err := l.CreateTask(main, task.WithName("main"))
	require.NoError(t, err)
	got, err := l.RunUntilComplete(main0)
	require.NoError(t, err)
	assert.Equal(t, 10, got)
	return fromTask, fromCallback
}

func TestTableNested(t *testing.T) {
	fromTask, fromCallback := dmpNested(t, dump.Table)
	dmpGolden(t, "nested_table_from_task", fromTask)
	dmpGolden(t, "nested_table_from_callback", fromCallback)
}

func TestTreeNested(t *testing.T) {
	fromTask, fromCallback := dmpNested(t, dump.Tree)
	dmpGolden(t, "nested_tree", fromCallback)
	// From inside a task, the same tree, with that task running.
	const waiting = "probe (dmpNested) waiting on <Future pending cb=[Task.task_wakeup()]>\n"
	assert.Contains(t, fromCallback, waiting, "the callback ran first: probe's wakeup is queued, not run")
	assert.Equal(t, strings.Replace(fromCallback, waiting, "probe (dmpNested) running\n", 1), fromTask)
}

func TestTasksNested(t *testing.T) {
	var infos []dump.TaskInfo
	dmpNested(t, func(l *loop.Loop) string {
		if infos == nil { // the callback's call comes first
			infos = dump.Tasks(l)
		}
		return ""
	})
	byName := map[string]dump.TaskInfo{}
	var names []string
	for _, in := range infos {
		byName[in.Name] = in
		names = append(names, in.Name)
	}
	// leaf-b finished at t=0.1.
	assert.Equal(t, []string{"main", "leaf-a", "leaf-c", "outer", "fetch", "download", "idle", "probe"}, names)
	assert.Equal(t, []string{"outer", "fetch"}, byName["main"].Awaits)
	assert.Equal(t, "gather(outer, fetch)", byName["main"].WaitsOn)
	assert.Equal(t, []string{"leaf-a", "leaf-b", "leaf-c"}, byName["outer"].Awaits)
	assert.Equal(t, "gather(gather(leaf-a, leaf-b), gather(leaf-c))", byName["outer"].WaitsOn)
	assert.Equal(t, []string{"outer"}, byName["leaf-a"].AwaitedBy)
	assert.Equal(t, []string{"fetch"}, byName["download"].AwaitedBy)
	assert.Equal(t, "download", byName["fetch"].WaitsOn)
	assert.Equal(t, "<Future pending cb=[Task.task_wakeup()]>", byName["idle"].WaitsOn)
	assert.Empty(t, byName["idle"].AwaitedBy)
	assert.Equal(t, "waiting", byName["download"].State)
	assert.Equal(t, "waiting", byName["probe"].State, "its sleep is over but its wakeup has not run yet")
	for _, in := range infos {
		assert.Zero(t, in.Cancelling)
		assert.Equal(t, in.Name, in.Task.Name())
	}
}

func TestTreeCycleAndSharedAwaits(t *testing.T) {
	var handled []string
	l := loop.New(loop.WithVirtualClock(), loop.WithExceptionHandler(func(_ *loop.Loop, ctx task.ExceptionContext) {
		handled = append(handled, ctx.Message)
	}))
	var a, b, shared *task.Task[int]
	var err error
	shared, err = l.CreateTask(dmpSleeper(0, time.Hour), task.WithName("shared"))
	require.NoError(t, err)
	a, err = l.CreateTask(dmpAwaiter(&b), task.WithName("a"))
	require.NoError(t, err)
	b, err = l.CreateTask(dmpAwaiter(&a), task.WithName("b"))
	require.NoError(t, err)
	_, err = l.CreateTask(dmpAwaiter(&shared), task.WithName("w1"))
	require.NoError(t, err)
	_, err = l.CreateTask(dmpAwaiter(&shared), task.WithName("w2"))
	require.NoError(t, err)
	var tree, table string
	_, _ = l.CallLater(time.Second, func() {
		tree, table = dump.Tree(l), dump.Table(l)
		l.Stop()
	})
	require.NoError(t, l.RunForever())
	require.NoError(t, l.Close())
	assert.Len(t, handled, 5, "every pending task is reported at Close")
	dmpGolden(t, "cycle_tree", tree)
	dmpGolden(t, "cycle_table", table)
}

func TestEmpty(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	assert.Equal(t, "(no pending tasks)\n", dump.Table(l))
	assert.Equal(t, "(no pending tasks)\n", dump.Tree(l))
	assert.Equal(t, "(no pending tasks)\n", dump.Report(l))
	assert.Empty(t, dump.Tasks(l))
	s, err := dump.Request(l, time.Second)
	require.NoError(t, err)
	assert.Equal(t, "(no pending tasks)\n", s)
}

// TestRequestFromAnotherGoroutine asks a running loop for a dump from a
// goroutine outside it: the dump runs on the loop, between callbacks.
func TestRequestFromAnotherGoroutine(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	release := l.KeepAlive() // the loop waits for us instead of reporting a deadlock
	gate := task.NewFuture[int](l)
	worker, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
		return gate.Await(co)
	}), task.WithName("worker"))
	require.NoError(t, err)
	started := make(chan struct{})
	_, _ = l.CallSoon(func() { close(started) })
	type answer struct {
		s   string
		err error
	}
	done := make(chan answer, 1)
	go func() {
		<-started
		s, err := dump.Request(l, 10*time.Second)
		done <- answer{s, err}
		_, _ = l.CallSoonThreadsafe(func() { _ = gate.SetResult(7) })
		release()
	}()
	got, err := l.RunUntilComplete(worker)
	require.NoError(t, err)
	assert.Equal(t, 7, got)
	a := <-done
	require.NoError(t, a.err)
	dmpGolden(t, "request", a.s)
}

// TestRequestTimeout: a loop that is running but never gets to the dump
// (here: its only task blocks the loop) makes Request give up.
func TestRequestTimeout(t *testing.T) {
	l := loop.New(loop.WithVirtualClock())
	defer l.Close()
	unblock := make(chan struct{})
	inside := make(chan struct{})
	blocker, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
		close(inside)
		<-unblock // keeps control: the loop cannot run anything else
		return 1, nil
	}), task.WithName("blocker"))
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() {
		<-inside
		_, err := dump.Request(l, 20*time.Millisecond)
		errc <- err
		close(unblock)
	}()
	_, err = l.RunUntilComplete(blocker)
	require.NoError(t, err)
	assert.True(t, errors.Is(<-errc, dump.ErrTimeout))
	// The late dump still runs on the loop's next iteration and is dropped.
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever())
}

// TestStates shows a task whose first step is queued ("ready") and one
// with a cancel request pending ("cancelling").
func TestStates(t *testing.T) {
	var reported []string
	l := loop.New(loop.WithVirtualClock(), loop.WithExceptionHandler(func(_ *loop.Loop, ctx task.ExceptionContext) {
		reported = append(reported, ctx.Message+": "+ctx.Task.Name())
	}))
	never := task.NewFuture[int](l)
	victim, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) {
		return never.Await(co)
	}), task.WithName("victim"))
	require.NoError(t, err)
	_, _ = l.CallSoon(l.Stop)
	require.NoError(t, l.RunForever()) // one iteration: victim now waits
	_, err = l.CreateTask(dmpSleeper(1, time.Second), task.WithName("fresh"))
	require.NoError(t, err)
	assert.True(t, victim.Cancel())
	dmpGolden(t, "states_report", dump.Report(l))
	infos := dump.Tasks(l)
	require.Len(t, infos, 2)
	assert.Equal(t, 1, infos[0].Cancelling)
	assert.Equal(t, "ready", infos[1].State)
	assert.Empty(t, infos[1].WaitsOn)
	require.NoError(t, l.Close())
	assert.Equal(t, []string{
		"Task was destroyed but it is pending!: victim",
		"Task was destroyed but it is pending!: fresh",
	}, reported)
}
