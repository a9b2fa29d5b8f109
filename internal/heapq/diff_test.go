package heapq_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goasyncio/goasyncio/internal/heapq"
)

// The differential test replays random push/pop/heapify sequences through this
// package and through CPython's heapq (testdata/heapq_ref.py) and compares the
// ids in pop order. The sequences and CPython's answers are also committed in
// testdata/heapq_golden.json so the comparison runs without Python.
//
// Regenerate the golden file (needs CPython 3.13) with:
//
//	go test ./internal/heapq -run TestGolden -update

var update = flag.Bool("update", false, "regenerate testdata/heapq_golden.json using CPython 3.13")

const (
	goldenPath = "testdata/heapq_golden.json"
	refScript  = "testdata/heapq_ref.py"
)

// op is one step of a sequence. It is encoded in JSON as an array:
// ["push", key, id], ["pop"] or ["heapify", [dropped ids], [[key, id], ...]].
type op struct {
	Kind string
	Key  int
	ID   int
	Drop []int
	Add  [][2]int
}

func (o op) MarshalJSON() ([]byte, error) {
	switch o.Kind {
	case "push":
		return json.Marshal([]any{o.Kind, o.Key, o.ID})
	case "pop":
		return json.Marshal([]any{o.Kind})
	case "heapify":
		drop, add := o.Drop, o.Add
		if drop == nil {
			drop = []int{}
		}
		if add == nil {
			add = [][2]int{}
		}
		return json.Marshal([]any{o.Kind, drop, add})
	}
	return nil, fmt.Errorf("unknown op %q", o.Kind)
}

func (o *op) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw) == 0 {
		return fmt.Errorf("empty op")
	}
	*o = op{}
	if err := json.Unmarshal(raw[0], &o.Kind); err != nil {
		return err
	}
	want := map[string]int{"push": 3, "pop": 1, "heapify": 3}[o.Kind]
	if want == 0 || len(raw) != want {
		return fmt.Errorf("malformed op %s", b)
	}
	switch o.Kind {
	case "push":
		if err := json.Unmarshal(raw[1], &o.Key); err != nil {
			return err
		}
		return json.Unmarshal(raw[2], &o.ID)
	case "heapify":
		if err := json.Unmarshal(raw[1], &o.Drop); err != nil {
			return err
		}
		return json.Unmarshal(raw[2], &o.Add)
	}
	return nil
}

type diffCase struct {
	Name   string `json:"name"`
	Ops    []op   `json:"ops"`
	Popped []int  `json:"popped"`
}

type diffDoc struct {
	Python string     `json:"python,omitempty"`
	Cases  []diffCase `json:"cases"`
}

// replay runs ops through this package, mirroring replay() in heapq_ref.py,
// and returns the popped ids.
func replay(ops []op) []int {
	var h []item
	popped := []int{}
	for _, o := range ops {
		switch o.Kind {
		case "push":
			heapq.Push(&h, item{key: o.Key, id: o.ID}, itemLess)
		case "pop":
			if len(h) == 0 {
				// Only reachable when the orders already diverged (a
				// heapify dropped different elements); record a marker
				// instead of panicking so the mismatch is reported.
				popped = append(popped, -1)
				continue
			}
			popped = append(popped, heapq.Pop(&h, itemLess).id)
		case "heapify":
			h = slices.DeleteFunc(h, func(x item) bool { return slices.Contains(o.Drop, x.id) })
			for _, a := range o.Add {
				h = append(h, item{key: a[0], id: a[1]})
			}
			heapq.Heapify(h, itemLess)
		default:
			panic("unknown op " + o.Kind)
		}
	}
	return popped
}

// genCase builds a random sequence with many duplicate keys. The style
// selects the kind of workload.
func genCase(name string, seed uint64, style int) diffCase {
	r := rand.New(rand.NewPCG(seed, uint64(style)))
	c := diffCase{Name: name}
	size := 0 // elements currently in the heap
	nextID := 0
	clock := 0
	newKey := func() int {
		switch style {
		case 0: // a single key: order decided by the algorithm alone
			return 0
		case 1: // very few distinct keys
			return r.IntN(3)
		case 2: // timer-like: deadline = now + small delay, clock moves forward
			return clock + r.IntN(4)
		default: // wider range, still with collisions
			return r.IntN(20)
		}
	}
	n := 150 + r.IntN(150)
	for range n {
		switch p := r.IntN(100); {
		case p < 55 || size == 0:
			c.Ops = append(c.Ops, op{Kind: "push", Key: newKey(), ID: nextID})
			nextID++
			size++
		case p < 94:
			c.Ops = append(c.Ops, op{Kind: "pop"})
			size--
			clock++
		default:
			// Like asyncio's cleanup of cancelled timers: drop some ids
			// (ids already popped are simply not found), append a few new
			// elements and heapify the result.
			o := op{Kind: "heapify"}
			for range size / 3 {
				o.Drop = append(o.Drop, r.IntN(nextID))
			}
			for range r.IntN(6) {
				o.Add = append(o.Add, [2]int{newKey(), nextID})
				nextID++
			}
			c.Ops = append(c.Ops, o)
			size = len(replayLive(c.Ops))
		}
	}
	// Drain what is left so every id is compared.
	for range replayLive(c.Ops) {
		c.Ops = append(c.Ops, op{Kind: "pop"})
	}
	return c
}

// replayLive returns the elements left in the heap after ops.
func replayLive(ops []op) []item {
	var h []item
	for _, o := range ops {
		switch o.Kind {
		case "push":
			heapq.Push(&h, item{key: o.Key, id: o.ID}, itemLess)
		case "pop":
			heapq.Pop(&h, itemLess)
		case "heapify":
			h = slices.DeleteFunc(h, func(x item) bool { return slices.Contains(o.Drop, x.id) })
			for _, a := range o.Add {
				h = append(h, item{key: a[0], id: a[1]})
			}
			heapq.Heapify(h, itemLess)
		}
	}
	return h
}

// genCases returns count cases built from seeds base, base+1, ...
func genCases(prefix string, base uint64, count int) []diffCase {
	var cs []diffCase
	for i := range count {
		style := i % 4
		cs = append(cs, genCase(fmt.Sprintf("%s-%d-style%d", prefix, i, style), base+uint64(i), style))
	}
	// A heapify-first case: a whole unordered list heapified, then drained.
	r := rand.New(rand.NewPCG(base, 99))
	hc := diffCase{Name: prefix + "-heapify-list"}
	var add [][2]int
	for id := range 64 {
		add = append(add, [2]int{r.IntN(4), id})
	}
	hc.Ops = append(hc.Ops, op{Kind: "heapify", Add: add})
	for range add {
		hc.Ops = append(hc.Ops, op{Kind: "pop"})
	}
	return append(cs, hc)
}

// python313 returns a command line prefix that runs CPython 3.13, or skips.
func python313(t testing.TB) *exec.Cmd {
	t.Helper()
	try := func(name string, env ...string) *exec.Cmd {
		path, err := exec.LookPath(name)
		if err != nil {
			return nil
		}
		cmd := exec.Command(path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(out)) != "3.13" {
			return nil
		}
		run := exec.Command(path)
		run.Env = cmd.Env
		return run
	}
	if cmd := try("python3", "PYENV_VERSION=3.13.0"); cmd != nil {
		return cmd
	}
	if cmd := try("python3.13", "PYENV_VERSION=3.13.0"); cmd != nil {
		return cmd
	}
	t.Skip("CPython 3.13 not found (tried PYENV_VERSION=3.13.0 python3 and python3.13)")
	return nil
}

// runPython replays cases through CPython and returns its document.
func runPython(t testing.TB, cases []diffCase) diffDoc {
	t.Helper()
	cmd := python313(t)
	cmd.Args = append(cmd.Args, refScript)
	in, err := json.Marshal(diffDoc{Cases: cases})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", refScript, err, stderr.String())
	}
	var doc diffDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("decoding %s output: %v", refScript, err)
	}
	if len(doc.Cases) != len(cases) {
		t.Fatalf("python returned %d cases, want %d", len(doc.Cases), len(cases))
	}
	return doc
}

// writeGolden writes doc with one case per line to keep diffs readable.
func writeGolden(t *testing.T, doc diffDoc) {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\"python\":%q,\"cases\":[\n", doc.Python)
	for i, c := range doc.Cases {
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		if i < len(doc.Cases)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	if err := os.WriteFile(filepath.FromSlash(goldenPath), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func compare(t *testing.T, cases []diffCase) {
	t.Helper()
	for _, c := range cases {
		if got := replay(c.Ops); !slices.Equal(got, c.Popped) {
			i := 0
			for i < min(len(got), len(c.Popped)) && got[i] == c.Popped[i] {
				i++
			}
			t.Errorf("%s: pop order differs from CPython at pop #%d\n go: %v\n py: %v", c.Name, i, got, c.Popped)
		}
	}
}

// TestGolden compares against the committed CPython results; it needs no
// Python. With -update it regenerates them first.
func TestGolden(t *testing.T) {
	if *update {
		writeGolden(t, runPython(t, genCases("golden", 1000, 12)))
	}
	data, err := os.ReadFile(filepath.FromSlash(goldenPath))
	if err != nil {
		t.Fatalf("%v (regenerate with -update)", err)
	}
	var doc diffDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("golden file has no cases")
	}
	total := 0
	for _, c := range doc.Cases {
		total += len(c.Popped)
	}
	t.Logf("%d cases, %d pops, recorded with CPython %s", len(doc.Cases), total, doc.Python)
	compare(t, doc.Cases)
}

// TestGoldenMatchesPython checks that the committed golden file still agrees
// with the local CPython, so a stale or hand-edited file is noticed.
func TestGoldenMatchesPython(t *testing.T) {
	data, err := os.ReadFile(filepath.FromSlash(goldenPath))
	if err != nil {
		t.Fatal(err)
	}
	var doc diffDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	py := runPython(t, doc.Cases)
	for i, c := range doc.Cases {
		if !slices.Equal(c.Popped, py.Cases[i].Popped) {
			t.Errorf("%s: golden file disagrees with CPython %s; regenerate with -update", c.Name, py.Python)
		}
	}
}

// TestAgainstCPython generates fresh sequences (different seeds from the
// golden file) and compares directly with CPython.
func TestAgainstCPython(t *testing.T) {
	cases := genCases("live", 5000, 24)
	py := runPython(t, cases)
	t.Logf("comparing %d sequences with CPython %s", len(cases), py.Python)
	compare(t, py.Cases)
}
