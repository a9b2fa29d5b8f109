# Lock: FIFO order, no hand-off on release, a barging acquire queues.
import asyncio
import re


def r(x):
    return re.sub(r" object at 0x[0-9a-f]+", "", repr(x))


async def worker(name, lock):
    print(name, "wants the lock, locked() =", lock.locked())
    async with lock:
        print(name, "has the lock:", r(lock))
        await asyncio.sleep(0)
        print(name, "releases")


async def main():
    lock = asyncio.Lock()
    print("new:", r(lock))
    await lock.acquire()
    print("main took it without waiting:", r(lock))
    tasks = [asyncio.create_task(worker(f"w{i}", lock)) for i in range(3)]
    await asyncio.sleep(0)
    print("queued:", r(lock))
    lock.release()
    print("after release:", r(lock), "locked() =", lock.locked())
    print("main barges in")
    await lock.acquire()
    print("main has it again:", r(lock))
    lock.release()
    await asyncio.gather(*tasks)
    print("end:", r(lock))


asyncio.run(main())
