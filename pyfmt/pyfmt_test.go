package pyfmt_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/goasyncio/goasyncio/pyfmt"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Types used by the test cases.

type P struct {
	X      int
	Y      string `py:"y"`
	hidden int
	Skip   bool `py:"-"`
}

type N struct {
	Next *N
	V    int
}

type Base struct{ ID int }

type Derived struct {
	Base
	Name string
}

type Outer struct {
	Name  string
	Inner *P
	Tags  []string
}

type Pair[T any] struct{ A, B T }

type color int

func (c color) String() string { return [...]string{"red", "green"}[c] }

// future has both hooks.
type future struct{ state string }

func (f future) PyRepr() string { return "<Future " + f.state + ">" }
func (f future) PyStr() string  { return "future:" + f.state }

// handle has only PyRepr, so its str falls back to it.
type handle struct{}

func (handle) PyRepr() string { return "<Handle cb()>" }

// cancelled is an error with its own Python repr.
type cancelled struct{}

func (cancelled) Error() string  { return "" }
func (cancelled) PyRepr() string { return "CancelledError()" }

// ptrStringer has String on the pointer receiver only.
type ptrStringer struct{ n int }

func (p *ptrStringer) String() string { return fmt.Sprintf("ptr#%d", p.n) }

type name string

func negZero() float64 { return math.Copysign(0, -1) }

// Variables, so that the arithmetic is done in float64 and not on exact
// constants.
var (
	tenth, fifth, one, three = 0.1, 0.2, 1.0, 3.0
)

// cycles builds self-referencing values mirroring n_cyc, l_cyc and d_cyc in
// testdata/pyeval.py.
func cycles() (*N, []any, map[string]any) {
	n := &N{V: 1}
	n.Next = n
	l := []any{1, nil}
	l[1] = l
	d := map[string]any{"a": 1}
	d["self"] = d
	return n, l, d
}

// reprCase is one Repr check. py is the equivalent Python expression ("" if
// Python has none); want is the expected output, which must also equal
// Python's repr(py).
type reprCase struct {
	v    any
	py   string
	want string
}

func reprCases() []reprCase {
	nCyc, lCyc, dCyc := cycles()
	dur := 1500 * time.Millisecond
	var nilPtr *int
	var nilErr error
	pp := &P{X: 1, Y: "s"}
	return []reprCase{
		// None and bool
		{nil, "None", "None"},
		{nilPtr, "None", "None"},
		{nilErr, "None", "None"},
		{true, "True", "True"},
		{false, "False", "False"},
		// integers
		{0, "0", "0"},
		{-5, "-5", "-5"},
		{int8(-128), "-128", "-128"},
		{int16(32767), "32767", "32767"},
		{int32(-7), "-7", "-7"},
		{int64(math.MinInt64), "-9223372036854775808", "-9223372036854775808"},
		{uint(3), "3", "3"},
		{uint8(255), "255", "255"},
		{uint16(65535), "65535", "65535"},
		{uint32(4294967295), "4294967295", "4294967295"},
		{uint64(math.MaxUint64), "18446744073709551615", "18446744073709551615"},
		{uintptr(42), "42", "42"},
		// floats
		{1.0, "1.0", "1.0"},
		{100.0, "100.0", "100.0"},
		{-2.5, "-2.5", "-2.5"},
		{0.1, "0.1", "0.1"},
		{tenth + fifth, "0.1 + 0.2", "0.30000000000000004"},
		{one / three, "1 / 3", "0.3333333333333333"},
		{2 * one / three, "2 / 3", "0.6666666666666666"},
		{123456789.125, "123456789.125", "123456789.125"},
		{1e15, "1e15", "1000000000000000.0"},
		{9999999999999998.0, "9999999999999998.0", "9999999999999998.0"},
		{1e16, "1e16", "1e+16"},
		{1.5e16, "1.5e16", "1.5e+16"},
		{12345678901234567890.0, "12345678901234567890.0", "1.2345678901234567e+19"},
		{1e22, "1e22", "1e+22"},
		{1e100, "1e100", "1e+100"},
		{1e-4, "1e-4", "0.0001"},
		{0.00012345, "0.00012345", "0.00012345"},
		{9.999e-5, "9.999e-5", "9.999e-05"},
		{1e-5, "1e-5", "1e-05"},
		{-1.5e-7, "-1.5e-7", "-1.5e-07"},
		{1e-100, "1e-100", "1e-100"},
		{math.MaxFloat64, "1.7976931348623157e308", "1.7976931348623157e+308"},
		{math.SmallestNonzeroFloat64, "5e-324", "5e-324"},
		{2.2250738585072014e-308, "2.2250738585072014e-308", "2.2250738585072014e-308"},
		{0.0, "0.0", "0.0"},
		{negZero(), "-0.0", "-0.0"},
		{math.Inf(1), "float('inf')", "inf"},
		{math.Inf(-1), "float('-inf')", "-inf"},
		{math.NaN(), "float('nan')", "nan"},
		{float32(0.1), "0.1", "0.1"},
		{float32(16777216), "16777216.0", "16777216.0"},
		{float32(1e-5), "1e-5", "1e-05"},
		{float32(math.MaxFloat32), "3.4028235e38", "3.4028235e+38"},
		{float32(math.Inf(-1)), "float('-inf')", "-inf"},
		// complex
		{complex(1, 2), "1+2j", "(1+2j)"},
		{complex(0, 1), "1j", "1j"},
		{complex(0, -1), "complex(0, -1)", "-1j"},
		{-complex(0, one), "-1j", "(-0-1j)"},
		{complex(0, 0), "0j", "0j"},
		{complex(-1.5, 0), "complex(-1.5, 0)", "(-1.5+0j)"},
		{complex(negZero(), 1), "complex(-0.0, 1)", "(-0+1j)"},
		{complex(1, negZero()), "complex(1, -0.0)", "(1-0j)"},
		{complex(1e16, 1e-5), "complex(1e16, 1e-5)", "(1e+16+1e-05j)"},
		{complex(math.Inf(1), math.Inf(-1)), "complex(float('inf'), float('-inf'))", "(inf-infj)"},
		{complex(1, math.NaN()), "complex(1, float('nan'))", "(1+nanj)"},
		{complex64(complex(0.1, 0.2)), "complex(0.1, 0.2)", "(0.1+0.2j)"},
		// strings
		{"", "''", "''"},
		{"abc", "'abc'", "'abc'"},
		{"it's", `"it's"`, `"it's"`},
		{`say "hi"`, `'say "hi"'`, `'say "hi"'`},
		{`both ' and "`, `'both \' and "'`, `'both \' and "'`},
		{`back\slash`, `'back\\slash'`, `'back\\slash'`},
		{"tab\tnl\ncr\r", `'tab\tnl\ncr\r'`, `'tab\tnl\ncr\r'`},
		{"\x00\x01\x1b\x1f\x7f", `'\x00\x01\x1b\x1f\x7f'`, `'\x00\x01\x1b\x1f\x7f'`},
		{"\u0080\u0085\u00a0\u00ad\u00e9\u00ff", `'\x80\x85\xa0\xad\xe9\xff'`, "'\\x80\\x85\\xa0\\xadé\u00ff'"},
		{"\u2028\u200b\ufeff\u3000", `'\u2028\u200b\ufeff\u3000'`, `'\u2028\u200b\ufeff\u3000'`},
		{"日本語 ünïcödé", `'日本語 ünïcödé'`, `'日本語 ünïcödé'`},
		{"\U0001F600\U000e0001\U0010ffff", `'\U0001F600\U000e0001\U0010ffff'`, "'\U0001F600\\U000e0001\\U0010ffff'"},
		{"\U0002ebf0", `'\U0002ebf0'`, "'\U0002ebf0'"}, // Unicode 15.1, printable in Python 3.13
		{"a\xffb\xc3", `b'a\xffb\xc3'.decode('utf-8', 'surrogateescape')`, `'a\udcffb\udcc3'`},
		{name("named"), "'named'", "'named'"},
		// lists
		{[]int{1, 2, 3}, "[1, 2, 3]", "[1, 2, 3]"},
		{[]int(nil), "[]", "[]"},
		{[]string{"a", "b'"}, `['a', "b'"]`, `['a', "b'"]`},
		{[3]float64{1, 2.5, 1e20}, "[1.0, 2.5, 1e20]", "[1.0, 2.5, 1e+20]"},
		{[][]int{{1}, {}}, "[[1], []]", "[[1], []]"},
		{[]any{nil, true, 1, "x", 1.5, []any{}}, "[None, True, 1, 'x', 1.5, []]", "[None, True, 1, 'x', 1.5, []]"},
		{[]byte{1, 2}, "[1, 2]", "[1, 2]"},
		{[]*int{nil}, "[None]", "[None]"},
		// bytes
		{pyfmt.Bytes(nil), "b''", "b''"},
		{pyfmt.Bytes("abc"), "b'abc'", "b'abc'"},
		{pyfmt.Bytes("it's"), `b"it's"`, `b"it's"`},
		{pyfmt.Bytes("'\"\\\t\n\r\x00\x1f\x7f\x80\xff"), `b'\'"\\\t\n\r\x00\x1f\x7f\x80\xff'`, `b'\'"\\\t\n\r\x00\x1f\x7f\x80\xff'`},
		// tuples
		{pyfmt.Tuple{}, "()", "()"},
		{pyfmt.Tuple{1}, "(1,)", "(1,)"},
		{pyfmt.Tuple{1, "a", nil}, "(1, 'a', None)", "(1, 'a', None)"},
		{pyfmt.Tuple{pyfmt.Tuple{1}, []any{pyfmt.Tuple{}}}, "((1,), [()])", "((1,), [()])"},
		// dicts and sets
		{map[string]int{"b": 2, "a": 1}, "{'a': 1, 'b': 2}", "{'a': 1, 'b': 2}"},
		{map[int]string{}, "{}", "{}"},
		{map[string]int(nil), "{}", "{}"},
		{map[int][]float64{1: {2}}, "{1: [2.0]}", "{1: [2.0]}"},
		{map[string]any{"t": pyfmt.Tuple{1}, "n": nil}, "{'n': None, 't': (1,)}", "{'n': None, 't': (1,)}"},
		{map[int]struct{}{3: {}, 1: {}, 2: {}}, "{3, 1, 2}", "{1, 2, 3}"},
		{map[string]struct{}{}, "set()", "set()"},
		{pyfmt.Dict{{"b", 1}, {"a", pyfmt.Tuple{1, 2}}}, "{'b': 1, 'a': (1, 2)}", "{'b': 1, 'a': (1, 2)}"},
		{pyfmt.Dict{}, "{}", "{}"},
		// errors
		{errors.New("boom"), "Exception('boom')", "Exception('boom')"},
		{fmt.Errorf("it's %d", 1), `Exception("it's 1")`, `Exception("it's 1")`},
		{errors.New(""), "Exception('')", "Exception('')"},
		{cancelled{}, "asyncio.CancelledError()", "CancelledError()"},
		{[]error{errors.New("x"), nil}, "[Exception('x'), None]", "[Exception('x'), None]"},
		// durations
		{dur, "1.5", "1.5"},
		{&dur, "1.5", "1.5"},
		{time.Second, "1.0", "1.0"},
		{time.Nanosecond, "1e-9", "1e-09"},
		{-2 * time.Minute, "-120.0", "-120.0"},
		{[]time.Duration{time.Millisecond}, "[0.001]", "[0.001]"},
		// structs and pointers
		{P{X: 1, Y: "s", hidden: 2, Skip: true}, "P(1, 's')", "P(X=1, y='s')"},
		{pp, "P(1, 's')", "P(X=1, y='s')"},
		{&pp, "P(1, 's')", "P(X=1, y='s')"},
		{Derived{Base{7}, "d"}, "Derived(7, 'd')", "Derived(ID=7, Name='d')"},
		{Outer{"o", &P{X: 2, Y: "t"}, []string{"a"}}, "Outer('o', P(2, 't'), ['a'])", "Outer(Name='o', Inner=P(X=2, y='t'), Tags=['a'])"},
		{Outer{}, "Outer('', None, [])", "Outer(Name='', Inner=None, Tags=[])"},
		{struct {
			A int
			B []string
		}{2, []string{"x"}}, "namespace(A=2, B=['x'])", "namespace(A=2, B=['x'])"},
		{struct{}{}, "namespace()", "namespace()"},
		{Pair[int]{1, 2}, "", "Pair(A=1, B=2)"},
		// cycles
		{nCyc, "n_cyc", "N(Next=..., V=1)"},
		{lCyc, "l_cyc", "[1, [...]]"},
		{dCyc, "d_cyc", "{'a': 1, 'self': {...}}"},
		// hooks
		{color(1), "", "green"},
		{[]color{0, 1}, "", "[red, green]"},
		{future{"pending"}, "", "<Future pending>"},
		{[]any{handle{}}, "", "[<Handle cb()>]"},
		{&ptrStringer{3}, "", "ptr#3"},
		{ptrStringer{3}, "", "ptrStringer()"},
		// no Python counterpart
		{make(chan int), "", "<chan int>"},
		{func() {}, "", "<func()>"},
	}
}

func TestRepr(t *testing.T) {
	for i, c := range reprCases() {
		if got := pyfmt.Repr(c.v); got != c.want {
			t.Errorf("case %d: Repr(%#v) = %s, want %s", i, c.v, got, c.want)
		}
	}
}

func TestReprAgainstPython(t *testing.T) {
	cases := reprCases()
	var reqs []pyRequest
	var idx []int
	for i, c := range cases {
		if c.py != "" {
			reqs = append(reqs, pyRequest{"repr", c.py})
			idx = append(idx, i)
		}
	}
	res := pyEval(t, reqs)
	for j, i := range idx {
		c := cases[i]
		if res[j] != c.want {
			t.Errorf("case %d: Python repr(%s) = %s, but the test expects %s", i, c.py, res[j], c.want)
		}
		if got := pyfmt.Repr(c.v); got != res[j] {
			t.Errorf("case %d: Repr(%#v) = %s, Python repr(%s) = %s", i, c.v, got, c.py, res[j])
		}
	}
	t.Logf("compared %d values with CPython", len(reqs))
}

type strCase struct {
	v    any
	py   string
	want string
}

func strCases() []strCase {
	s := "abc"
	return []strCase{
		{nil, "None", "None"},
		{"abc", "'abc'", "abc"},
		{"it's \"q\"\n", `'it\'s "q"\n'`, "it's \"q\"\n"},
		{&s, "'abc'", "abc"},
		{name("named"), "'named'", "named"},
		{[]string{"a"}, "['a']", "['a']"},
		{pyfmt.Tuple{"a"}, "('a',)", "('a',)"},
		{map[string]string{"k": "v"}, "{'k': 'v'}", "{'k': 'v'}"},
		{1e16, "1e16", "1e+16"},
		{2.0, "2.0", "2.0"},
		{true, "True", "True"},
		{complex(0, 2), "2j", "2j"},
		{pyfmt.Bytes("x"), "b'x'", "b'x'"},
		{errors.New("boom"), "Exception('boom')", "boom"},
		{errors.New("it's"), `Exception("it's")`, "it's"},
		{cancelled{}, "asyncio.CancelledError()", ""},
		{90 * time.Second, "90.0", "90.0"},
		{P{X: 1, Y: "s"}, "P(1, 's')", "P(X=1, y='s')"},
		{color(0), "", "red"},
		{future{"done"}, "", "future:done"},
		{handle{}, "", "<Handle cb()>"},
		{&ptrStringer{4}, "", "ptr#4"},
		{(*ptrStringer)(nil), "None", "None"},
	}
}

func TestStr(t *testing.T) {
	for i, c := range strCases() {
		if got := pyfmt.Str(c.v); got != c.want {
			t.Errorf("case %d: Str(%#v) = %q, want %q", i, c.v, got, c.want)
		}
	}
	n, l, _ := cycles()
	if got, want := pyfmt.Str(n), "N(Next=..., V=1)"; got != want {
		t.Errorf("Str(cyclic pointer) = %s, want %s", got, want)
	}
	if got, want := pyfmt.Str(l), "[1, [...]]"; got != want {
		t.Errorf("Str(cyclic list) = %s, want %s", got, want)
	}
}

func TestStrAgainstPython(t *testing.T) {
	cases := strCases()
	var reqs []pyRequest
	var idx []int
	for i, c := range cases {
		if c.py != "" {
			reqs = append(reqs, pyRequest{"str", c.py})
			idx = append(idx, i)
		}
	}
	res := pyEval(t, reqs)
	for j, i := range idx {
		c := cases[i]
		if res[j] != c.want {
			t.Errorf("case %d: Python str(%s) = %q, but the test expects %q", i, c.py, res[j], c.want)
		}
		if got := pyfmt.Str(c.v); got != res[j] {
			t.Errorf("case %d: Str(%#v) = %q, Python str(%s) = %q", i, c.v, got, c.py, res[j])
		}
	}
}

type printCase struct {
	args []any
	py   string // a Python tuple of the arguments
	want string // including the newline
}

var printCases = []printCase{
	{nil, "()", "\n"},
	{[]any{"hello"}, "('hello',)", "hello\n"},
	{[]any{1, "a", []any{"b"}, nil, 1.0, pyfmt.Tuple{1}}, "(1, 'a', ['b'], None, 1.0, (1,))", "1 a ['b'] None 1.0 (1,)\n"},
	{[]any{"x:", errors.New("bad thing"), 250 * time.Millisecond}, "('x:', Exception('bad thing'), 0.25)", "x: bad thing 0.25\n"},
	{[]any{"", ""}, "('', '')", " \n"},
	{[]any{map[string]int{"a": 1}, true, 1e-7}, "({'a': 1}, True, 1e-7)", "{'a': 1} True 1e-07\n"},
}

func TestSprintAndFprintln(t *testing.T) {
	for i, c := range printCases {
		if got := pyfmt.Sprint(c.args...); got+"\n" != c.want {
			t.Errorf("case %d: Sprint = %q, want %q", i, got, strings.TrimSuffix(c.want, "\n"))
		}
		var b bytes.Buffer
		n, err := pyfmt.Fprintln(&b, c.args...)
		if err != nil || n != len(c.want) || b.String() != c.want {
			t.Errorf("case %d: Fprintln wrote %q (n=%d, err=%v), want %q", i, b.String(), n, err, c.want)
		}
	}
}

func TestPrintAgainstPython(t *testing.T) {
	var reqs []pyRequest
	for _, c := range printCases {
		reqs = append(reqs, pyRequest{"print", c.py})
	}
	res := pyEval(t, reqs)
	for i, c := range printCases {
		var b bytes.Buffer
		if _, err := pyfmt.Fprintln(&b, c.args...); err != nil {
			t.Fatal(err)
		}
		if b.String() != res[i] || res[i] != c.want {
			t.Errorf("case %d: Fprintln %q, Python print%s %q, expected %q", i, b.String(), c.py, res[i], c.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestFprintlnError(t *testing.T) {
	if _, err := pyfmt.Fprintln(failWriter{}, "x"); err == nil {
		t.Fatal("Fprintln did not return the write error")
	}
}

func TestPrintlnWritesStdout(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	pyfmt.Println("a", 1, pyfmt.Tuple{2})
	os.Stdout = old
	w.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if got, want := b.String(), "a 1 (2,)\n"; got != want {
		t.Fatalf("Println wrote %q, want %q", got, want)
	}
}
