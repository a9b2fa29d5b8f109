"""Twin of loop.BenchmarkPendingGather1M: a million tasks awaiting one
future; once they all wait, the future is resolved and a gather of them
all completes. peakRSS-MB is the process's peak resident set
(ru_maxrss); ns/task times the whole."""

import asyncio
import sys

from benchutil import peak_rss, report, timed

N = 1_000_000


async def pending(fut):
    return await fut


async def spawn_gather_pending(n):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    tasks = [loop.create_task(pending(fut)) for _ in range(n)]
    await asyncio.sleep(0)
    if any(t.done() for t in tasks):
        raise SystemExit("a pending task finished")
    fut.set_result(1)
    res = await asyncio.gather(*tasks)
    return sum(res)


def main():
    n = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else N
    loop = asyncio.new_event_loop()
    try:
        got, dt = timed(loop.run_until_complete, spawn_gather_pending(n))
    finally:
        loop.close()
    report("pending_gather_1m" if n == N else f"pending_gather_{n}", got, n, dt, n, "ns/task",
           peakRSS_MB=peak_rss() / 2**20)


if __name__ == "__main__":
    main()
