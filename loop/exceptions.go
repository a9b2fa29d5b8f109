package loop

import (
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
)

// This file answers "where do errors go that nobody can be handed?": the
// exception handler (call_exception_handler and
// default_exception_handler).

// ExceptionHandler receives what the loop cannot raise to anyone
// (set_exception_handler's handler(loop, context)).
type ExceptionHandler func(l *Loop, ctx task.ExceptionContext)

// SetExceptionHandler installs h as the loop's exception handler; nil
// restores the default (set_exception_handler).
func (l *Loop) SetExceptionHandler(h ExceptionHandler) { l.excHandler = h }

// GetExceptionHandler returns the installed handler, nil for the default.
func (l *Loop) GetExceptionHandler() ExceptionHandler { return l.excHandler }

// CallExceptionHandler reports ctx (call_exception_handler). A custom
// handler that panics is reported by the default handler as "Unhandled
// error in exception handler".
func (l *Loop) CallExceptionHandler(ctx task.ExceptionContext) {
	if l.tracer != nil {
		l.tasks.Trace(task.TraceEvent{Kind: task.TraceException, Detail: ctx.Message, Err: ctx.Exception, Task: ctx.Task, Future: ctx.Future})
	}
	if l.excHandler == nil {
		l.DefaultExceptionHandler(ctx)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			l.DefaultExceptionHandler(task.ExceptionContext{
				Message:   "Unhandled error in exception handler",
				Exception: coroutine.NewPanicError(r),
				Extra:     map[string]any{"context": ctx},
			})
		}
	}()
	l.excHandler(l, ctx)
}

// DefaultExceptionHandler writes ctx to the loop's stderr the way
// CPython's default handler logs it: the message, then "key: repr" for the
// other keys sorted by name, then the error (with its stack for a panic).
func (l *Loop) DefaultExceptionHandler(ctx task.ExceptionContext) {
	l.stderrMu.Lock()
	defer l.stderrMu.Unlock()
	fmt.Fprint(l.stderr, FormatExceptionContext(ctx))
}

// FormatExceptionContext renders ctx as the default handler prints it.
func FormatExceptionContext(ctx task.ExceptionContext) string {
	msg := ctx.Message
	if msg == "" {
		msg = "Unhandled exception in event loop"
	}
	lines := []string{msg}
	kv := map[string]string{}
	if ctx.Future != nil {
		kv["future"] = ctx.Future.String()
	}
	if ctx.Task != nil {
		kv["task"] = ctx.Task.String()
	}
	if ctx.Handle != nil {
		kv["handle"] = ctx.Handle.String()
	}
	for k, v := range ctx.Extra {
		if s, ok := v.(fmt.Stringer); ok {
			kv[k] = s.String()
		} else {
			kv[k] = pyfmt.Repr(v)
		}
	}
	if ctx.SourceTraceback != "" {
		kv["source_traceback"] = "Object created at (most recent call last):\n" + strings.TrimRight(ctx.SourceTraceback, "\n")
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lines = append(lines, k+": "+kv[k])
	}
	if ctx.Exception != nil {
		lines = append(lines, "error: "+ctx.Exception.Error())
	}
	return strings.Join(lines, "\n") + "\n"
}

// reportCallbackPanic is the except clause of Handle._run.
func (l *Loop) reportCallbackPanic(h *task.Handle, r any) {
	l.CallExceptionHandler(task.ExceptionContext{
		Message:   "Exception in callback " + callbackSource(h),
		Exception: coroutine.NewPanicError(r),
		Handle:    h,
	})
}

// callbackSource is format_helpers._format_callback_source: "f() at
// file:line".
func callbackSource(h *task.Handle) string {
	s := h.CallbackName()
	pc := h.Source()
	if fn := h.Func(); pc == 0 && fn != nil {
		pc = funcPC(fn)
	}
	if pc != 0 {
		if f := runtime.FuncForPC(pc); f != nil {
			file, line := f.FileLine(f.Entry())
			s += fmt.Sprintf(" at %s:%d", file, line)
		}
	}
	return s
}

func funcPC(fn any) uintptr { return reflect.ValueOf(fn).Pointer() }

func (l *Loop) warnf(format string, args ...any) {
	l.stderrMu.Lock()
	defer l.stderrMu.Unlock()
	fmt.Fprintf(l.stderr, format, args...)
}
