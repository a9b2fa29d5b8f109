# Loop binding (mixins.py): a primitive is bound to a loop only when a
# coroutine first has to wait on it; waiting on it from another loop is a
# RuntimeError naming the primitive.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


lock = asyncio.Lock()
ev = asyncio.Event()
cond = asyncio.Condition()
sem = asyncio.Semaphore(1)
barrier = asyncio.Barrier(2)


async def uncontended():
    # No waiting: nothing gets bound.
    async with lock:
        pass
    ev.set()
    await ev.wait()
    ev.clear()
    async with sem:
        pass
    async with cond:
        cond.notify_all()
    print("uncontended use binds nothing")


async def contended():
    # Each primitive gets a waiter: this loop binds them.
    async def holder():
        async with lock:
            await asyncio.sleep(0)

    async def sem_holder():
        async with sem:
            await asyncio.sleep(0)

    await asyncio.gather(holder(), holder(), sem_holder(), sem_holder())

    async def ev_waiter():
        await ev.wait()

    t = asyncio.create_task(ev_waiter())
    await asyncio.sleep(0)
    ev.set()
    await t
    ev.clear()

    async def cond_waiter():
        async with cond:
            await cond.wait()

    t = asyncio.create_task(cond_waiter())
    await asyncio.sleep(0)
    async with cond:
        cond.notify()
    await t
    await asyncio.gather(barrier.wait(), barrier.wait())
    print("contended use binds them to this loop")


async def other_loop():
    async with lock:
        print("uncontended lock on another loop: fine")
    await lock.acquire()
    try:
        await lock.acquire()
    except RuntimeError as e:
        print("lock:", r(e))
    lock.release()
    try:
        await ev.wait()
    except RuntimeError as e:
        print("event:", r(e))
    async with cond:
        try:
            await cond.wait()
        except RuntimeError as e:
            print("condition:", r(e), "locked() =", cond.locked())
    await sem.acquire()
    try:
        await sem.acquire()
    except RuntimeError as e:
        print("semaphore:", r(e))
    sem.release()
    try:
        await barrier.wait()
    except RuntimeError as e:
        print("barrier:", r(e))


asyncio.run(uncontended())
asyncio.run(uncontended())
asyncio.run(contended())
asyncio.run(other_loop())
