package looptest

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goasyncio/goasyncio/coroutine"
)

// This file answers "which goroutines are this test's, and did any
// outlive its loop?" goleak.Find with goleak.IgnoreCurrent, taken when
// the harness opens, would answer "which goroutines are new since then",
// which in parallel tests includes every other test's coroutines (goleak
// says so itself: VerifyNone does not mix with t.Parallel). So the harness
// marks its goroutine with a pprof goroutine label of its own. Every
// goroutine started from a labelled goroutine inherits its labels: the
// goroutine of each coroutine the loop resumes, the goroutines those
// coroutines start, and so on down. Go 1.27 prints goroutine labels in
// tracebacks (GODEBUG tracebacklabels=1, the default for a module at go
// 1.27), so a dump of all goroutines tells which ones descend from this
// harness. With tracebacklabels=0 the harness falls back to goleak's
// rule (new since the harness opened) narrowed to goroutines started by
// goasyncio's own code, by the test's goroutine, or by one of those
// (while its creator is alive, since a traceback names only the creator's
// id). That fallback cannot tell parallel tests' coroutines apart and
// misses a goroutine whose creator has exited.

// scopeSeq numbers harnesses, so each has a label key of its own and
// nested or overlapping harnesses do not disturb each other's labels.
var scopeSeq atomic.Uint64

const labelPrefix = "goasyncio.looptest."

// leakScope is the set of goroutines that count as a harness's own.
type leakScope struct {
	owner    int64          // the goroutine that opened the scope
	key      string         // the harness's label key; "" in fallback mode
	labelled bool           // the owner still carries the label
	before   map[int64]bool // fallback mode: goroutines alive at the start
}

// labelsVisible reports whether goroutine labels appear in tracebacks
// (GODEBUG tracebacklabels=1). It finds out once, on a goroutine of its
// own, so the caller's labels are not touched.
var labelsVisible = sync.OnceValue(func() bool {
	ch := make(chan bool)
	go func() {
		const probe = labelPrefix + "probe"
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(probe, "1")))
		ch <- hasLabel(firstLine(stackDump(false)), probe)
	}()
	return <-ch
})

// openScope marks the calling goroutine, so the goroutines it starts from
// now on (and theirs) carry the harness's label.
func openScope() *leakScope {
	s := &leakScope{owner: coroutine.Goid()}
	if !labelsVisible() {
		s.before = map[int64]bool{}
		for _, g := range allGoroutines() {
			s.before[g.id] = true
		}
		return s
	}
	s.key = labelPrefix + strconv.FormatUint(scopeSeq.Add(1), 10)
	labels := parseLabels(firstLine(stackDump(false)))
	labels = append(labels, s.key, "1")
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(labels...)))
	s.labelled = true
	return s
}

// close takes the label off the goroutine that opened the scope, if it
// is the caller (a cleanup normally runs on the test's goroutine). Other
// labels it carries are kept.
func (s *leakScope) close() {
	if !s.labelled || coroutine.Goid() != s.owner {
		return
	}
	s.labelled = false
	var kept []string
	labels := parseLabels(firstLine(stackDump(false)))
	for i := 0; i+1 < len(labels); i += 2 {
		if labels[i] != s.key {
			kept = append(kept, labels[i], labels[i+1])
		}
	}
	ctx := context.Background()
	if len(kept) > 0 {
		ctx = pprof.WithLabels(ctx, pprof.Labels(kept...))
	}
	pprof.SetGoroutineLabels(ctx)
}

// gstack is one goroutine of a dump.
type gstack struct {
	id    int64
	text  string // header line and stack, as runtime.Stack prints them
	lines []string
}

// leaked returns the scope's goroutines still alive (the calling
// goroutine and the scope's owner excepted), waiting up to wait for them
// to exit first, with goleak's backoff (1µs doubling up to 100ms).
func (s *leakScope) leaked(wait time.Duration) []gstack {
	deadline := time.Now().Add(wait)
	for i := 0; ; i++ {
		found := s.find()
		left := time.Until(deadline)
		if len(found) == 0 || left <= 0 {
			return found
		}
		d := 100 * time.Millisecond
		if i < 17 {
			d = min(d, time.Microsecond<<i)
		}
		time.Sleep(min(d, left))
	}
}

func (s *leakScope) find() []gstack {
	self := coroutine.Goid()
	all := allGoroutines()
	var out []gstack
	if s.key != "" {
		for _, g := range all {
			if g.id != self && g.id != s.owner && !ignorable(g) && hasLabel(g.lines[0], s.key) {
				out = append(out, g)
			}
		}
		return out
	}
	// Fallback: new goroutines started by goasyncio's code, by the owner,
	// or by a goroutine already counted, up to a fixed point.
	ours := map[int64]bool{s.owner: true}
	for changed := true; changed; {
		changed = false
		for _, g := range all {
			if ours[g.id] || s.before[g.id] || !s.startedByUs(g, ours) {
				continue
			}
			ours[g.id] = true
			changed = true
		}
	}
	for _, g := range all {
		if ours[g.id] && g.id != self && g.id != s.owner && !ignorable(g) {
			out = append(out, g)
		}
	}
	return out
}

// startedByUs is the fallback rule: the goroutine was started by
// goasyncio's code (a coroutine's goroutine, an executor worker) or by a
// goroutine in ours.
func (s *leakScope) startedByUs(g gstack, ours map[int64]bool) bool {
	for _, line := range g.lines {
		rest, ok := strings.CutPrefix(line, "created by ")
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, "github.com/goasyncio/goasyncio/") {
			return true
		}
		if i := strings.LastIndex(rest, " in goroutine "); i >= 0 {
			id, err := strconv.ParseInt(rest[i+len(" in goroutine "):], 10, 64)
			return err == nil && ours[id]
		}
		return false
	}
	return false
}

// ignorable is goleak's list of goroutines that are nobody's leak: the
// signal-handling goroutines os/signal starts once per process (which
// would inherit our label if the first signal.Notify happened under
// it), cgo's syscall goroutines, runtime/trace's reader, and the testing
// package's goroutines waiting for subtests.
func ignorable(g gstack) bool {
	first := ""
	if len(g.lines) > 1 {
		first = funcOf(g.lines[1])
	}
	switch first {
	case "os/signal.signal_recv", "os/signal.loop":
		return true
	case "testing.(*T).Run", "testing.(*T).Parallel", "testing.RunTests":
		return strings.Contains(g.lines[0], "[chan receive")
	}
	for _, line := range g.lines[1:] {
		switch funcOf(line) {
		case "runtime.ensureSigM", "runtime.ReadTrace", "runtime/trace.Start":
			return true
		}
	}
	return strings.Contains(g.lines[0], "[syscall") && strings.Contains(g.text, "runtime.goexit")
}

// funcOf returns the function name of a stack line ("pkg.f(0x1)" → "pkg.f").
func funcOf(line string) string {
	if i := strings.LastIndexByte(line, '('); i > 0 {
		return line[:i]
	}
	return line
}

// leakMessage is the failure message for the goroutines left running.
func leakMessage(gs []gstack) string {
	var b strings.Builder
	if len(gs) == 1 {
		b.WriteString("looptest: a goroutine started by this test's loop is still running after the loop closed")
	} else {
		fmt.Fprintf(&b, "looptest: %d goroutines started by this test's loop are still running after the loop closed", len(gs))
	}
	b.WriteString(" (a coroutine driven by hand and never closed, a goroutine started by a coroutine, or executor work not awaited):")
	for _, g := range gs {
		b.WriteString("\n\n")
		b.WriteString(strings.TrimRight(g.text, "\n"))
	}
	return b.String()
}

// stackDump returns runtime.Stack's output for the caller or for all
// goroutines, however long it is.
func stackDump(all bool) string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, all)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// allGoroutines parses a dump of every goroutine.
func allGoroutines() []gstack {
	var out []gstack
	for _, block := range strings.Split(stackDump(true), "\n\n") {
		block = strings.TrimSpace(block)
		if !strings.HasPrefix(block, "goroutine ") {
			continue
		}
		lines := strings.Split(block, "\n")
		fields := strings.Fields(lines[0])
		if len(fields) < 2 {
			continue
		}
		id, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			continue
		}
		out = append(out, gstack{id: id, text: block, lines: lines})
	}
	return out
}

// labelsPart returns what is between the braces of a goroutine header
// ("goroutine 7 [running] {k: v, k2: v2}:"), or "".
func labelsPart(header string) string {
	end := strings.IndexByte(header, ']')
	if end < 0 {
		return ""
	}
	rest := strings.TrimSuffix(header[end+1:], ":")
	rest = strings.TrimPrefix(rest, " ")
	if !strings.HasPrefix(rest, "{") || !strings.HasSuffix(rest, "}") {
		return ""
	}
	return rest[1 : len(rest)-1]
}

// hasLabel reports whether a goroutine header carries the label key.
func hasLabel(header, key string) bool {
	labels := parseLabels(header)
	for i := 0; i+1 < len(labels); i += 2 {
		if labels[i] == key {
			return true
		}
	}
	return false
}

// parseLabels returns the labels of a goroutine header as key, value
// pairs. The runtime prints a key or value bare when it is made of
// letters, digits, '.', '/' and '_', and Go-quoted otherwise.
func parseLabels(header string) []string {
	s := labelsPart(header)
	var out []string
	for s != "" {
		k, rest, ok := labelToken(s)
		if !ok || !strings.HasPrefix(rest, ": ") {
			return out
		}
		v, rest, ok := labelToken(rest[2:])
		if !ok {
			return out
		}
		out = append(out, k, v)
		s = strings.TrimPrefix(rest, ", ")
	}
	return out
}

func labelToken(s string) (tok, rest string, ok bool) {
	if strings.HasPrefix(s, `"`) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return "", "", false
		}
		u, err := strconv.Unquote(q)
		if err != nil {
			return "", "", false
		}
		return u, s[len(q):], true
	}
	i := 0
	for i < len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '/' || c == '_' {
			i++
			continue
		}
		break
	}
	return s[:i], s[i:], true
}
