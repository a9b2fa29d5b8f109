# Section 11: cancelling the task that waits in wait_for propagates: the
# work is cancelled (its finally runs), and the caller gets CancelledError,
# not TimeoutError. A task given to wait_for is cancelled with it.
import asyncio
from sem import new_loop, now


async def inner(loop, tag):
    try:
        await asyncio.sleep(10)
    finally:
        print(tag, "finally at", now(loop))
    return "never"


async def waiter(loop, aw):
    try:
        return await asyncio.wait_for(aw, 5)
    except asyncio.CancelledError as e:
        print("waiter caught", repr(e), "at", now(loop))
        raise
    except TimeoutError:
        print("waiter: TimeoutError (wrong)")


async def main():
    loop = asyncio.get_running_loop()
    w = asyncio.create_task(waiter(loop, inner(loop, "coroutine")), name="w1")
    await asyncio.sleep(0.1)
    w.cancel("stop")
    try:
        await w
    except asyncio.CancelledError as e:
        print("main: w1 cancelled:", w.cancelled(), repr(e))

    it = asyncio.create_task(inner(loop, "task"), name="inner")
    w = asyncio.create_task(waiter(loop, it), name="w2")
    await asyncio.sleep(0.1)
    w.cancel()
    await asyncio.sleep(0)
    print("after one iteration: inner done:", it.done(), "w2 done:", w.done())
    try:
        await w
    except asyncio.CancelledError:
        print("main: w2 cancelled:", w.cancelled(), "inner cancelled:", it.cancelled())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
