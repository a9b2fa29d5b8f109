import asyncio
import math
import selectors

# The Python side of Go's loop.New(loop.WithVirtualClock()): CPython's own
# selector event loop, whose clock does not follow the wall clock. Where the
# loop would wait for its next timer, the clock jumps there instead; each
# read of the clock moves it on by a nanosecond, as Go's virtual clock does.
class VirtualClockSelector(selectors.DefaultSelector):
    now = 0.0

    def select(self, timeout=None):
        if timeout:
            # epoll waits whole milliseconds, rounded up.
            self.now += math.ceil(timeout * 1e3) * 1e-3
        return super().select(0)

class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self.clock = VirtualClockSelector()
        super().__init__(self.clock)

    def time(self):
        self.clock.now += 1e-9
        return self.clock.now

loop = VirtualClockLoop()
t0 = loop.time()

def elapsed():
    return round(loop.time() - t0, 1)

def report(what):
    print(f"t={elapsed()} {what}")

async def long_nap():
    report("long_nap: going to sleep for an hour")
    await asyncio.sleep(3600)
    report("long_nap: woke up")
    return "rested"

async def main():
    report("main: scheduling timers")
    loop.call_later(0.3, report, "call_later(0.3)")
    loop.call_later(0.1, report, "call_later(0.1)")
    loop.call_later(0.2, report, "call_later(0.2)")
    loop.call_later(0, report, "call_later(0)")
    loop.call_soon(report, "call_soon, queued after call_later(0)")
    h = loop.call_later(0.2, report, "cancelled timer: never printed")
    h.cancel()
    print("cancelled timer: cancelled() =", h.cancelled())
    when = t0 + 1.0
    for i in range(1, 4):
        loop.call_at(when, report, f"call_at(t0 + 1.0) #{i}")
    loop.call_at(when + 0.5, report, "call_at(t0 + 1.5)")
    await asyncio.sleep(0.5)
    report("main: woke up from sleep(0.5)")
    await asyncio.sleep(1.5)
    report("main: woke up from sleep(1.5)")
    nap = loop.create_task(long_nap())
    half = loop.call_later(1800, report, "call_later(1800): half an hour")
    print("half an hour timer due at", round(half.when() - t0, 1))
    result = await nap
    report(f"main: long_nap returned {result!r}")

loop.run_until_complete(main())
loop.close()
