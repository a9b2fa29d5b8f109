"""Twin of gobench.BenchmarkLockContention: 100 tasks each take the same
asyncio.Lock PER times, and while holding it increment a counter and
await sleep(0), so the other 99 queue up behind it. ns/acquire is per
acquire + release."""

import asyncio

from benchutil import report, timed

TASKS = 100
PER = 1000


async def contend(per):
    lock = asyncio.Lock()
    state = {"counter": 0, "holding": False, "overlaps": 0}

    async def worker():
        for _ in range(per):
            async with lock:
                if state["holding"]:
                    state["overlaps"] += 1
                state["holding"] = True
                state["counter"] += 1
                await asyncio.sleep(0)
                state["holding"] = False
        return per

    res = await asyncio.gather(*[asyncio.create_task(worker()) for _ in range(TASKS)])
    if state["overlaps"] or sum(res) != state["counter"]:
        raise SystemExit(f"{state['overlaps']} overlapping holders")
    return state["counter"]


def run(loop, per):
    return loop.run_until_complete(contend(per))


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, PER // 10)
        got, dt = timed(run, loop, PER)
    finally:
        loop.close()
    report("lock_contention_100", got, TASKS * PER, dt, TASKS * PER, "ns/acquire")


if __name__ == "__main__":
    main()
