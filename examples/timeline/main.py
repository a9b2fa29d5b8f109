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

def now():
    return round(loop.time() - t0, 1)

async def worker(name, delay, rounds, polite=False, fail=False):
    for i in range(1, rounds + 1):
        if polite:
            print(f"t={now()} {name}: after you")
            await asyncio.sleep(0)
        print(f"t={now()} {name}: round {i} of {rounds}, sleeping {delay}s")
        await asyncio.sleep(delay)
    if fail:
        print(f"t={now()} {name}: giving up")
        raise ValueError(f"{name} gave up")
    print(f"t={now()} {name}: done")
    return f"{name} did {rounds} rounds"

async def main():
    workers = [
        asyncio.create_task(worker("A", 0.5, 3), name="A"),
        asyncio.create_task(worker("B", 0.8, 2, polite=True), name="B"),
        asyncio.create_task(worker("C", 0.7, 1, fail=True), name="C"),
    ]
    print(f"t={now()} main: gathering {len(workers)} workers")
    results = await asyncio.gather(*workers, return_exceptions=True)
    print(f"t={now()} main: {results}")

loop.run_until_complete(loop.create_task(main(), name="main"))
loop.close()
