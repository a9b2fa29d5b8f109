"""Twin of loop.BenchmarkRunInExecutor: a task awaits
loop.run_in_executor(None, fn, i) N times on the default executor (a
ThreadPoolExecutor), fn returning its argument. One op is one round
trip."""

import asyncio

from benchutil import report, timed

N = 20_000


def ident(i):
    return i


async def roundtrips(n):
    loop = asyncio.get_running_loop()
    s = 0
    for i in range(n):
        s += await loop.run_in_executor(None, ident, i)
    return s


def run(loop, n):
    return loop.run_until_complete(roundtrips(n))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()
    report("run_in_executor", got, N * (N - 1) // 2, dt, N, "ns/op")


if __name__ == "__main__":
    main()
