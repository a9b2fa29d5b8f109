"""Twin of loop.BenchmarkTaskStep: one task doing await asyncio.sleep(0)
N times. One op is one task step round trip."""

import asyncio

from benchutil import report, timed

N = 200_000


async def stepper(n):
    for _ in range(n):
        await asyncio.sleep(0)
    return n


def run(loop, n):
    return loop.run_until_complete(stepper(n))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
    finally:
        loop.close()
    report("task_step", got, N, dt, N, "ns/step")


if __name__ == "__main__":
    main()
