package coroutine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/coroutine"
)

// crtGoid returns the id of the calling goroutine, read from the first
// line of its stack ("goroutine 17 [running]:").
func crtGoid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		b = b[:i]
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		panic("crtGoid: cannot parse " + string(buf[:]))
	}
	return id
}

// crtStateLog records (label, state) pairs, as the Python twin's log list.
type crtStateLog []string

func (l *crtStateLog) add(label string, s coroutine.State) {
	*l = append(*l, label+" "+s.String())
}

func TestStateString(t *testing.T) {
	assert.Equal(t, "CORO_CREATED", coroutine.Created.String())
	assert.Equal(t, "CORO_RUNNING", coroutine.Running.String())
	assert.Equal(t, "CORO_SUSPENDED", coroutine.Suspended.String())
	assert.Equal(t, "CORO_CLOSED", coroutine.Closed.String())
	assert.Equal(t, "State(9)", coroutine.State(9).String())
}

// TestStatesThroughSend follows the Python twin below, checked by hand
// with CPython 3.13:
//
//	@types.coroutine
//	def bare(v=None):
//	    r = yield v
//	    return r
//	async def body():
//	    log.append(("inside", getcoroutinestate(c)))      # CORO_RUNNING
//	    try:
//	        await bare("first")
//	        log.append(("resumed", getcoroutinestate(c))) # CORO_RUNNING
//	        await bare("second")
//	        return 42
//	    finally:
//	        log.append(("finally", getcoroutinestate(c))) # CORO_RUNNING
//	c = body()                 # CORO_CREATED
//	c.send(None) -> "first"    # CORO_SUSPENDED
//	c.send(None) -> "second"   # CORO_SUSPENDED
//	c.send(None) -> StopIteration(42)  # CORO_CLOSED
//	c.send(None) -> RuntimeError('cannot reuse already awaited coroutine')
func TestStatesThroughSend(t *testing.T) {
	var log crtStateLog
	var c *coroutine.Coroutine[int]
	c = coroutine.New(func(co *coroutine.Co) (int, error) {
		log.add("inside", c.State())
		defer func() { log.add("finally", c.State()) }()
		if err := co.Yield("first"); err != nil {
			return 0, err
		}
		log.add("resumed", c.State())
		if err := co.Yield("second"); err != nil {
			return 0, err
		}
		return 42, nil
	})
	require.Equal(t, coroutine.Created, c.State())

	y, done := c.Send()
	require.False(t, done)
	assert.Equal(t, "first", y)
	assert.Equal(t, coroutine.Suspended, c.State())

	y, done = c.Send()
	require.False(t, done)
	assert.Equal(t, "second", y)
	assert.Equal(t, coroutine.Suspended, c.State())

	y, done = c.Send()
	require.True(t, done)
	assert.Nil(t, y)
	assert.Equal(t, coroutine.Closed, c.State())
	v, err := c.Result()
	assert.Equal(t, 42, v)
	assert.NoError(t, err)
	assert.Equal(t, crtStateLog{"inside CORO_RUNNING", "resumed CORO_RUNNING", "finally CORO_RUNNING"}, log)

	// Sending into a finished coroutine: Python raises RuntimeError
	// ('cannot reuse already awaited coroutine').
	y, done = c.Send()
	assert.True(t, done)
	assert.Nil(t, y)
	assert.ErrorIs(t, c.Err(), coroutine.ErrReused)
	assert.EqualError(t, c.Err(), "cannot reuse already awaited coroutine")
	assert.Equal(t, coroutine.Closed, c.State())
}

// Python: c = body(); c.throw(ValueError("boom")) raises boom at once,
// the state is CORO_CLOSED and the log is empty: the body never ran.
func TestThrowIntoCreatedEndsWithoutRunning(t *testing.T) {
	boom := errors.New("boom")
	ran := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		ran = true
		return 1, nil
	})
	y, done := c.Throw(boom)
	assert.True(t, done)
	assert.Nil(t, y)
	assert.False(t, ran, "the body must not run")
	assert.Equal(t, coroutine.Closed, c.State())
	v, err := c.Result()
	assert.Zero(t, v)
	assert.Same(t, boom, err)

	// It cannot be started afterwards either.
	_, done = c.Send()
	assert.True(t, done)
	assert.False(t, ran)
}

// Python: c = body(); c.send(None); c.throw(ValueError("boom2")): the
// error is raised at the suspension point, the finally clause runs with
// the coroutine CORO_RUNNING, and the error escapes; CORO_CLOSED after.
func TestThrowIntoSuspended(t *testing.T) {
	boom := errors.New("boom2")
	var log crtStateLog
	var seen error
	var c *coroutine.Coroutine[int]
	c = coroutine.New(func(co *coroutine.Co) (int, error) {
		log.add("inside", c.State())
		defer func() { log.add("finally", c.State()) }()
		seen = co.Yield("first")
		return 0, seen
	})
	_, done := c.Send()
	require.False(t, done)
	y, done := c.Throw(boom)
	assert.True(t, done)
	assert.Nil(t, y)
	assert.Same(t, boom, seen, "Yield returns the thrown error")
	assert.Same(t, boom, c.Err())
	assert.Equal(t, coroutine.Closed, c.State())
	assert.Equal(t, crtStateLog{"inside CORO_RUNNING", "finally CORO_RUNNING"}, log)
}

// A body may catch what is thrown in and go on: the throw returns its
// next yielded value.
func TestThrowCaughtThenYield(t *testing.T) {
	c := coroutine.New(func(co *coroutine.Co) (string, error) {
		err := co.Yield(1)
		if err == nil {
			return "", errors.New("expected an error")
		}
		if err := co.Yield("caught " + err.Error()); err != nil {
			return "", err
		}
		return "done", nil
	})
	y, done := c.Send()
	require.False(t, done)
	require.Equal(t, 1, y)
	y, done = c.Throw(errors.New("x"))
	require.False(t, done)
	assert.Equal(t, "caught x", y)
	assert.Equal(t, coroutine.Suspended, c.State())
	_, done = c.Send()
	require.True(t, done)
	v, err := c.Result()
	assert.Equal(t, "done", v)
	assert.NoError(t, err)
}

// Await runs the awaited body inline on the caller's goroutine: no new
// goroutine appears, and a second Await reports ErrReused (Python:
// RuntimeError('cannot reuse already awaited coroutine')).
func TestAwaitInlineAndReuse(t *testing.T) {
	outerID := crtGoid()
	before := runtime.NumGoroutine()
	var insideID uint64
	var inside int
	var innerState coroutine.State
	var inner *coroutine.Coroutine[int]
	inner = coroutine.New(func(co *coroutine.Co) (int, error) {
		insideID = crtGoid()
		inside = runtime.NumGoroutine()
		innerState = inner.State()
		return 7, nil
	})
	v, err := inner.Await(nil)
	require.NoError(t, err)
	assert.Equal(t, 7, v)
	assert.Equal(t, outerID, insideID, "the body must run on the awaiting goroutine")
	// Goroutines left by earlier tests may still be exiting, so the count
	// can only have gone down.
	assert.LessOrEqual(t, inside, before, "no goroutine may be started by Await")
	assert.Equal(t, coroutine.Running, innerState)
	assert.Equal(t, coroutine.Closed, inner.State())

	v, err = inner.Await(nil)
	assert.Zero(t, v)
	assert.ErrorIs(t, err, coroutine.ErrReused)
	assert.EqualError(t, err, "cannot reuse already awaited coroutine")
	// The first result is kept.
	r, rerr := inner.Result()
	assert.Equal(t, 7, r)
	assert.NoError(t, rerr)
}

// Inside a driven coroutine, an awaited coroutine shares the driven body's
// goroutine (and its Co), and can yield through it to the driver: Python's
// "yield from".
func TestAwaitInsideDrivenSharesGoroutine(t *testing.T) {
	var outerID, innerID uint64
	var outerCo, innerCo *coroutine.Co
	var gBefore, gInner int
	inner := coroutine.New(func(co *coroutine.Co) (int, error) {
		innerID = crtGoid()
		innerCo = co
		gInner = runtime.NumGoroutine()
		if err := co.Yield("from inner"); err != nil {
			return 0, err
		}
		return 5, nil
	})
	outer := coroutine.New(func(co *coroutine.Co) (int, error) {
		outerID = crtGoid()
		outerCo = co
		gBefore = runtime.NumGoroutine()
		v, err := inner.Await(co)
		return v * 10, err
	})
	y, done := outer.Send()
	require.False(t, done)
	assert.Equal(t, "from inner", y, "the inner yield reaches the outer driver")
	assert.Equal(t, coroutine.Suspended, outer.State())
	assert.Equal(t, coroutine.Running, inner.State(), "an awaited coroutine is running while it waits inside its awaiter")
	_, done = outer.Send()
	require.True(t, done)
	v, err := outer.Result()
	require.NoError(t, err)
	assert.Equal(t, 50, v)
	assert.Equal(t, outerID, innerID)
	assert.NotEqual(t, crtGoid(), outerID, "a driven coroutine runs on a goroutine of its own")
	assert.Same(t, outerCo, innerCo)
	assert.Equal(t, gBefore, gInner)
	assert.Equal(t, coroutine.Closed, inner.State())

	// Awaiting a coroutine a task already drives, or that is running:
	// ErrAlreadyRunning while running, ErrReused once closed.
	_, err = inner.Await(nil)
	assert.ErrorIs(t, err, coroutine.ErrReused)
	_, err = outer.Await(nil)
	assert.ErrorIs(t, err, coroutine.ErrReused)
}

// Close of a suspended coroutine unwinds it: Yield does not return, the
// deferred calls run on the coroutine's own goroutine, and the goroutine
// is gone when Close returns. Python: c.close() runs the finally clause
// and leaves CORO_CLOSED.
func TestCloseSuspendedRunsDefersOnItsGoroutine(t *testing.T) {
	testID := crtGoid()
	var bodyID, deferID uint64
	var order []string
	afterYield := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		bodyID = crtGoid()
		defer func() { order = append(order, "outer defer") }()
		defer func() {
			deferID = crtGoid()
			order = append(order, "inner defer")
		}()
		_ = co.Yield(nil)
		afterYield = true
		return 1, nil
	})
	_, done := c.Send()
	require.False(t, done)
	require.NoError(t, c.Close())
	assert.Equal(t, coroutine.Closed, c.State())
	assert.False(t, afterYield, "Yield must not return after Close")
	assert.Equal(t, []string{"inner defer", "outer defer"}, order)
	assert.Equal(t, bodyID, deferID, "defers run on the body's goroutine")
	assert.NotEqual(t, testID, deferID)
	goleak.VerifyNone(t)

	// Closing again does nothing; sending reports reuse.
	require.NoError(t, c.Close())
	_, done = c.Send()
	assert.True(t, done)
	assert.False(t, afterYield)
}

// Closing a coroutine that never started just marks it closed (Python:
// close() on a new coroutine; no finally runs).
func TestCloseCreated(t *testing.T) {
	ran := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) { ran = true; return 0, nil })
	require.NoError(t, c.Close())
	assert.Equal(t, coroutine.Closed, c.State())
	assert.False(t, ran)
	_, done := c.Send()
	assert.True(t, done)
	assert.False(t, ran)
	goleak.VerifyNone(t)
}

// A deferred call that yields while the body unwinds is Python's
// "coroutine ignored GeneratorExit": Close reports ErrIgnoredClose, and
// still unwinds the goroutine completely.
func TestCloseIgnored(t *testing.T) {
	var order []string
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { order = append(order, "last defer") }()
		defer func() {
			order = append(order, "yielding defer")
			_ = co.Yield("again")
			order = append(order, "after second yield")
		}()
		_ = co.Yield(nil)
		return 0, nil
	})
	_, done := c.Send()
	require.False(t, done)
	err := c.Close()
	assert.ErrorIs(t, err, coroutine.ErrIgnoredClose)
	assert.EqualError(t, err, "coroutine ignored GeneratorExit")
	assert.Equal(t, coroutine.Closed, c.State())
	assert.Equal(t, []string{"yielding defer", "last defer"}, order)
	goleak.VerifyNone(t)
}

// crtPanicky is a named function so the stack can be checked for it.
func crtPanicky(v any) {
	panic(v)
}

var errCrtSentinel = errors.New("crt sentinel")

// A panic inside a driven body becomes a *PanicError carrying the panic
// value and the stack of the goroutine that panicked.
func TestPanicBecomesPanicError(t *testing.T) {
	deferRan := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { deferRan = true }()
		if err := co.Yield(nil); err != nil {
			return 0, err
		}
		crtPanicky("kaboom")
		return 1, nil
	})
	_, done := c.Send()
	require.False(t, done)
	_, done = c.Send()
	require.True(t, done)
	assert.True(t, deferRan)
	assert.Equal(t, coroutine.Closed, c.State())

	var pe *coroutine.PanicError
	require.ErrorAs(t, c.Err(), &pe)
	assert.Equal(t, "kaboom", pe.Value)
	assert.Contains(t, string(pe.Stack), "crtPanicky", "the stack must show the panicking function")
	assert.Contains(t, string(pe.Stack), "coroutine_test.go")
	assert.True(t, strings.HasPrefix(pe.Error(), "panic: kaboom\n\n"), pe.Error())
	assert.Contains(t, pe.Error(), "crtPanicky")
	assert.NoError(t, pe.Unwrap(), "a non-error panic value unwraps to nil")
	goleak.VerifyNone(t)
}

// errors.Is and errors.As see through a PanicError to an error panic value.
func TestPanicErrorUnwrap(t *testing.T) {
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		crtPanicky(fmt.Errorf("wrapped: %w", errCrtSentinel))
		return 0, nil
	})
	_, done := c.Send()
	require.True(t, done)
	err := c.Err()
	assert.ErrorIs(t, err, errCrtSentinel)
	var pe *coroutine.PanicError
	require.ErrorAs(t, err, &pe)
	assert.EqualError(t, pe.Unwrap(), "wrapped: crt sentinel")

	// An io.EOF panic from a coroutine awaited inline inside a driven
	// one surfaces the same way.
	outer := coroutine.New(func(co *coroutine.Co) (int, error) {
		inner := coroutine.New(func(co *coroutine.Co) (int, error) {
			crtPanicky(io.EOF)
			return 0, nil
		})
		return inner.Await(co)
	})
	_, done = outer.Send()
	require.True(t, done)
	assert.ErrorIs(t, outer.Err(), io.EOF)
	require.ErrorAs(t, outer.Err(), &pe)
	assert.Contains(t, string(pe.Stack), "crtPanicky")
}

// NewPanicError does not wrap a PanicError twice.
func TestNewPanicErrorKeepsExisting(t *testing.T) {
	pe := coroutine.NewPanicError("x")
	assert.Same(t, pe, coroutine.NewPanicError(pe))
	assert.Equal(t, "x", pe.Value)
	assert.NotEmpty(t, pe.Stack)
}

// runtime.Goexit inside a driven body (t.FailNow does this) ends the
// driver's goroutine too: its deferred calls run, the code after Send does
// not, and the coroutine is closed with ErrGoexit.
func TestGoexitPropagatesToDriver(t *testing.T) {
	var bodyDefer, driverDefer, afterSend atomic.Bool
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		defer bodyDefer.Store(true)
		if err := co.Yield(nil); err != nil {
			return 0, err
		}
		runtime.Goexit()
		return 1, nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer driverDefer.Store(true)
		if _, fin := c.Send(); fin {
			return
		}
		c.Send()
		afterSend.Store(true)
	}()
	<-done
	assert.True(t, bodyDefer.Load(), "the body's defers run")
	assert.True(t, driverDefer.Load(), "the driver goroutine's defers run")
	assert.False(t, afterSend.Load(), "the code after Send must not run")
	assert.Equal(t, coroutine.Closed, c.State())
	assert.ErrorIs(t, c.Err(), coroutine.ErrGoexit)
	goleak.VerifyNone(t)
}

// Goexit on the very first step behaves the same.
func TestGoexitOnFirstSend(t *testing.T) {
	var afterSend atomic.Bool
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		runtime.Goexit()
		return 0, nil
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Send()
		afterSend.Store(true)
	}()
	<-done
	assert.False(t, afterSend.Load())
	assert.ErrorIs(t, c.Err(), coroutine.ErrGoexit)
	goleak.VerifyNone(t)
}

func TestNameAndString(t *testing.T) {
	c := crtNamed()
	assert.Equal(t, "crtNamed", c.Name())
	assert.Equal(t, "<coroutine object crtNamed>", c.String())
	_ = c.Close()
}

func crtNamed() *coroutine.Coroutine[int] {
	return coroutine.New(func(co *coroutine.Co) (int, error) { return 0, nil })
}

func TestDriver(t *testing.T) {
	var seen any
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		seen = co.Driver()
		return 0, nil
	})
	c.SetDriver("the driver")
	_, done := c.Send()
	require.True(t, done)
	assert.Equal(t, "the driver", seen)
	assert.Nil(t, (*coroutine.Co)(nil).Driver())

	// On a coroutine that has started, SetDriver does nothing: driving it
	// again only reports reuse.
	var seen2 any
	c2 := coroutine.New(func(co *coroutine.Co) (int, error) {
		_ = co.Yield(nil)
		seen2 = co.Driver()
		return 0, nil
	})
	c2.SetDriver("first")
	_, done = c2.Send()
	require.False(t, done)
	assert.NotPanics(t, func() { c2.SetDriver("late") })
	_, done = c2.Send()
	require.True(t, done)
	assert.Equal(t, "first", seen2)
}

// crtChildEnv names the test a re-executed test binary must run as the
// scenario itself (see crtInChild).
const crtChildEnv = "GOASYNCIO_CRT_CHILD"

// crtInChild runs the calling test's scenario in a fresh copy of the test
// binary, so a scenario that crashes the process fails this one test
// instead of killing the whole package run. It returns true in the child,
// where the caller must run the scenario.
func crtInChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(crtChildEnv) == t.Name() {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), crtChildEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the scenario failed or crashed the process (%v):\n%s", err, out)
	}
	return false
}

// A deferred call that panics while Close unwinds a suspended coroutine
// must not crash the program. Python: close() raises the exception the
// finally clause raised, to the caller of close(). Here Close returns it
// as a *PanicError, and the coroutine's goroutine is gone.
func TestClosePanicInDefer(t *testing.T) {
	if !crtInChild(t) {
		return
	}
	laterDefer := false
	c := coroutine.New(func(co *coroutine.Co) (int, error) {
		defer func() { laterDefer = true }()
		defer crtPanicky("defer panicked during close")
		_ = co.Yield(nil)
		return 0, nil
	})
	_, done := c.Send()
	require.False(t, done)
	var err error
	require.NotPanics(t, func() { err = c.Close() })
	assert.Equal(t, coroutine.Closed, c.State())
	assert.True(t, laterDefer, "the remaining deferred calls still run")
	var pe *coroutine.PanicError
	require.ErrorAs(t, err, &pe, "Close reports the panic")
	assert.Equal(t, "defer panicked during close", pe.Value)
	assert.Contains(t, string(pe.Stack), "crtPanicky")
	goleak.VerifyNone(t)
}

type crtAppError struct{ msg string }

func (e *crtAppError) Error() string  { return e.msg }
func (e *crtAppError) PyRepr() string { return "AppError(" + strconv.Quote(e.msg) + ")" }

// A panic stands for a raise: its repr and str are the value's, without
// the Go stack (which Error keeps).
func TestPanicErrorPythonView(t *testing.T) {
	p := coroutine.NewPanicError(&crtAppError{"cannot divide"})
	assert.Equal(t, `AppError("cannot divide")`, p.PyRepr())
	assert.Equal(t, "cannot divide", p.PyStr())
	assert.Contains(t, p.Error(), "goroutine", "Error keeps the stack")
	p = coroutine.NewPanicError(errors.New("plain"))
	assert.Equal(t, "Exception('plain')", p.PyRepr())
	p = coroutine.NewPanicError(42)
	assert.Equal(t, "Exception('panic: 42')", p.PyRepr())
	assert.Equal(t, "panic: 42", p.PyStr())
}
