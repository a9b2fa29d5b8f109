# Lock: a cancelled waiter passes its turn on; cancelled waiters do not
# block the fast path; misuse.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def waiter(name, lock):
    try:
        await lock.acquire()
    except asyncio.CancelledError as e:
        print(name, "cancelled:", repr(e), "locked() =", lock.locked())
        raise
    print(name, "acquired")
    await asyncio.sleep(0)
    lock.release()
    print(name, "released")


async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print("release unlocked:", repr(e))

    # 1. Woken, then cancelled before it runs: the next waiter gets the lock.
    await lock.acquire()
    a = asyncio.create_task(waiter("a", lock))
    b = asyncio.create_task(waiter("b", lock))
    await asyncio.sleep(0)
    print("1:", r(lock))
    lock.release()
    print("a woken, cancel ->", a.cancel("go away"))
    await asyncio.gather(a, b, return_exceptions=True)
    print("1 done:", r(lock), a.cancelled(), b.done())

    # 2. A waiter cancelled while queued; release has nobody to wake and a
    #    new acquire takes the fast path since all waiters are cancelled.
    await lock.acquire()
    c = asyncio.create_task(waiter("c", lock))
    await asyncio.sleep(0)
    c.cancel()
    lock.release()
    print("2: after release", r(lock))
    await lock.acquire()
    print("2: main acquired at once:", r(lock))
    await asyncio.sleep(0)
    print("2:", r(lock), "c cancelled:", c.cancelled())
    lock.release()

    # 3. Cancelled while queued behind a holder: no effect on the holder.
    await lock.acquire()
    d = asyncio.create_task(waiter("d", lock))
    e = asyncio.create_task(waiter("e", lock))
    await asyncio.sleep(0)
    d.cancel()
    await asyncio.sleep(0)
    print("3:", r(lock))
    lock.release()
    await e
    print("3 done:", r(lock))


asyncio.run(main())
