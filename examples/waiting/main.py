import asyncio
import math
import selectors

# The Python side of Go's loop.New(loop.WithVirtualClock()): CPython's own
# selector event loop, whose clock does not follow the wall clock. Where the
# loop would wait for its next timer, the clock moves on by that wait,
# rounded up to whole milliseconds as epoll rounds it; each read of the
# clock moves it on by a nanosecond, as Go's virtual clock does.
class VirtualClockSelector(selectors.DefaultSelector):
    now = 0.0

    def select(self, timeout=None):
        if timeout:
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

async def fetch(name, seconds):
    report(f"{name}: request sent")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        report(f"{name}: cancelled, cleaning up")
        raise
    report(f"{name}: reply received")
    return f"{name} data"

async def main():
    print("== wait_for: give up on a slow server")
    try:
        await asyncio.wait_for(fetch("slow", 5), timeout=1)
    except TimeoutError:
        report("wait_for raised TimeoutError")

    print("== wait(FIRST_COMPLETED): race three mirrors")
    mirrors = [
        asyncio.create_task(fetch("mirror-a", 0.3)),
        asyncio.create_task(fetch("mirror-b", 0.1)),
        asyncio.create_task(fetch("mirror-c", 0.2)),
    ]
    done, pending = await asyncio.wait(mirrors, return_when=asyncio.FIRST_COMPLETED)
    for t in mirrors:
        if t in done:
            report(f"first done: {t.result()!r}, {len(pending)} still pending")
    for t in mirrors:
        if t in pending:
            t.cancel()
    await asyncio.wait(pending)
    report(f"losers cancelled: {all(t.cancelled() for t in pending)}")

    print("== as_completed: take results as they come")
    downloads = [asyncio.create_task(fetch(f"file-{n}", n / 10)) for n in (3, 1, 2)]
    async for t in asyncio.as_completed(downloads):
        report(f"as_completed gave {await t!r}")

    print("== shield: stop waiting, but let the save finish")
    save = asyncio.create_task(fetch("save", 0.5))
    try:
        await asyncio.wait_for(asyncio.shield(save), timeout=0.2)
    except TimeoutError:
        report(f"wait_for raised TimeoutError; save still running: {not save.done()}")
    report(f"the save completed anyway: {await save!r}")

loop.run_until_complete(main())
loop.close()
