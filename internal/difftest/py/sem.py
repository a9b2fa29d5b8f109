"""Shared helpers of the Python twins (every twin run through
internal/difftest finds this module on its PYTHONPATH).

new_loop() is CPython's own selector event loop with a virtual clock, the
counterpart of loop.WithVirtualClock() in Go: time starts at 0 and every
read moves it on by one nanosecond. When the loop would wait for its next
timer, time moves on by the select timeout rounded up to whole
milliseconds, which is what the epoll selector does with a real clock and
what the Go loop does with its virtual one: timers due within the same
millisecond fire in the same iteration. Scheduling is the unchanged
BaseEventLoop._run_once; only the source of time is replaced, so nothing a
program prints depends on the wall clock.

start_ticker(loop, limit) queues a callback that prints "iter N" and
queues itself again, limit times. Started before anything else, it runs
first in every iteration, so its lines mark the iteration boundaries.
"""
import asyncio
import math


class _VirtualSelector:
    def __init__(self, loop, selector):
        self._loop = loop
        self._selector = selector

    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            # Nothing is ready: instead of waiting, move time on.
            self._loop._vtime += math.ceil(timeout * 1e3) * 1e-3
        return self._selector.select(0)

    def __getattr__(self, name):
        return getattr(self._selector, name)


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._vtime = 0.0
        super().__init__()
        self._selector = _VirtualSelector(self, self._selector)

    def time(self):
        self._vtime += 1e-9
        return self._vtime


def new_loop():
    loop = VirtualClockLoop()
    asyncio.set_event_loop(loop)
    return loop


def start_ticker(loop, limit):
    n = 0

    def tick():
        nonlocal n
        n += 1
        print("iter", n)
        if n < limit:
            loop.call_soon(tick)

    loop.call_soon(tick)


def now(loop):
    """The loop time rounded to hundredths, as the twins print it: each
    clock read adds a nanosecond and each jump may overshoot by up to a
    millisecond, and neither should show."""
    return round(loop.time(), 2)
