# Condition: notify(n), notify_all, wait_for, and the lock being taken
# back before wait() returns, in FIFO order.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def waiter(name, cond):
    async with cond:
        print(name, "waits")
        res = await cond.wait()
        print(name, "woke:", res, "locked() =", cond.locked())
        await asyncio.sleep(0)
        print(name, "leaves")


async def main():
    cond = asyncio.Condition()
    print("new:", r(cond))
    try:
        await cond.wait()
    except RuntimeError as e:
        print("wait:", repr(e))
    try:
        cond.notify()
    except RuntimeError as e:
        print("notify:", repr(e))
    try:
        cond.notify_all()
    except RuntimeError as e:
        print("notify_all:", repr(e))
    try:
        cond.release()
    except RuntimeError as e:
        print("release:", repr(e))

    ts = [asyncio.create_task(waiter(f"w{i}", cond)) for i in range(4)]
    await asyncio.sleep(0)
    print("waiting:", r(cond))
    async with cond:
        cond.notify(2)
        print("notified 2:", r(cond))
        cond.notify(1)
        print("notified 1 more:", r(cond))
        await asyncio.sleep(0)
        print("still holding:", r(cond))
    print("released")
    for _ in range(8):
        await asyncio.sleep(0)
    print("after:", r(cond))
    async with cond:
        cond.notify_all()
    await asyncio.gather(*ts)
    print("all done:", r(cond))

    # wait_for: re-checks the predicate after each wake-up.
    box = []

    async def consumer():
        async with cond:
            print("consumer: predicate ->", await cond.wait_for(lambda: len(box) >= 2))
            print("consumer got", box)

    c = asyncio.create_task(consumer())
    for i in range(3):
        await asyncio.sleep(0)
        async with cond:
            box.append(i)
            print("producer put", i)
            cond.notify()
    await c

    # A shared lock.
    lock = asyncio.Lock()
    c1 = asyncio.Condition(lock)
    c2 = asyncio.Condition(lock)
    async with c1:
        print("shared lock:", r(c1), r(c2), r(lock))
    print("shared lock:", r(c1), r(c2), r(lock))


asyncio.run(main())
