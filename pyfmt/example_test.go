package pyfmt_test

import (
	"errors"
	"os"
	"time"

	"github.com/goasyncio/goasyncio/pyfmt"
)

func ExampleRepr() {
	pyfmt.Println(pyfmt.Repr("it's"))
	pyfmt.Println(pyfmt.Repr([]any{1, 2.0, "x", nil, true}))
	pyfmt.Println(pyfmt.Repr(pyfmt.Tuple{1}))
	pyfmt.Println(pyfmt.Repr(map[string]float64{"b": 1e16, "a": 1e-5}))
	pyfmt.Println(pyfmt.Repr(errors.New("boom")))
	pyfmt.Println(pyfmt.Repr(1500 * time.Millisecond))
	// Output:
	// "it's"
	// [1, 2.0, 'x', None, True]
	// (1,)
	// {'a': 1e-05, 'b': 1e+16}
	// Exception('boom')
	// 1.5
}

func ExampleStr() {
	pyfmt.Println(pyfmt.Str("plain"), pyfmt.Str([]string{"quoted"}), pyfmt.Str(errors.New("message")))
	// Output:
	// plain ['quoted'] message
}

func ExamplePrintln() {
	// Python: print('result:', [1, 'two'], None, 3.0, (4,))
	pyfmt.Println("result:", []any{1, "two"}, nil, 3.0, pyfmt.Tuple{4})
	// Output:
	// result: [1, 'two'] None 3.0 (4,)
}

func ExampleFprintln() {
	// Python: print('elapsed', 0.25, file=sys.stdout)
	_, _ = pyfmt.Fprintln(os.Stdout, "elapsed", 250*time.Millisecond)
	// Output:
	// elapsed 0.25
}

func ExampleDict() {
	// Python dicts keep insertion order; Go maps print sorted by key repr.
	pyfmt.Println(pyfmt.Dict{{Key: "z", Value: 1}, {Key: "a", Value: 2}})
	pyfmt.Println(map[string]int{"z": 1, "a": 2})
	// Output:
	// {'z': 1, 'a': 2}
	// {'a': 2, 'z': 1}
}
