"""Shared helpers of the CPython twins of the Go benchmarks.

Each script runs its workload once small (warm-up), then once at full
size, checks the checksum, and prints one line per workload:

    <workload>: checksum=<n> <unit>=<value> [<unit>=<value> ...] loop=<name>

bench/compare.sh reads the <unit>=<value> fields.

With --uvloop on the command line, or BENCH_UVLOOP=1 in the environment,
uvloop is installed before anything else (uvloop.install()), so
asyncio.new_event_loop() returns a uvloop loop. Debian's python3-uvloop
runs under the system Python (/usr/bin/python3).
"""

import asyncio
import os
import sys
import time

UVLOOP = "--uvloop" in sys.argv[1:] or os.environ.get("BENCH_UVLOOP") == "1"
if UVLOOP:
    import uvloop

    uvloop.install()


def loop_name():
    """What the twins run on: "uvloop" or "asyncio"."""
    return "uvloop" if UVLOOP else "asyncio"


def report(name, checksum, want, elapsed_s, ops, unit, **extra):
    """Check the checksum and print the result line: elapsed_s / ops in
    nanoseconds as <unit>, then the extra figures (name=value)."""
    if checksum != want:
        raise SystemExit(f"{name}: checksum {checksum}, want {want}")
    more = "".join(f" {k.replace('_', '-')}={v:.1f}" for k, v in extra.items())
    print(f"{name}: checksum={checksum} {unit}={elapsed_s * 1e9 / ops:.1f}{more} loop={loop_name()}", flush=True)


def current_rss():
    """The process's resident set now, in bytes (/proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss():
    """The process's peak resident set so far, in bytes (ru_maxrss)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


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
