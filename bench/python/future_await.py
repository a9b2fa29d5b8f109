"""Twin of loop.BenchmarkFutureAwait: a task awaits a fresh future that a
call_soon callback resolves, N times. One op is create_future +
call_soon + await."""

import asyncio

from benchutil import report, timed

N = 200_000


async def awaiter(n):
    loop = asyncio.get_running_loop()
    s = 0
    for i in range(n):
        f = loop.create_future()
        loop.call_soon(f.set_result, i)
        s += await f
    return s


def run(loop, n):
    return loop.run_until_complete(awaiter(n))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
    finally:
        loop.close()
    report("future_await", got, N * (N - 1) // 2, dt, N, "ns/op")


if __name__ == "__main__":
    main()
