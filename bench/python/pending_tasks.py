"""Twin of loop.BenchmarkPendingTasks100k and PendingTasks1M: N tasks
(100k, or the number given with --n) each awaiting one future that is not
resolved while they are measured. B/task is the growth of the resident
set (/proc/self/statm, after gc.collect()) divided by N, measured first
in a fresh process; traced-B/task is what tracemalloc counts for the
same in a second round (Python's own allocations, without the
allocator's free space). Then the future is resolved and the tasks are
gathered (checksum N). ns/task times the first round, creating the
tasks to gathering them (without the measuring)."""

import argparse
import asyncio
import gc
import time
import tracemalloc

from benchutil import current_rss, report

N = 100_000


async def pending(fut):
    return await fut


async def round_(n, measure):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    gc.collect()
    m0 = measure()
    t0 = time.perf_counter()
    tasks = [loop.create_task(pending(fut)) for _ in range(n)]
    await asyncio.sleep(0)  # every task has taken its first step
    dt = time.perf_counter() - t0
    if any(t.done() for t in tasks):
        raise SystemExit("a pending task finished")
    gc.collect()
    m1 = measure()
    t0 = time.perf_counter()
    fut.set_result(1)
    res = await asyncio.gather(*tasks)
    dt += time.perf_counter() - t0
    return sum(res), (m1 - m0) / n, dt


def traced():
    return tracemalloc.get_traced_memory()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=N)
    ap.add_argument("--uvloop", action="store_true")
    ap.add_argument("--no-trace", action="store_true", help="skip the tracemalloc round")
    args = ap.parse_args()
    n = args.n
    loop = asyncio.new_event_loop()
    try:
        got, per_task, dt = loop.run_until_complete(round_(n, current_rss))
        extra = {"B_per_task": per_task}
        if not args.no_trace:
            tracemalloc.start()
            got2, traced_per_task, _ = loop.run_until_complete(round_(n, traced))
            tracemalloc.stop()
            if got2 != n:
                raise SystemExit(f"checksum {got2}, want {n}")
            extra["traced_B_per_task"] = traced_per_task
    finally:
        loop.close()
    name = "pending_tasks_1m" if n == 1_000_000 else f"pending_tasks_{n // 1000}k"
    extra = {k.replace("_per_", "/"): v for k, v in extra.items()}
    report(name, got, n, dt, n, "ns/task", **extra)


if __name__ == "__main__":
    main()
