# A crawler built on asyncio.TaskGroup, on a virtual clock.
import asyncio


# The Python side of Go's loop.WithVirtualClock(): CPython's own selector
# event loop, except that time starts at 0, each read of the clock moves it
# on by a nanosecond, and when the loop would wait for its next timer the
# clock jumps straight to that timer's deadline.
class VirtualSelector:
    def __init__(self, loop, selector):
        self.loop = loop
        self.selector = selector

    def select(self, timeout=None):
        if timeout is None or timeout > 0:
            if self.loop._scheduled:
                when = self.loop._scheduled[0]._when
                self.loop.now = max(self.loop.now, when)
        return self.selector.select(0)

    def __getattr__(self, name):
        return getattr(self.selector, name)


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self.now = 0.0
        super().__init__()
        self._selector = VirtualSelector(self, self._selector)

    def time(self):
        self.now += 1e-9
        return self.now


def log(what):
    print(f"t={asyncio.get_running_loop().time():.2f} {what}")


async def fetch(page, delay, fail):
    log(f"{page}: requested")
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log(f"{page}: cancelled")
        raise
    if fail:
        log(f"{page}: server error")
        raise ConnectionError(f"{page}: 503 Service Unavailable")
    size = 100 * len(page)
    log(f"{page}: {size} bytes")
    return size


async def crawl(pages):
    async with asyncio.TaskGroup() as tg:
        tasks = {page: tg.create_task(fetch(page, delay, fail))
                 for page, (delay, fail) in pages.items()}
        log(f"crawl: {len(tasks)} requests in flight")
    log("crawl: every request finished")
    return {page: t.result() for page, t in tasks.items()}


async def main():
    print("round 1: every page loads")
    sizes = await crawl({"home": (0.3, False), "about": (0.1, False), "blog": (0.2, False)})
    log(f"total {sum(sizes.values())} bytes from {sorted(sizes)}")

    print("round 2: a failing page cancels the other one")
    try:
        await crawl({"home": (0.3, False), "status": (0.1, True)})
    except* ConnectionError as eg:
        for e in eg.exceptions:
            log(f"crawl failed: {e!r}")

    print("round 3: a timeout around the group cancels what is left")
    try:
        async with asyncio.timeout(0.15):
            await crawl({"about": (0.1, False), "archive": (0.5, False)})
    except TimeoutError:
        log("crawl timed out")
    return "done"


print(asyncio.run(main(), loop_factory=VirtualClockLoop))
