package coroutine_test

// Benchmarks of the two ways control moves in package coroutine: the
// channel hand-off of a top-level coroutine (Send / Co.Yield) and the
// inline Await of one coroutine by another (a coroutine object, or a Func
// value awaited directly). BenchmarkBareChannelRoundTrip is the floor the
// channel hand-off cannot beat: the same two unbuffered channels drive.go
// uses, with nothing else around them; BenchmarkBarePullRoundTrip is the
// floor under the iter.Pull hand-off. See bench/README.md.

import (
	"bytes"
	"iter"
	"runtime"
	"strconv"
	"testing"

	"github.com/goasyncio/goasyncio/coroutine"
)

// bnWire has the shape of drive.go's wire, the message both directions
// of the channel handoff share, so the baseline copies as many bytes per
// hand-off.
type bnWire struct {
	value any
	err   error
	why   uint8
	close bool
}

// bnResume and bnYield have the shapes of drive.go's resumeMsg and
// yieldMsg, which the pull handoff passes without a channel.
type bnResume struct {
	err   error
	close bool
}

type bnYield struct {
	value any
	why   uint8
}

// BenchmarkBareChannelRoundTrip: a goroutine parked on an unbuffered
// channel is resumed with a send and hands control back with a send on
// the same channel, as coroutine/drive.go does (the two sides strictly
// alternate). One op is one resume plus one yield: what one task step
// with the channel handoff costs at the very least.
func BenchmarkBareChannelRoundTrip(b *testing.B) {
	b.ReportAllocs()
	ch := make(chan bnWire)
	go func() {
		for {
			m := <-ch
			if m.close {
				close(ch)
				return
			}
			ch <- bnWire{why: 1}
		}
	}()
	b.ResetTimer()
	for range b.N {
		ch <- bnWire{}
		<-ch
	}
	b.StopTimer()
	ch <- bnWire{close: true}
	<-ch // closed: the goroutine is gone
}

// BenchmarkBarePullRoundTrip: the same round trip through iter.Pull, as
// pull.go does it: the driver leaves a message in a shared box and calls
// next; the sequence reads it and yields. The floor under the pull
// handoff.
func BenchmarkBarePullRoundTrip(b *testing.B) {
	b.ReportAllocs()
	var box bnResume
	next, stop := iter.Pull(func(yield func(bnYield) bool) {
		for {
			if box.close || !yield(bnYield{}) {
				return
			}
		}
	})
	defer stop()
	next() // start the sequence: it is now parked in yield
	b.ResetTimer()
	for range b.N {
		box = bnResume{}
		if _, ok := next(); !ok {
			b.Fatal("the sequence ended")
		}
	}
	b.StopTimer()
	box = bnResume{close: true}
	next()
}

// BenchmarkSendYield: a coroutine whose body calls co.Yield(nil) b.N times,
// driven by Send, with each handoff (/channel, /pull). One op is one Send
// that comes back with a yield.
func BenchmarkSendYield(b *testing.B) {
	for _, h := range []coroutine.Handoff{coroutine.HandoffChannel, coroutine.HandoffPull} {
		b.Run(h.String(), func(b *testing.B) {
			b.ReportAllocs()
			n := b.N
			c := coroutine.New(func(co *coroutine.Co) (int, error) {
				for range n {
					if err := co.Yield(nil); err != nil {
						return 0, err
					}
				}
				return n, nil
			})
			c.SetHandoff(h)
			b.ResetTimer()
			sends := 0
			for {
				_, done := c.Send()
				if done {
					break
				}
				sends++
			}
			b.StopTimer()
			if got, err := c.Result(); err != nil || got != n || sends != n {
				b.Fatalf("result %d, %v after %d sends; want %d", got, err, sends, n)
			}
		})
	}
}

// bnFibCalls is how many fib calls fib(25) makes: 2*fib(26)-1.
const bnFibCalls = 242785

// bnFib is async def fib(n): each call builds a coroutine and awaits it
// inline, as a recursive async function does in Python.
func bnFib(n int) *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) {
		if n < 2 {
			return n, nil
		}
		a, err := bnFib(n - 1).Await(co)
		if err != nil {
			return 0, err
		}
		c, err := bnFib(n - 2).Await(co)
		if err != nil {
			return 0, err
		}
		return a + c, nil
	})
}

// BenchmarkInlineAwaitFib25: fib(25) by recursive inline awaits inside one
// driven coroutine. One op is one fib(25), 242785 awaits; ns/await is the
// cost of one coroutine.New(...).Await(co).
func BenchmarkInlineAwaitFib25(b *testing.B) {
	b.ReportAllocs()
	n := b.N
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		sum := 0
		for range n {
			v, err := bnFib(25).Await(co)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, nil
	})
	b.ResetTimer()
	_, done := main.Send()
	b.StopTimer()
	if got, err := main.Result(); !done || err != nil || got != 75025*n {
		b.Fatalf("fib(25)*%d: got %d, %v (done %v); want %d", n, got, err, done, 75025*n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(bnFibCalls)/float64(n), "ns/await")
}

// bnGoroutineID returns the id of the calling goroutine, read from the
// first line of its stack trace ("goroutine 42 [running]:").
func bnGoroutineID(t *testing.T) uint64 {
	var buf [64]byte
	s := buf[:runtime.Stack(buf[:], false)]
	s = bytes.TrimPrefix(s, []byte("goroutine "))
	if i := bytes.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	id, err := strconv.ParseUint(string(s), 10, 64)
	if err != nil {
		t.Fatalf("cannot parse goroutine id from %q", buf)
	}
	return id
}

// TestBenchInlineAwaitStartsNoGoroutine checks what BenchmarkInlineAwaitFib25
// relies on: an inline Await runs the awaited body as a plain call on the
// awaiter's goroutine. Driving the outer coroutine starts exactly one
// goroutine; the thousands of awaits under it start none, and every body
// runs on that one goroutine.
func TestBenchInlineAwaitStartsNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()

	// Awaited with no driver at all (a nil Co): everything runs on the
	// test's own goroutine.
	self := bnGoroutineID(t)
	calls, maxG := 0, 0
	var fib func(n int) *coroutine.Coroutine[int]
	var wantID uint64
	var badID uint64
	fib = func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			calls++
			maxG = max(maxG, runtime.NumGoroutine())
			if id := bnGoroutineID(t); id != wantID && badID == 0 {
				badID = id
			}
			if n < 2 {
				return n, nil
			}
			a, err := fib(n - 1).Await(co)
			if err != nil {
				return 0, err
			}
			c, err := fib(n - 2).Await(co)
			return a + c, err
		})
	}
	wantID = self
	got, err := fib(12).Await(nil)
	if err != nil || got != 144 {
		t.Fatalf("fib(12) awaited inline = %d, %v; want 144", got, err)
	}
	if calls != 465 {
		t.Errorf("fib(12) made %d calls; want 465", calls)
	}
	if badID != 0 {
		t.Errorf("an inline body ran on goroutine %d, not on the awaiter's %d", badID, self)
	}
	if maxG > before {
		t.Errorf("runtime.NumGoroutine rose from %d to %d during inline awaits", before, maxG)
	}

	// Driven by Send: the outer body gets one goroutine of its own, and
	// the awaits inside it add none.
	calls, maxG, badID = 0, 0, 0
	var inside int
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		inside = runtime.NumGoroutine()
		wantID = bnGoroutineID(t)
		return fib(15).Await(co)
	})
	if _, done := main.Send(); !done {
		t.Fatal("the driven coroutine yielded; inline awaits must not suspend")
	}
	if got, err := main.Result(); err != nil || got != 610 {
		t.Fatalf("fib(15) = %d, %v; want 610", got, err)
	}
	if wantID == self {
		t.Error("the driven body ran on the driver's goroutine; it should have its own")
	}
	if inside > before+1 {
		t.Errorf("driving one coroutine raised NumGoroutine from %d to %d; want at most +1", before, inside)
	}
	if calls != 1973 {
		t.Errorf("fib(15) made %d calls; want 1973", calls)
	}
	if badID != 0 {
		t.Errorf("an inline body ran on goroutine %d, not on the driven body's %d", badID, wantID)
	}
	if maxG > inside {
		t.Errorf("runtime.NumGoroutine rose from %d to %d during inline awaits", inside, maxG)
	}
}

// bnFibFunc is bnFib with coroutine.Func values awaited directly (the fast
// path: no coroutine object).
func bnFibFunc(n int) coroutine.Func[int] {
	return func(co *coroutine.Co) (int, error) {
		if n < 2 {
			return n, nil
		}
		a, err := bnFibFunc(n - 1).Await(co)
		if err != nil {
			return 0, err
		}
		c, err := bnFibFunc(n - 2).Await(co)
		if err != nil {
			return 0, err
		}
		return a + c, nil
	}
}

// BenchmarkInlineAwaitFuncFib25 is BenchmarkInlineAwaitFib25 on the Func
// fast path.
func BenchmarkInlineAwaitFuncFib25(b *testing.B) {
	b.ReportAllocs()
	n := b.N
	main := coroutine.New(func(co *coroutine.Co) (int, error) {
		sum := 0
		for range n {
			v, err := bnFibFunc(25).Await(co)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, nil
	})
	b.ResetTimer()
	_, done := main.Send()
	b.StopTimer()
	if got, err := main.Result(); !done || err != nil || got != 75025*n {
		b.Fatalf("fib(25)*%d: got %d, %v (done %v); want %d", n, got, err, done, 75025*n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(bnFibCalls)/float64(n), "ns/await")
}
