package task_test

import (
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/coroutine"
	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
)

// A task that gathers itself makes cancel() chase its own tail (task →
// gather → task ...). CPython's cancel raises RecursionError; ours panics
// with ErrCancelRecursion, which leaves the caller's coroutine like an
// exception: the process and the loop go on.
func TestCancelThroughAwaitCycle(t *testing.T) {
	l := loop.New(loop.WithVirtualClock(), loop.WithStderr(io.Discard))
	defer func() { require.NoError(t, l.Close()) }()
	var tk *task.Task[int]
	child := coroutine.New(func(co *coroutine.Co) (int, error) {
		_, err := task.GatherFutures(co, false, tk).Await(co)
		return 0, err
	})
	var err error
	tk, err = l.CreateTask(child)
	require.NoError(t, err)
	canceller := coroutine.New(func(co *coroutine.Co) (int, error) {
		if err := task.Sleep(co, 0); err != nil {
			return 0, err
		}
		tk.Cancel()
		return 1, nil
	})
	_, err = l.RunUntilComplete(canceller)
	var pe *coroutine.PanicError
	require.ErrorAs(t, err, &pe)
	assert.True(t, errors.Is(err, task.ErrCancelRecursion), "%v", pe.Value)

	// The loop still works, and the depth count unwound to zero: a plain
	// cancel afterwards works too.
	other, err := l.CreateTask(coroutine.New(func(co *coroutine.Co) (int, error) { return 0, task.Sleep(co, 1) }))
	require.NoError(t, err)
	got, err := l.RunUntilComplete(coroutine.New(func(co *coroutine.Co) (bool, error) {
		return other.Cancel(), task.Sleep(co, 0)
	}))
	require.NoError(t, err)
	assert.True(t, got)
}
