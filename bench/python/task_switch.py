"""Twin of loop.BenchmarkTaskSwitch: two tasks, each doing sleep(0) N
times, so the loop runs them alternately. ns/switch is per task step."""

import asyncio

from benchutil import report, timed

N = 100_000


def run(loop, n):
    state = {"last": -1, "out_of_turn": 0}

    async def player(ident):
        for _ in range(n):
            if state["last"] == ident:
                state["out_of_turn"] += 1
            state["last"] = ident
            await asyncio.sleep(0)
        return n

    async def main():
        return await asyncio.gather(player(0), player(1))

    res = loop.run_until_complete(main())
    if state["out_of_turn"]:
        raise SystemExit(f"{state['out_of_turn']} steps ran out of turn")
    return sum(res)


def main():
    loop = asyncio.new_event_loop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
    finally:
        loop.close()
    report("task_switch", got, 2 * N, dt, 2 * N, "ns/switch")


if __name__ == "__main__":
    main()
