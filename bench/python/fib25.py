"""Twin of coroutine.BenchmarkInlineAwaitFib25: fib(25) by recursive
awaits of coroutines inside one task. fib(25) makes 242785 calls, each
an await of a new coroutine; ns/await is per call."""

import asyncio

from benchutil import report, timed

CALLS = 242_785  # fib calls in fib(25): 2*fib(26) - 1
REPS = 5


async def fib(n):
    if n < 2:
        return n
    return await fib(n - 1) + await fib(n - 2)


async def many(reps):
    s = 0
    for _ in range(reps):
        s += await fib(25)
    return s


def run(loop, reps):
    return loop.run_until_complete(many(reps))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, 1)
        got, dt = timed(run, loop, REPS)
    finally:
        loop.close()
    report("fib25_inline_await", got, 75025 * REPS, dt, CALLS * REPS, "ns/await")


if __name__ == "__main__":
    main()
