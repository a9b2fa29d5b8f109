"""Twin of gobench.BenchmarkQueue: one producer task puts 0..N-1 into an
asyncio.Queue, one consumer task gets them all and adds them up; with
maxsize 1 (every put waits for a get) and maxsize 100. ns/item is per
item through the queue."""

import asyncio

from benchutil import report, timed

N = 100_000


async def pc(n, maxsize):
    q = asyncio.Queue(maxsize)

    async def producer():
        for i in range(n):
            await q.put(i)
        return 0

    async def consumer():
        s = 0
        for _ in range(n):
            s += await q.get()
        return s

    res = await asyncio.gather(asyncio.create_task(producer()), asyncio.create_task(consumer()))
    return res[1]


def run(loop, n, maxsize):
    return loop.run_until_complete(pc(n, maxsize))


def main():
    for maxsize in (1, 100):
        loop = asyncio.new_event_loop()
        try:
            run(loop, N // 10, maxsize)
            got, dt = timed(run, loop, N, maxsize)
        finally:
            loop.close()
        report(f"queue_maxsize_{maxsize}", got, N * (N - 1) // 2, dt, N, "ns/item")


if __name__ == "__main__":
    main()
