# Section 9: the first child to fail fails the gather at once (the awaiter
# resumes two iterations after the child finished) while the other children
# are not cancelled and keep running.
import asyncio
from sem import new_loop, start_ticker


async def worker(name, iters):
    for i in range(iters):
        await asyncio.sleep(0)
    print(name, "finishes")
    return name


async def failing():
    await asyncio.sleep(0)
    print("failing raises")
    raise ValueError("boom")


async def main():
    w = asyncio.create_task(worker("worker", 5), name="worker")
    try:
        await asyncio.gather(w, failing())
    except ValueError as e:
        print("gather raised", repr(e), "worker done:", w.done(), "cancelled:", w.cancelled())
    print("worker result:", await w)


loop = new_loop()
start_ticker(loop, 9)
loop.run_until_complete(main())
loop.close()
