package loop_test

// Differential tests for sections 1-3 of the semantics catalog
// (/work/shared/reference/asyncio-semantics.md): the loop's iteration
// (_run_once), call_soon / call_later / call_at / time, run_forever /
// stop / run_until_complete / close, and get_event_loop /
// set_event_loop / get_running_loop. Each test is the Go twin of one
// Python program in testdata/sem13/ and must print what CPython 3.13
// prints. Comments quote the Python line each Go line stands for.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/internal/difftest"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// s13Out collects what a twin prints.
type s13Out struct{ b strings.Builder }

// p is Python's print(*args).
func (o *s13Out) p(args ...any) { _, _ = pyfmt.Fprintln(&o.b, args...) }

// pEnd is print(*args, end=" ").
func (o *s13Out) pEnd(args ...any) { o.b.WriteString(pyfmt.Sprint(args...) + " ") }

func (o *s13Out) String() string { return o.b.String() }

// s13LogWriter sends what a loop writes to its stderr (the default
// exception handler, Close reports) to the test log.
type s13LogWriter struct{ t testing.TB }

func (w s13LogWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// s13New is asyncio.new_event_loop() for a twin: with the virtual clock
// when virtual is set (programs with timers of positive delay), stderr to
// the test log, closed when the test ends.
func s13New(t *testing.T, virtual bool, opts ...loop.Option) *loop.Loop {
	t.Helper()
	var o []loop.Option
	if virtual {
		o = append(o, loop.WithVirtualClock())
	}
	o = append(o, loop.WithStderr(s13LogWriter{t}))
	l := loop.New(append(o, opts...)...)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// s13OK reports an error where the Python program raises nothing.
func s13OK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("unexpected error: %v", err)
	}
}

// s13Must is s13OK for calls that also return a value.
func s13Must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		s13OK(t, err)
		return v
	}
}

// s13Compare checks the twin's output against testdata/sem13/<name>.py.
func s13Compare(t *testing.T, o *s13Out, name string) {
	t.Helper()
	difftest.Compare(t, o.String(), "testdata/sem13/"+name+".py")
}

// s13ResetDefault forgets the default loop now and when the test ends
// (closing the one the test leaves behind): a fresh process for the
// get_event_loop programs.
func s13ResetDefault(t *testing.T) {
	t.Helper()
	loop.SetEventLoop(nil)
	t.Cleanup(func() {
		_ = loop.GetEventLoop().Close()
		loop.SetEventLoop(nil)
	})
}

const s13ms = time.Millisecond

// ---------------------------------------------------------------------
// Section 1: loop state and one iteration.

func TestSem13S1Snapshot(t *testing.T) {
	var o s13Out
	l := s13New(t, false) // loop = asyncio.new_event_loop()
	it := 0
	var mark func()
	mark = func() { // def mark():
		it++
		o.p("iteration", it)
		if it < 4 {
			_, _ = l.CallSoon(mark)
		} else {
			l.Stop()
		}
	}
	var cb func(name string, depth int)
	cb = func(name string, depth int) { // def cb(name, depth):
		o.p(" ", name, depth)
		if depth < 2 {
			_, _ = l.CallSoon(func() { cb(name, depth+1) })
		}
		if name == "a" && depth == 0 {
			_, _ = l.CallSoon(func() { cb("a-child", 0) })
		}
	}
	_, _ = l.CallSoon(mark)
	_, _ = l.CallSoon(func() { cb("a", 0) })
	_, _ = l.CallSoon(func() { cb("b", 0) })
	s13OK(t, l.RunForever())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_snapshot")
}

func TestSem13S1Fifo(t *testing.T) {
	var o s13Out
	l := s13New(t, false)
	var order []int
	var cb func(i int)
	cb = func(i int) {
		order = append(order, i)
		if i < 5 {
			_, _ = l.CallSoon(func() { cb(i + 10) })
			_, _ = l.CallSoon(func() { cb(i + 20) })
		}
	}
	for i := range 6 {
		_, _ = l.CallSoon(func() { cb(i) })
	}
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	o.p(order)
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	o.p(order)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_fifo")
}

func TestSem13S1TimerAfterReady(t *testing.T) {
	var o s13Out
	l := s13New(t, false) // no positive delays: the real clock
	p := func(x string) func() { return func() { o.p(x) } }
	done := func() {
		o.p("done")
		_, _ = l.CallLater(-1*time.Second, p("timer negative from done"))
		_, _ = l.CallSoon(l.Stop)
	}
	queueMore := func() {
		o.p("queue_more")
		_, _ = l.CallLater(0, p("timer zero from cb"))
		_, _ = l.CallSoon(p("soon from cb"))
		_, _ = l.CallSoon(done)
	}
	now := l.Time()
	_, _ = l.CallAt(now-1, p("timer past"))
	_, _ = l.CallLater(0, p("timer zero"))
	_, _ = l.CallLater(-5*time.Second, p("timer negative"))
	_, _ = l.CallSoon(p("soon 1"))
	_, _ = l.CallSoon(queueMore)
	_, _ = l.CallSoon(p("soon 2"))
	s13OK(t, l.RunForever())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_timer_after_ready")
}

func TestSem13S1TimerDeadlineOrder(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	var order []string
	rec := func(name string) func() { return func() { order = append(order, name) } }
	now := l.Time()
	for _, e := range []struct {
		name string
		d    float64
	}{{"past-2", 2}, {"past-5", 5}, {"past-1", 1}, {"past-4", 4}, {"past-3", 3}} {
		_, _ = l.CallAt(now-e.d, rec(e.name))
	}
	for _, e := range []struct {
		name string
		d    time.Duration
	}{{"later-30ms", 30 * s13ms}, {"later-10ms", 10 * s13ms}, {"later-20ms", 20 * s13ms}} {
		_, _ = l.CallLater(e.d, rec(e.name))
	}
	_, _ = l.CallLater(50*s13ms, l.Stop)
	s13OK(t, l.RunForever())
	o.p(order)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_timer_deadline_order")
}

// s13Ties is the body of s1_tie_three.py and s1_tie_eight.py.
func s13Ties(t *testing.T, n int, name string) {
	var o s13Out
	l := s13New(t, true)
	when := l.Time() + 0.01 // when = loop.time() + 0.01
	var order []int
	for i := range n {
		_, _ = l.CallAt(when, func() { order = append(order, i) })
	}
	_, _ = l.CallAt(when+0.01, l.Stop)
	s13OK(t, l.RunForever())
	o.p(order)
	s13OK(t, l.Close())
	s13Compare(t, &o, name)
}

func TestSem13S1TieThree(t *testing.T) { s13Ties(t, 3, "s1_tie_three") }

func TestSem13S1TieEight(t *testing.T) { s13Ties(t, 8, "s1_tie_eight") }

func TestSem13S1TieMixed(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	base := l.Time() + 0.01
	t0, t1, t2 := base, base+0.1, base+0.2
	var order []string
	rec := func(name string) func() { return func() { order = append(order, name) } }
	pushMore := func(name string) func() {
		return func() {
			order = append(order, name)
			for i := range 5 {
				_, _ = l.CallAt(t2, rec(fmt.Sprintf("late-t2-%d", i)))
			}
		}
	}
	pattern := []float64{t2, t1, t1, t2, t0, t1, t2, t0, t1, t2, t1, t0}
	tags := map[float64]string{t0: "t0", t1: "t1", t2: "t2"}
	for i, w := range pattern {
		_, _ = l.CallAt(w, rec(fmt.Sprintf("%s-%d", tags[w], i)))
	}
	_, _ = l.CallAt(t1, pushMore("t1-push"))
	_, _ = l.CallAt(t2+0.05, l.Stop)
	s13OK(t, l.RunForever())
	for _, name := range order {
		o.p(name)
	}
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_tie_mixed")
}

func TestSem13S1CancelInSnapshot(t *testing.T) {
	var o s13Out
	l := s13New(t, false)
	p := func(x string) func() { return func() { o.p(x) } }
	var ha, hb, hc, hs, hd *task.Handle
	var ht *task.TimerHandle
	canceller := func() {
		o.p("canceller: cancel b and timer t, and a (already run)")
		hb.Cancel()
		ht.Cancel()
		ha.Cancel()
		o.p("b cancelled:", hb.Cancelled(), "t cancelled:", ht.Cancelled())
		o.p("a cancelled:", ha.Cancelled())
		o.p(hb.String()) // print(repr(h["b"]))
	}
	selfCancel := func() {
		o.p("self_cancel runs and cancels itself")
		hs.Cancel()
		o.p("s cancelled:", hs.Cancelled())
	}
	ha, _ = l.CallSoon(p("a"))
	hc, _ = l.CallSoon(canceller)
	hb, _ = l.CallSoon(p("b"))
	ht, _ = l.CallLater(0, p("t"))
	hs, _ = l.CallSoon(selfCancel)
	hd, _ = l.CallSoon(p("d"))
	_, _ = l.CallSoon(l.Stop)
	_, _ = hc, hd
	o.p("before: b cancelled:", hb.Cancelled())
	s13OK(t, l.RunForever())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_cancel_in_snapshot")
}

func TestSem13S1CancelTimer(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	var order []string
	th := map[string]*task.TimerHandle{}
	for _, e := range []struct {
		name string
		d    time.Duration
	}{{"x", 10 * s13ms}, {"y", 20 * s13ms}, {"z", 30 * s13ms}, {"w", 40 * s13ms}} {
		th[e.name], _ = l.CallLater(e.d, func() { order = append(order, e.name) })
	}
	th["y"].Cancel()
	th["y"].Cancel()
	o.p("y cancelled:", th["y"].Cancelled(), "x cancelled:", th["x"].Cancelled())
	cancelW := func() {
		order = append(order, "cancel_w")
		th["w"].Cancel()
	}
	th["x2"], _ = l.CallLater(15*s13ms, cancelW)
	_, _ = l.CallLater(60*s13ms, l.Stop)
	s13OK(t, l.RunForever())
	o.p(order)
	o.p("w cancelled:", th["w"].Cancelled(), "z cancelled:", th["z"].Cancelled())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_cancel_timer")
}

func TestSem13S1PurgeCountThreshold(t *testing.T) {
	var o s13Out
	scenario := func(nties int) {
		l := s13New(t, true)
		when := l.Time() + 0.02
		var order []int
		hs := make([]*task.TimerHandle, nties)
		for i := range nties {
			hs[i], _ = l.CallAt(when, func() { order = append(order, i) })
		}
		_, _ = l.CallAt(when+0.02, l.Stop)
		ncancel := 0
		for i := range nties {
			if r := i % 5; r == 0 || r == 2 || r == 4 {
				hs[i].Cancel()
				ncancel++
			}
		}
		s13OK(t, l.RunForever())
		s13OK(t, l.Close())
		o.p(nties+1, "timers,", ncancel, "cancelled:", order)
	}
	scenario(99)
	scenario(100)
	s13Compare(t, &o, "s1_purge_count_threshold")
}

func TestSem13S1PurgeFractionThreshold(t *testing.T) {
	var o s13Out
	scenario := func(ncancel int) {
		l := s13New(t, true)
		when := l.Time() + 0.02
		var order []int
		hs := make([]*task.TimerHandle, 119)
		for i := range 119 {
			hs[i], _ = l.CallAt(when, func() { order = append(order, i) })
		}
		_, _ = l.CallAt(when+0.02, l.Stop)
		for k := range ncancel {
			hs[(k*37)%119].Cancel()
		}
		s13OK(t, l.RunForever())
		s13OK(t, l.Close())
		o.p(120, "timers,", ncancel, "cancelled:", order)
	}
	scenario(60)
	scenario(61)
	s13Compare(t, &o, "s1_purge_fraction_threshold")
}

func TestSem13S1PurgeHeapify(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	base := l.Time() + 0.02
	var order []string
	var hs []*task.TimerHandle
	for i := range 110 {
		w := base + float64(i%3)*0.02
		name := fmt.Sprintf("%d@%d", i, i%3)
		h, _ := l.CallAt(w, func() { order = append(order, name) })
		hs = append(hs, h)
	}
	_, _ = l.CallAt(base+0.08, l.Stop)
	for i := range 110 {
		if i%11 < 6 {
			hs[i].Cancel()
		}
	}
	s13OK(t, l.RunForever())
	o.p(order)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_purge_heapify")
}

func TestSem13S1PurgeCounter(t *testing.T) {
	var o s13Out
	scenario := func(cancel bool) {
		l := s13New(t, true)
		now := l.Time()
		when := now + 0.02
		var order []any
		due := make([]*task.TimerHandle, 60)
		for i := range due {
			due[i], _ = l.CallAt(now-1, func() { order = append(order, "due") })
		}
		for i := range 101 {
			_, _ = l.CallAt(when, func() { order = append(order, i) })
		}
		cancelThem := func() {
			n := 0
			for _, h := range due {
				h.Cancel()
				if h.Cancelled() {
					n++
				}
			}
			order = append(order, fmt.Sprintf("cancelled %d", n))
		}
		if cancel {
			_, _ = l.CallSoon(cancelThem)
		}
		_, _ = l.CallAt(when+0.02, l.Stop)
		s13OK(t, l.RunForever())
		s13OK(t, l.Close())
		ndue := 0
		rest := []any{}
		for _, x := range order {
			if x == "due" {
				ndue++
			} else {
				rest = append(rest, x)
			}
		}
		o.p(ndue, rest)
	}
	scenario(false)
	scenario(true)
	s13Compare(t, &o, "s1_purge_counter")
}

func TestSem13S1CancelledHeadPop(t *testing.T) {
	var o s13Out
	scenario := func(cancelHead bool) {
		l := s13New(t, true)
		T := l.Time() + 0.2
		var order []any
		head, _ := l.CallAt(T-0.1, func() { order = append(order, "head") })
		for i := range 4 {
			_, _ = l.CallAt(T, func() { order = append(order, i) })
		}
		_, _ = l.CallAt(T+0.05, l.Stop)
		if cancelHead {
			head.Cancel()
		}
		pushMore := func() {
			for i := 4; i < 9; i++ {
				_, _ = l.CallAt(T, func() { order = append(order, i) })
			}
		}
		_, _ = l.CallSoon(pushMore)
		s13OK(t, l.RunForever())
		s13OK(t, l.Close())
		label := "live head:     "
		if cancelHead {
			label = "cancelled head:"
		}
		o.p(label, order)
	}
	scenario(false)
	scenario(true)
	s13Compare(t, &o, "s1_cancelled_head_pop")
}

func TestSem13S1CallLaterNoTie(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	var later, at []int
	hs := make([]*task.TimerHandle, 8)
	for i := range 8 {
		hs[i], _ = l.CallLater(10*s13ms, func() { later = append(later, i) })
	}
	increase := true
	for i := 1; i < len(hs); i++ {
		increase = increase && hs[i-1].When() < hs[i].When()
	}
	o.p("deadlines increase:", increase)
	when := l.Time() + 0.03
	equal := true
	for i := range 8 {
		h, _ := l.CallAt(when, func() { at = append(at, i) })
		equal = equal && h.When() == when
	}
	o.p("deadlines equal:", equal)
	_, _ = l.CallAt(when+0.01, l.Stop)
	s13OK(t, l.RunForever())
	o.p("call_later:", later)
	o.p("call_at:   ", at)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_call_later_no_tie")
}

func TestSem13S1Time(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	t1 := l.Time()
	t2 := l.Time()
	o.p("monotonic:", t2 >= t1)
	var seen []string
	check := func(h **task.TimerHandle, name string) func() {
		return func() {
			now := l.Time()
			seen = append(seen, name)
			o.p(name, "runs at or after its deadline:", now+1e-9 >= (*h).When())
		}
	}
	var ha, hb *task.TimerHandle
	before := l.Time()
	ha, _ = l.CallLater(20*s13ms, check(&ha, "a"))
	after := l.Time()
	o.p("call_later deadline within [before+d, after+d]:",
		before+0.02 <= ha.When() && ha.When() <= after+0.02)
	hb, _ = l.CallAt(l.Time()+0.01, check(&hb, "b"))
	_, _ = l.CallLater(30*s13ms, l.Stop)
	s13OK(t, l.RunForever())
	o.p(seen, "clock moved on:", l.Time()-t1 >= 0.03)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_time")
}

func TestSem13S1ExceptionInCallback(t *testing.T) {
	var o s13Out
	l := s13New(t, false)
	var hBoom *task.Handle
	handler := func(_ *loop.Loop, ctx task.ExceptionContext) {
		o.p("handler:", strings.HasPrefix(ctx.Message, "Exception in callback "),
			pyfmt.Repr(errors.Unwrap(ctx.Exception)), ctx.Handle == hBoom)
	}
	boom := func() {
		o.p("boom raises")
		panic(task.RuntimeError("boom")) // raise RuntimeError("boom")
	}
	p := func(x string) func() { return func() { o.p(x) } }
	l.SetExceptionHandler(handler)
	_, _ = l.CallSoon(p("before"))
	hBoom, _ = l.CallSoon(boom)
	_, _ = l.CallSoon(p("after, same iteration"))
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	o.p("loop survived:", !l.IsClosed())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_exception_in_callback")
}

func TestSem13S1CallSoonThreadsafe(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	p := func(x string) func() { return func() { o.p(x) } }
	// The virtual clock jumps to the next timer when nothing is ready,
	// unless work from outside the loop was promised (KeepAlive): that
	// stands for the real wait that the thread's callback interrupts.
	release := l.KeepAlive()
	done := make(chan struct{})
	worker := func() { // def worker():
		defer close(done)
		defer release()
		_, _ = l.CallSoonThreadsafe(p("from thread"))
	}
	_, _ = l.CallLater(300*s13ms, p("timer"))
	_, _ = l.CallLater(300*s13ms, l.Stop)
	_, _ = l.CallSoon(func() { go worker() }) // loop.call_soon(th.start)
	s13OK(t, l.RunForever())
	<-done // th.join()
	s13OK(t, l.Close())
	s13Compare(t, &o, "s1_call_soon_threadsafe")
}

// ---------------------------------------------------------------------
// Section 2: run_forever / stop / run_until_complete / close.

func TestSem13S2StopMidSnapshot(t *testing.T) {
	var o s13Out
	l := s13New(t, false)
	p := func(x string) func() { return func() { o.p(x) } }
	stopper := func() {
		o.p("stopper: stop() twice, queue 'late'")
		l.Stop()
		l.Stop()
		_, _ = l.CallSoon(p("late"))
		_, _ = l.CallLater(0, p("late timer"))
	}
	_, _ = l.CallSoon(p("first"))
	_, _ = l.CallSoon(stopper)
	_, _ = l.CallSoon(p("after stopper"))
	_, _ = l.CallLater(0, p("due timer"))
	s13OK(t, l.RunForever())
	o.p("run_forever returned")
	_, _ = l.CallSoon(p("queued between runs"))
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	o.p("second run_forever returned")
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_stop_mid_snapshot")
}

func TestSem13S2StopBeforeRun(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	p := func(x string) func() { return func() { o.p(x) } }
	queue := func() {
		o.p("queue: adds 'next'")
		_, _ = l.CallSoon(p("next"))
	}
	_, _ = l.CallSoon(p("queued before"))
	_, _ = l.CallSoon(queue)
	_, _ = l.CallLater(50*s13ms, p("timer 50ms"))
	l.Stop()
	s13OK(t, l.RunForever())
	o.p("returned after one iteration")
	_, _ = l.CallLater(100*s13ms, l.Stop)
	s13OK(t, l.RunForever())
	o.p("returned after the 100ms stop timer")
	l.Stop()
	s13OK(t, l.RunForever())
	o.p("empty loop: returned at once")
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_stop_before_run")
}

func TestSem13S2IsRunning(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	o.p("before:", l.IsRunning(), l.IsClosed())
	_, _ = l.CallSoon(func() {
		o.p("in callback:", l.IsRunning())
		l.Stop()
	})
	s13OK(t, l.RunForever())
	o.p("after run_forever:", l.IsRunning())
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		o.p("in coroutine:", l.IsRunning())
		return "ok", nil
	})
	o.p(s13Must[string](t)(l.RunUntilComplete(main)))
	o.p("after run_until_complete:", l.IsRunning())
	s13OK(t, l.Close())
	o.p("after close:", l.IsRunning(), l.IsClosed())
	s13Compare(t, &o, "s2_is_running")
}

func TestSem13S2RucNextIteration(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	fut := l.CreateFuture[string]()
	p := func(x string) func() { return func() { o.p(x) } }
	complete := func() {
		o.p("complete: set_result")
		s13OK(t, fut.SetResult("value"))
		_, _ = l.CallSoon(p("queued by complete"))
	}
	var chain func(n int)
	chain = func(n int) {
		o.p("chain", n)
		_, _ = l.CallSoon(func() { chain(n + 1) })
	}
	userCb := func(f task.AnyFuture) {
		r, _ := f.(*task.Future[string]).Result()
		o.p("user done callback:", r)
	}
	_, _ = l.CallSoon(func() { chain(0) })
	_, _ = l.CallSoon(complete)
	_, _ = l.CallSoon(p("after complete"))
	fut.AddDoneCallback(userCb)
	o.p("result:", s13Must[string](t)(l.RunUntilComplete(fut)))
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_next_iteration")
}

func TestSem13S2RucDoneFuture(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	fut := l.CreateFuture[int]()
	s13OK(t, fut.SetResult(42))
	p := func(x string) func() { return func() { o.p(x) } }
	queueMore := func() {
		o.p("queue_more")
		_, _ = l.CallSoon(p("queued during the iteration"))
	}
	_, _ = l.CallSoon(p("queued before 1"))
	_, _ = l.CallSoon(queueMore)
	_, _ = l.CallSoon(p("queued before 2"))
	o.p("result:", s13Must[int](t)(l.RunUntilComplete(fut)))
	o.p("again:", s13Must[int](t)(l.RunUntilComplete(fut)))
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_done_future")
}

func TestSem13S2RucStoppedBefore(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	fut := l.CreateFuture[string]()
	_, _ = l.CallSoon(l.Stop)
	if _, err := l.RunUntilComplete(fut); err != nil {
		o.p(pyfmt.Repr(err))
	}
	o.p("future done:", fut.Done())

	gate := l.CreateFuture[int]()
	waiter := coroutine.New(func(co *coroutine.Co) (int, error) {
		o.p("waiter starts")
		v, err := gate.Await(co)
		if err != nil {
			return 0, err
		}
		o.p("waiter got", v)
		return v * 2, nil
	})
	tk := s13Must[task.FutureLike[int]](t)(task.EnsureFuture(l, waiter))
	_, _ = l.CallSoon(l.Stop)
	if _, err := l.RunUntilComplete(tk); err != nil {
		o.p(pyfmt.Repr(err))
	}
	o.p("task done:", tk.Done())
	_, _ = l.CallSoon(func() { _ = gate.SetResult(21) })
	o.p("result:", s13Must[int](t)(l.RunUntilComplete(tk)))
	_, _ = l.CallSoon(func() { _ = fut.SetResult("late") })
	o.p("result:", s13Must[string](t)(l.RunUntilComplete(fut)))
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_stopped_before")
}

// s13Run is run(aw) of s2_ruc_outcomes.py.
func s13Run[T any](o *s13Out, l *loop.Loop, aw task.Awaitable[T]) {
	v, err := l.RunUntilComplete(aw)
	if err != nil {
		o.p("raised", pyfmt.Repr(err))
		return
	}
	o.p("returned", pyfmt.Repr(v))
}

func TestSem13S2RucOutcomes(t *testing.T) {
	var o s13Out
	l := s13New(t, true)

	f := l.CreateFuture[string]()
	_, _ = l.CallSoon(func() { _ = f.SetResult("ok") })
	s13Run(&o, l, f)

	f = l.CreateFuture[string]()
	_, _ = l.CallSoon(func() { _ = f.SetException(task.ValueError("bad value")) })
	s13Run(&o, l, f)

	f = l.CreateFuture[string]()
	_, _ = l.CallSoon(func() { f.Cancel() })
	s13Run(&o, l, f)

	f = l.CreateFuture[string]()
	_, _ = l.CallSoon(func() { f.Cancel("bye") })
	s13Run(&o, l, f)

	fails := coroutine.New(func(co *coroutine.Co) (int, error) {
		return 0, task.ValueError("from coroutine")
	})
	returns := coroutine.New(func(co *coroutine.Co) (int, error) { return 7, nil })
	s13Run(&o, l, fails)
	s13Run(&o, l, returns)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_outcomes")
}

func TestSem13S2RucTaskOrder(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	p := func(x string) func() { return func() { o.p(x) } }
	main := coroutine.New(func(co *coroutine.Co) (string, error) {
		o.p("main step 1")
		_, _ = l.CallSoon(p("queued by step 1"))
		if err := task.Sleep(co, 0); err != nil { // await asyncio.sleep(0)
			return "", err
		}
		o.p("main step 2")
		_, _ = l.CallSoon(p("queued by step 2"))
		_, _ = l.CallSoon(p("queued by step 2, again"))
		return "main result", nil
	})
	var tick func(n int)
	tick = func(n int) {
		o.p("tick", n)
		if n < 6 {
			_, _ = l.CallSoon(func() { tick(n + 1) })
		}
	}
	_, _ = l.CallSoon(func() { tick(0) })
	_, _ = l.CallSoon(p("queued before run_until_complete"))
	o.p(s13Must[string](t)(l.RunUntilComplete(main)))
	_, _ = l.CallSoon(l.Stop)
	s13OK(t, l.RunForever())
	o.p("leftovers ran")
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_task_order")
}

func TestSem13S2AlreadyRunning(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	never := func() *coroutine.Coroutine[struct{}] {
		return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
			o.p("never runs")
			return struct{}{}, nil
		})
	}
	cb := func() {
		fut := l.CreateFuture[int]()
		if _, err := l.RunUntilComplete(fut); err != nil {
			o.p("run_until_complete(future):", pyfmt.Repr(err))
		}
		c := never()
		if _, err := l.RunUntilComplete(c); err != nil {
			o.p("run_until_complete(coroutine):", pyfmt.Repr(err))
		}
		o.p("coroutine state:", c.State().String())
		o.p("tasks:", len(task.AllTasks(l)))
		_ = c.Close()
		if err := l.RunForever(); err != nil {
			o.p("run_forever:", pyfmt.Repr(err))
		}
		l.Stop()
	}
	_, _ = l.CallSoon(cb)
	s13OK(t, l.RunForever())
	o.p("outer run_forever returned")
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_already_running")
}

func TestSem13S2OtherLoopRunning(t *testing.T) {
	var o s13Out
	outer := s13New(t, true)
	inner := s13New(t, true) // virtual: a wrongly started inner run ends in ErrDeadlock, not a hang
	p := func(x string) func() { return func() { o.p(x) } }
	cb := func() {
		fut := inner.CreateFuture[int]()
		_, _ = inner.CallSoon(inner.Stop)
		_, _ = inner.CallSoon(p("inner callback"))
		if _, err := inner.RunUntilComplete(fut); err != nil {
			o.p("run_until_complete:", pyfmt.Repr(err))
		}
		if err := inner.RunForever(); err != nil {
			o.p("run_forever:", pyfmt.Repr(err))
		}
		o.p("inner running:", inner.IsRunning())
		outer.Stop()
	}
	_, _ = outer.CallSoon(cb)
	s13OK(t, outer.RunForever())
	o.p("outer returned")
	_, _ = inner.CallSoon(inner.Stop)
	s13OK(t, inner.RunForever())
	o.p("inner ran afterwards")
	s13OK(t, inner.Close())
	s13OK(t, outer.Close())
	s13Compare(t, &o, "s2_other_loop_running")
}

func TestSem13S2Close(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	p := func(x string) func() { return func() { o.p(x) } }
	h, _ := l.CallSoon(p("never runs"))
	th, _ := l.CallLater(10*s13ms, p("never runs either"))
	fut := l.CreateFuture[string]()
	s13OK(t, l.Close())
	o.p("closed:", l.IsClosed(), "running:", l.IsRunning())
	s13OK(t, l.Close())
	o.p("closed again:", l.IsClosed())
	o.p("handles not cancelled:", h.Cancelled(), th.Cancelled())
	s13OK(t, fut.SetResult("still settable"))
	o.p(s13Must[string](t)(fut.Result()))
	f2 := l.CreateFuture[int]()
	o.p("create_future after close:", f2.Done())
	s13Compare(t, &o, "s2_close")
}

func TestSem13S2AfterCloseErrors(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	s13OK(t, l.Close())
	p := func(x int) func() { return func() { o.p(x) } }
	coro := func() *coroutine.Coroutine[struct{}] {
		return coroutine.New(func(co *coroutine.Co) (struct{}, error) {
			o.p("never runs")
			return struct{}{}, nil
		})
	}
	attempt := func(name string, fn func() error) {
		if err := fn(); err != nil {
			o.p(name+":", pyfmt.Repr(err))
			return
		}
		o.p(name, "succeeded")
	}
	attempt("call_soon", func() error { _, err := l.CallSoon(p(1)); return err })
	attempt("call_later", func() error { _, err := l.CallLater(10*s13ms, p(1)); return err })
	attempt("call_at", func() error { _, err := l.CallAt(l.Time()+0.01, p(1)); return err })
	attempt("call_soon_threadsafe", func() error { _, err := l.CallSoonThreadsafe(p(1)); return err })
	attempt("run_forever", l.RunForever)
	fut := l.CreateFuture[int]()
	attempt("run_until_complete(future)", func() error { _, err := l.RunUntilComplete(fut); return err })
	c := coro()
	attempt("run_until_complete(coroutine)", func() error { _, err := l.RunUntilComplete(c); return err })
	o.p("coroutine state:", c.State().String())
	_ = c.Close()
	c = coro()
	attempt("create_task", func() error { _, err := l.CreateTask(c); return err })
	_ = c.Close()
	attempt("stop", func() error { l.Stop(); return nil })
	s13Compare(t, &o, "s2_after_close_errors")
}

func TestSem13S2CreateTaskClosed(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	s13OK(t, l.Close())
	c := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		o.p("never runs")
		return struct{}{}, nil
	})
	if _, err := l.CreateTask(c); err != nil {
		o.p(pyfmt.Repr(err))
	}
	o.p("coroutine state:", c.State().String())
	_ = c.Close()
	s13Compare(t, &o, "s2_create_task_closed")
}

func TestSem13S2CloseRunning(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	p := func(x string) func() { return func() { o.p(x) } }
	cb := func() {
		if err := l.Close(); err != nil {
			o.p(pyfmt.Repr(err))
		}
		o.p("closed:", l.IsClosed(), "running:", l.IsRunning())
		_, _ = l.CallSoon(p("the loop goes on"))
		_, _ = l.CallSoon(l.Stop)
	}
	_, _ = l.CallSoon(cb)
	s13OK(t, l.RunForever())
	s13OK(t, l.Close())
	o.p("closed:", l.IsClosed())
	s13Compare(t, &o, "s2_close_running")
}

func TestSem13S2SetResultAfterClose(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	f1 := l.CreateFuture[int]()
	f1.AddDoneCallback(func(task.AnyFuture) { o.p("never called") })
	f2 := l.CreateFuture[int]()
	f2.AddDoneCallback(func(task.AnyFuture) { o.p("never called") })
	s13OK(t, l.Close())
	if err := f1.SetResult(1); err != nil {
		o.p("set_result:", pyfmt.Repr(err))
	}
	r, _ := f1.Result()
	o.p("f1 done:", f1.Done(), "result:", r)
	if err := f2.SetException(task.ValueError("v")); err != nil {
		o.p("set_exception:", pyfmt.Repr(err))
	}
	exc, _ := f2.Exception()
	o.p("f2 done:", f2.Done(), "exception:", pyfmt.Repr(exc))
	if err := f1.SetResult(2); errors.Is(err, task.ErrInvalidState) {
		o.p("set_result again: InvalidStateError")
	}
	s13Compare(t, &o, "s2_set_result_after_close")
}

func TestSem13S2RucErrors(t *testing.T) {
	var o s13Out
	l := s13New(t, true)
	other := s13New(t, true)
	if _, err := l.RunUntilComplete[int](nil); err != nil { // run_until_complete(42)
		o.p(pyfmt.Repr(err))
	}
	if _, err := l.RunUntilComplete(other.CreateFuture[int]()); err != nil {
		o.p(pyfmt.Repr(err))
	}
	c := coroutine.New(func(co *coroutine.Co) (int, error) { return 1, nil })
	o.p(s13Must[int](t)(l.RunUntilComplete(c)))
	func() {
		// Keep a panic of the runtime from killing the whole test binary:
		// print it, so the comparison shows it.
		defer func() {
			if r := recover(); r != nil {
				o.p("panic:", fmt.Sprint(r))
			}
		}()
		if _, err := l.RunUntilComplete(c); err != nil {
			o.p(err.Error()) // print(str(e))
		}
	}()
	s13OK(t, other.Close())
	s13OK(t, l.Close())
	s13Compare(t, &o, "s2_ruc_errors")
}

// ---------------------------------------------------------------------
// Section 3: get_event_loop, set_event_loop, get_running_loop.

func TestSem13S3GetEventLoopDefault(t *testing.T) {
	s13ResetDefault(t) // a fresh process: no loop set yet
	var o s13Out
	l := loop.GetEventLoop() // loop = asyncio.get_event_loop()
	o.p("same loop:", loop.GetEventLoop() == l)
	o.p("running:", l.IsRunning(), "closed:", l.IsClosed())
	main := coroutine.New(func(co *coroutine.Co) (pyfmt.Tuple, error) {
		rl, err := loop.GetRunningLoop(co)
		return pyfmt.Tuple{loop.GetEventLoop() == l, err == nil && rl == l}, nil
	})
	o.p("inside:", s13Must[pyfmt.Tuple](t)(l.RunUntilComplete(main)))
	s13OK(t, l.Close())
	o.p("closed loop still returned:", loop.GetEventLoop() == l)
	s13Compare(t, &o, "s3_get_event_loop_default")
}

func TestSem13S3SetEventLoop(t *testing.T) {
	s13ResetDefault(t)
	var o s13Out
	l1 := s13New(t, true)
	l2 := s13New(t, true)
	loop.SetEventLoop(l1)
	o.p("l1:", loop.GetEventLoop() == l1)
	loop.SetEventLoop(l2)
	o.p("l2:", loop.GetEventLoop() == l2, loop.GetEventLoop() == l1)
	loop.SetEventLoop(l1)
	o.p("l1 again:", loop.GetEventLoop() == l1)
	s13OK(t, l1.Close())
	s13OK(t, l2.Close())
	s13Compare(t, &o, "s3_set_event_loop")
}

func TestSem13S3RunningLoopWins(t *testing.T) {
	s13ResetDefault(t)
	var o s13Out
	current := s13New(t, true)
	runner := s13New(t, true)
	loop.SetEventLoop(current)
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		// Inside a coroutine, Python's get_event_loop() is the running
		// loop; Go has no goroutine-local state, so the Go twin asks the
		// coroutine's scope: GetRunningLoop(co).
		got, err := loop.GetRunningLoop(co)
		s13OK(t, err)
		o.p("get_event_loop is the running loop:", got == runner)
		o.p("get_event_loop is the set loop:", got == current)
		rl, err := loop.GetRunningLoop(co)
		o.p("get_running_loop is the running loop:", err == nil && rl == runner)
		return struct{}{}, nil
	})
	s13Must[struct{}](t)(runner.RunUntilComplete(main))
	o.p("outside again, the set loop:", loop.GetEventLoop() == current)
	s13OK(t, runner.Close())
	s13OK(t, current.Close())
	s13Compare(t, &o, "s3_running_loop_wins")
}

func TestSem13S3SetNone(t *testing.T) {
	t.Skip("known difference (DESIGN.md): after SetEventLoop(nil), GetEventLoop creates a new default loop; CPython 3.12-3.13 raise RuntimeError here")
	s13ResetDefault(t)
	var o s13Out
	l := s13New(t, true)
	loop.SetEventLoop(l)
	loop.SetEventLoop(nil)
	// try: got = asyncio.get_event_loop() ... except RuntimeError: our
	// GetEventLoop has no error to return.
	got := loop.GetEventLoop()
	o.p("got a loop; the one set before:", got == l)
	s13OK(t, l.Close())
	s13Compare(t, &o, "s3_set_none")
}

func TestSem13S3RunSetsLoop(t *testing.T) {
	t.Skip("known difference (DESIGN.md): after Run, GetEventLoop creates a new default loop; CPython 3.12-3.13 raise RuntimeError here")
	s13ResetDefault(t)
	var o s13Out
	before := s13New(t, true)
	loop.SetEventLoop(before)
	main := coroutine.New(func(co *coroutine.Co) (struct{}, error) {
		running, err := loop.GetRunningLoop(co)
		s13OK(t, err)
		o.p("running loop is new:", running != before)
		o.p("get_event_loop is the running loop:", loop.GetEventLoop() == running)
		return struct{}{}, nil
	})
	_, err := loop.Run(main, loop.WithVirtualClock(), loop.WithStderr(s13LogWriter{t}))
	s13OK(t, err)
	// try: got = asyncio.get_event_loop() ... except RuntimeError: our
	// GetEventLoop has no error to return.
	got := loop.GetEventLoop()
	o.p("got a loop; the one set before:", got == before)
	s13OK(t, before.Close())
	s13Compare(t, &o, "s3_run_sets_loop")
}

func TestSem13S3GetRunningLoop(t *testing.T) {
	var o s13Out
	probe := func(co *coroutine.Co) {
		if _, err := loop.GetRunningLoop(co); err != nil {
			o.p(pyfmt.Repr(err))
			return
		}
		o.p("found a running loop")
	}
	aprobe := func(label string) *coroutine.Coroutine[string] {
		return coroutine.New(func(co *coroutine.Co) (string, error) {
			o.pEnd(label + ":")
			probe(co)
			return label, nil
		})
	}
	o.pEnd("top level:")
	probe(nil) // no coroutine at all: Python's module level
	c := aprobe("driven by hand")
	if _, done := c.Send(); done { // c.send(None) raises StopIteration
		v, _ := c.Result()
		o.p("returned", v)
	}
	l := s13New(t, false)
	o.p("returned", s13Must[string](t)(l.RunUntilComplete(aprobe("in a task"))))
	s13OK(t, l.Close())
	o.pEnd("after close:")
	probe(nil)
	s13Compare(t, &o, "s3_get_running_loop")
}
