# Async generators and async for, on a virtual clock.
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


async def ticker(name, n, delay):
    """An async generator: n values, one every delay seconds."""
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield f"{name}{i}"
    finally:
        log(f"{name}: generator finished")


async def consume(name, n, delay):
    got = []
    async for v in ticker(name, n, delay):
        log(f"{name} got {v}")
        got.append(v)
    return got


async def numbers(n):
    for i in range(n):
        yield i
        if i % 2:
            await asyncio.sleep(0)


async def main():
    # Two consumers in two tasks; each drives its own generator inline.
    results = await asyncio.gather(consume("a", 3, 0.1), consume("b", 2, 0.15))
    print("results", results)

    # An async comprehension.
    squares = [i * i async for i in numbers(6) if i != 3]
    print("squares", squares)

    # Leaving early: the generator is closed by aclose().
    gen = ticker("c", 10, 0.05)
    async for v in gen:
        log(f"c got {v}")
        if v == "c1":
            break
    await gen.aclose()

    # An error inside the generator reaches the consumer.
    async def failing():
        yield 1
        raise ValueError("generator failed")

    try:
        async for v in failing():
            print("failing gave", v)
    except ValueError as e:
        print("caught", repr(e))

    # A timeout around a whole async for.
    try:
        async with asyncio.timeout(0.12):
            async for v in ticker("d", 5, 0.05):
                log(f"d got {v}")
    except TimeoutError:
        log("d timed out")
    return "done"


print(asyncio.run(main(), loop_factory=VirtualClockLoop))
