"""Shared helpers of the CPython twins of the Go benchmarks.

Each script runs its workload once small (warm-up), then once at full
size, checks the checksum, and prints one line:

    <workload>: checksum=<n> <unit>=<nanoseconds per op>

bench/compare.sh reads the last field.
"""

import asyncio
import time


def report(name, checksum, want, elapsed_s, ops, unit):
    """Check the checksum and print the result line."""
    if checksum != want:
        raise SystemExit(f"{name}: checksum {checksum}, want {want}")
    print(f"{name}: checksum={checksum} {unit}={elapsed_s * 1e9 / ops:.1f}")


def timed(fn, *args):
    """Run fn(*args); return (result, seconds) measured with perf_counter."""
    t0 = time.perf_counter()
    r = fn(*args)
    return r, time.perf_counter() - t0


class _VirtualSelector:
    """Wraps the loop's selector: a select that would wait for the next
    timer instead moves the loop's virtual clock on by the timeout and
    only polls. Like the Go loop's WithVirtualClock."""

    def __init__(self, inner, loop):
        self._inner = inner
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("virtual clock: nothing scheduled (deadlock)")
        if timeout > 0:
            self._loop._vtime += timeout
        return self._inner.select(0)

    def __getattr__(self, name):
        return getattr(self._inner, name)


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """A selector event loop whose time() is virtual: it starts at 0 and
    jumps to the next timer whenever nothing is ready."""

    def __init__(self):
        super().__init__()
        self._vtime = 0.0
        self._selector = _VirtualSelector(self._selector, self)

    def time(self):
        return self._vtime
