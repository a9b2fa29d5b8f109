"""Twin of loop.BenchmarkCallLater100k: 100k call_later timers with
distinct delays (1 ms .. 100 s), scheduled in a scrambled order
(k*7919 mod 100000) and fired in delay order. The loop keeps virtual
time (benchutil.VirtualClockLoop), as the Go benchmark's does, so
nothing waits for real time. ns/timer is per timer."""

from benchutil import UVLOOP, VirtualClockLoop, report, timed

N = 100_000


def run(loop, n):
    state = {"next": 0, "sum": 0, "out_of_order": 0}

    def fire(k):
        if k != state["next"]:
            state["out_of_order"] += 1
        state["next"] = k + 1
        state["sum"] += k
        if state["next"] == n:
            loop.stop()

    for i in range(n):
        k = i * 7919 % n
        loop.call_later((k + 1) / 1000, fire, k)
    loop.run_forever()
    if state["out_of_order"] or state["next"] != n:
        raise SystemExit(f"{state['out_of_order']} timers out of order")
    return state["sum"]


def main():
    if UVLOOP:
        # uvloop's timers run on libuv's real clock (millisecond
        # resolution): 100 s of delays cannot be skipped over.
        print("call_later_100k: skipped (uvloop has no virtual clock)")
        return
    loop = VirtualClockLoop()
    try:
        run(loop, N // 10)
        got, dt = timed(run, loop, N)
    finally:
        loop.close()
    report("call_later_100k", got, N * (N - 1) // 2, dt, N, "ns/timer")


if __name__ == "__main__":
    main()
