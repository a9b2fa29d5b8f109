package pyfmt_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/goasyncio/goasyncio/pyfmt"
)

type reprlibCase struct {
	v    any
	py   string // the same value in Python
	want string
}

func reprlibCases() []reprlibCase {
	type P struct {
		X int
		Y string `py:"y"`
	}
	long := make([]int, 10)
	for i := range long {
		long[i] = i
	}
	return []reprlibCase{
		{5, "5", "5"},
		{"short", "'short'", "'short'"},
		{strings.Repeat("x", 28), "'x'*28", "'" + strings.Repeat("x", 28) + "'"},
		{strings.Repeat("x", 29), "'x'*29", "'xxxxxxxxxxxx...xxxxxxxxxxxxx'"},
		{strings.Repeat("x", 40), "'x'*40", "'xxxxxxxxxxxx...xxxxxxxxxxxxx'"},
		{"abcdefghijklmnopqrstuvwxyz0123456789", "'abcdefghijklmnopqrstuvwxyz0123456789'", "'abcdefghijkl...xyz0123456789'"},
		{strings.Repeat("é", 40), "'é'*40", "'éééééééééééé...ééééééééééééé'"},
		{"it's " + strings.Repeat("q", 40), `"it's " + 'q'*40`, `"it's qqqqqqq...qqqqqqqqqqqqq"`},
		{long, "list(range(10))", "[0, 1, 2, 3, 4, 5, ...]"},
		{[]int{1, 2, 3}, "[1, 2, 3]", "[1, 2, 3]"},
		{[]int{}, "[]", "[]"},
		{[]string{strings.Repeat("a", 40)}, "['a'*40]", "['aaaaaaaaaaaa...aaaaaaaaaaaaa']"},
		{[]any{[]any{[]any{[]any{[]any{[]any{[]any{1}}}}}}}, "[[[[[[[1]]]]]]]", "[[[[[[[...]]]]]]]"},
		{pyfmt.Tuple{1}, "(1,)", "(1,)"},
		{pyfmt.Tuple{1, 2, 3, 4, 5, 6, 7}, "(1, 2, 3, 4, 5, 6, 7)", "(1, 2, 3, 4, 5, 6, ...)"},
		{map[string]int{"b": 1, "a": 2, "c": 3, "e": 5, "d": 4}, "{'b': 1, 'a': 2, 'c': 3, 'e': 5, 'd': 4}", "{'a': 2, 'b': 1, 'c': 3, 'd': 4, ...}"},
		{map[int]bool{10: true, 2: false}, "{10: True, 2: False}", "{2: False, 10: True}"},
		{pyfmt.Dict{{"z", 1}, {"a", 2}}, "{'z': 1, 'a': 2}", "{'a': 2, 'z': 1}"},
		{map[string]int{}, "{}", "{}"},
		{map[int]struct{}{3: {}, 1: {}, 2: {}}, "{3, 1, 2}", "{1, 2, 3}"},
		{map[int]struct{}{}, "set()", "set()"},
		{true, "True", "True"},
		{nil, "None", "None"},
		{1.5, "1.5", "1.5"},
		{time.Second, "1.0", "1.0"},
		{P{X: 1, Y: strings.Repeat("y", 30)}, "P(1, 'y'*30)", "P(X=1, y='yyy...yyyyyyyyyyyy')"},
		{errors.New(strings.Repeat("e", 40)), "Exception('e'*40)", "Exception('ee...eeeeeeeeeeee')"},
		{new(big.Int).Exp(big.NewInt(10), big.NewInt(50), nil), "10**50", "100000000000000000...0000000000000000000"},
		{big.NewInt(-12345), "-12345", "-12345"},
		{pyfmt.Bytes(strings.Repeat("b", 40)), "b'b'*40", "b'bbbbbbbbbbb...bbbbbbbbbbbbb'"},
	}
}

func TestReprLimit(t *testing.T) {
	for i, c := range reprlibCases() {
		if got := pyfmt.ReprLimit(c.v); got != c.want {
			t.Errorf("case %d: ReprLimit(%#v) = %s, want %s", i, c.v, got, c.want)
		}
	}
}

func TestReprLimitAgainstPython(t *testing.T) {
	cases := reprlibCases()
	reqs := make([]pyRequest, len(cases))
	for i, c := range cases {
		reqs[i] = pyRequest{"reprlib", c.py}
	}
	res := pyEval(t, reqs)
	for i, c := range cases {
		if res[i] != c.want {
			t.Errorf("case %d: Python reprlib.repr(%s) = %s, but the test expects %s", i, c.py, res[i], c.want)
		}
	}
}
