# Event: set wakes every waiter in FIFO order; clear does not un-wake
# them; wait on a set event does not yield; a cancelled waiter.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def waiter(name, ev):
    print(name, "waits")
    res = await ev.wait()
    print(name, "woke:", res, "is_set() =", ev.is_set())


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0)


async def main():
    ev = asyncio.Event()
    print("new:", r(ev), ev.is_set())
    ts = [asyncio.create_task(waiter(f"w{i}", ev)) for i in range(3)]
    await asyncio.sleep(0)
    print("waiting:", r(ev))
    ev.set()
    print("set:", r(ev))
    ev.clear()
    print("cleared:", r(ev))
    await asyncio.gather(*ts)
    print("all woke:", r(ev))

    # wait() on a set event returns at once, without yielding.
    ev.set()
    t = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    print("main waits on a set event")
    await ev.wait()
    print("main passed without yielding")
    await t

    # A cancelled waiter leaves the others alone; set() twice is harmless.
    ev.clear()
    a = asyncio.create_task(waiter("a", ev))
    b = asyncio.create_task(waiter("b", ev))
    await asyncio.sleep(0)
    a.cancel()
    await asyncio.sleep(0)
    print("a cancelled:", a.cancelled(), r(ev))
    ev.set()
    ev.set()
    await b
    print("end:", r(ev))


asyncio.run(main())
