"""Twin of loop.BenchmarkSpawnGather100k: a task creates 100k tasks
running a trivial coroutine and gathers them. ns/task is per task."""

import asyncio

from benchutil import report, timed

N = 100_000


async def trivial(i):
    return i


async def spawn_gather(n):
    tasks = [asyncio.create_task(trivial(i)) for i in range(n)]
    res = await asyncio.gather(*tasks)
    return sum(res)


def run(loop, n):
    return loop.run_until_complete(spawn_gather(n))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
    finally:
        loop.close()
    report("spawn_gather_100k", got, N * (N - 1) // 2, dt, N, "ns/task")


if __name__ == "__main__":
    main()
