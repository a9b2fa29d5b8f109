package main

import (
	"bufio"
	"fmt"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/pyfmt"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/svg"
)

// This file answers "what does the memo seed example look like?": it is
// examples/memo (three gathered fibn(4) calls sharing one cache) run under
// an SVG recorder. It prints what examples/memo prints.

// memo wraps an async function of one int in a cache (def memo(fn)).
func memo(fn func(n int) *coroutine.Coroutine[int]) func(n int) *coroutine.Coroutine[int] {
	cache := map[int]int{}
	return func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if v, ok := cache[n]; ok {
				fmt.Printf("found %d in cache\n", n)
				return v, nil
			}
			res, err := fn(n).Await(co)
			if err != nil {
				return 0, err
			}
			fmt.Printf("calculated %d\n", n)
			cache[n] = res
			return res, nil
		})
	}
}

// runMemo is examples/memo's main on loop l.
func runMemo(l *loop.Loop) ([]int, error) {
	var fibn func(n int) *coroutine.Coroutine[int]
	fibn = memo(func(n int) *coroutine.Coroutine[int] {
		return coroutine.New(func(co *coroutine.Co) (int, error) {
			if n < 2 {
				return n, nil
			}
			a, err := fibn(n - 2).Await(co)
			if err != nil {
				return 0, err
			}
			b, err := fibn(n - 1).Await(co)
			if err != nil {
				return 0, err
			}
			return a + b, nil
		})
	})
	return l.RunUntilComplete(task.Gather(l, fibn(4), fibn(4), fibn(4)))
}

// writeMemoSVG runs the memo example under an SVG recorder and writes its
// timeline to path. The tasks are named Task-1 to Task-3, as in a fresh
// CPython process, only if no task was created before in this process.
func writeMemoSVG(path string) error {
	r := svg.New(svg.WithTitle("examples/memo: three gathered fibn(4) calls sharing one cache"))
	// The virtual clock changes nothing here (memo never sleeps) but
	// makes the picture the same on every run.
	ml := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
	c, err := runMemo(ml)
	if cerr := ml.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	pyfmt.Println(c)
	return writeFile(path, func(w *bufio.Writer) error { return r.WriteSVG(w) })
}
