# Semaphore (3.13): FIFO, the slot a release reserves for the waiter it
# wakes, a woken-then-cancelled waiter giving its slot back, acquire
# waking more waiters on its way out; BoundedSemaphore; misuse.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def user(name, sem, hold=1):
    print(name, "wants a slot, locked() =", sem.locked())
    try:
        await sem.acquire()
    except asyncio.CancelledError:
        print(name, "cancelled, value =", sem._value)
        raise
    print(name, "got a slot, value =", sem._value)
    for _ in range(hold):
        await asyncio.sleep(0)
    sem.release()
    print(name, "released, value =", sem._value)


async def main():
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("Semaphore(-1):", repr(e))
    try:
        asyncio.BoundedSemaphore(-1)
    except ValueError as e:
        print("BoundedSemaphore(-1):", repr(e))

    sem = asyncio.Semaphore(2)
    print("new:", r(sem))
    ts = [asyncio.create_task(user(f"u{i}", sem, hold=2)) for i in range(5)]
    await asyncio.sleep(0)
    print("all arrived:", r(sem))
    await asyncio.gather(*ts)
    print("done:", r(sem))

    # The reserved slot: a release wakes the first waiter and takes the
    # slot for it; the semaphore stays locked for everyone else.
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    a = asyncio.create_task(user("a", sem))
    await asyncio.sleep(0)
    sem.release()
    print("released for a:", r(sem), "value =", sem._value)
    b = asyncio.create_task(user("b", sem))
    await asyncio.gather(a, b)
    print("reserved:", r(sem))

    # Woken, then cancelled before it runs: the slot goes to the next one.
    await sem.acquire()
    c = asyncio.create_task(user("c", sem))
    d = asyncio.create_task(user("d", sem))
    await asyncio.sleep(0)
    sem.release()
    print("released for c:", r(sem), "cancel c ->", c.cancel())
    await asyncio.gather(c, d, return_exceptions=True)
    print("cancelled:", r(sem))

    # Several releases in a row wake several waiters; a release while the
    # woken ones have not run yet is kept for the next to come.
    sem = asyncio.Semaphore(0)
    ts = [asyncio.create_task(user(f"v{i}", sem)) for i in range(3)]
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    print("two released:", r(sem), "value =", sem._value)
    await asyncio.gather(*ts)
    print("end:", r(sem))

    # A queued waiter cancelled while a slot is free keeps nobody waiting.
    sem = asyncio.Semaphore(1)
    await sem.acquire()
    e = asyncio.create_task(user("e", sem))
    await asyncio.sleep(0)
    e.cancel()
    await asyncio.sleep(0)
    sem.release()
    print("e gone:", r(sem), e.cancelled())
    async with sem:
        print("async with:", r(sem))
    print("after async with:", r(sem))

    # BoundedSemaphore
    bs = asyncio.BoundedSemaphore(2)
    print("bounded:", r(bs))
    await bs.acquire()
    bs.release()
    try:
        bs.release()
    except ValueError as e:
        print("over-release:", repr(e), r(bs))
    try:
        async with bs:
            bs.release()
    except ValueError as e:
        print("over-release in async with:", repr(e), r(bs))


asyncio.run(main())
