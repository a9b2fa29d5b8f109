# Condition.wait cancellation (3.13): the lock is always taken back
# before the CancelledError comes out, and a waiter that was notified but
# is cancelled passes the notification on.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def waiter(name, cond):
    async with cond:
        print(name, "waits")
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            print(name, "cancelled:", repr(e), "locked() =", cond.locked())
            raise
        print(name, "woke, locked() =", cond.locked())


async def main():
    cond = asyncio.Condition()

    # 1. Cancelled while waiting: comes out only once it has the lock.
    w = asyncio.create_task(waiter("w", cond))
    await asyncio.sleep(0)
    await cond.acquire()
    w.cancel("stop")
    for _ in range(3):
        await asyncio.sleep(0)
    print("1: main holds the lock:", r(cond), "w done:", w.done())
    cond.release()
    await asyncio.gather(w, return_exceptions=True)
    print("1: w cancelled:", w.cancelled(), r(cond))

    # 2. Notified, then cancelled before it runs: the notification goes
    #    to the next waiter.
    a = asyncio.create_task(waiter("a", cond))
    b = asyncio.create_task(waiter("b", cond))
    c = asyncio.create_task(waiter("c", cond))
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
        print("2: notified one, cancel a ->", a.cancel())
    await asyncio.gather(a, b, return_exceptions=True)
    print("2: a cancelled:", a.cancelled(), "b done:", b.done(), "c done:", c.done(), r(cond))
    async with cond:
        cond.notify_all()
    await c

    # 3. Cancelled again while taking the lock back: it keeps trying and
    #    raises the last CancelledError once it holds the lock.
    d = asyncio.create_task(waiter("d", cond))
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)
    print("3: d woke and queued for the lock:", r(cond.__dict__["_lock"]))
    d.cancel("first")
    await asyncio.sleep(0)
    d.cancel("second")
    await asyncio.sleep(0)
    print("3: d cancelling() =", d.cancelling(), "done:", d.done())
    cond.release()
    await asyncio.gather(d, return_exceptions=True)
    print("3:", r(cond))

    # 4. wait_for cancelled.
    async def pred_waiter():
        async with cond:
            try:
                await cond.wait_for(lambda: False)
            except asyncio.CancelledError:
                print("4: wait_for cancelled, locked() =", cond.locked())
                raise

    e = asyncio.create_task(pred_waiter())
    await asyncio.sleep(0)
    e.cancel()
    await asyncio.gather(e, return_exceptions=True)
    print("4:", e.cancelled(), r(cond))


asyncio.run(main())
