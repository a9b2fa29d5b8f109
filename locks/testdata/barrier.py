# Barrier: arrival indexes, the last arriver going on first and the rest
# in arrival order, reuse across rounds, a new round waiting for the
# previous one to drain, abort and reset, misuse.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def party(name, barrier, rounds=1):
    for rnd in range(rounds):
        print(name, "arrives, n_waiting =", barrier.n_waiting)
        try:
            i = await barrier.wait()
        except asyncio.BrokenBarrierError as e:
            print(name, "broken:", repr(e), isinstance(e, RuntimeError))
            return
        print(name, "passes round", rnd, "with index", i, r(barrier))


async def main():
    for n in (0, -1):
        try:
            asyncio.Barrier(n)
        except ValueError as e:
            print(f"Barrier({n}):", repr(e))

    b = asyncio.Barrier(3)
    print("new:", r(b), b.parties, b.n_waiting, b.broken)
    ts = [asyncio.create_task(party(f"p{i}", b, rounds=2)) for i in range(3)]
    await asyncio.sleep(0)
    print("after first arrivals:", r(b))
    await asyncio.gather(*ts)
    print("two rounds:", r(b))

    # A fast party arriving for the next round while the others are still
    # leaving the previous one waits for the draining to end.
    b = asyncio.Barrier(2)

    async def fast():
        for rnd in range(2):
            i = await b.wait()
            print("fast round", rnd, "index", i, r(b))

    async def slow():
        for rnd in range(2):
            i = await b.wait()
            print("slow round", rnd, "index", i, r(b))
            await asyncio.sleep(0)

    await asyncio.gather(asyncio.create_task(fast()), asyncio.create_task(slow()))
    print("drained:", r(b))

    # async with barrier gives the index.
    b = asyncio.Barrier(2)

    async def with_user(name):
        async with b as i:
            print(name, "in async with, index", i)

    await asyncio.gather(with_user("x"), with_user("y"))

    # abort: waiting parties and later arrivals get BrokenBarrierError.
    b = asyncio.Barrier(3)
    ts = [asyncio.create_task(party(f"a{i}", b)) for i in range(2)]
    await asyncio.sleep(0)
    print("before abort:", r(b))
    await b.abort()
    print("aborted:", r(b), b.broken, b.n_waiting)
    await asyncio.gather(*ts)
    await party("late", b)
    await b.reset()
    print("reset after abort:", r(b), b.broken)

    # reset: waiting parties are broken; the barrier fills again once they
    # have left.
    ts = [asyncio.create_task(party(f"r{i}", b)) for i in range(2)]
    await asyncio.sleep(0)
    await b.reset()
    print("resetting:", r(b))
    await asyncio.gather(*ts)
    print("after reset:", r(b))
    ts = [asyncio.create_task(party(f"s{i}", b)) for i in range(3)]
    await asyncio.gather(*ts)
    print("reused:", r(b))

    # A cancelled party leaves the count as it was before it arrived.
    b = asyncio.Barrier(2)
    c = asyncio.create_task(party("c", b))
    await asyncio.sleep(0)
    print("c waiting:", r(b))
    c.cancel()
    await asyncio.gather(c, return_exceptions=True)
    print("c cancelled:", c.cancelled(), r(b))


asyncio.run(main())
