# Section 7: Future.cancel() is immediate; Task.cancel() is a request, and
# cancelled() turns True only once the CancelledError escapes the coroutine.
import asyncio
from sem import new_loop


async def child():
    try:
        await asyncio.sleep(0)
    finally:
        print("child cleanup, cancelled() =", asyncio.current_task().cancelled())
        await asyncio.sleep(0)
        print("child cleanup done")


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.cancel()
    print("future after cancel():", f.cancelled(), f.done())
    t = asyncio.create_task(child(), name="child")
    await asyncio.sleep(0)
    t.cancel()
    print("task after cancel():", t.cancelled(), t.done())
    await asyncio.sleep(0)
    print("one iteration later:", t.cancelled(), t.done())
    await asyncio.sleep(0)
    print("two iterations later:", t.cancelled(), t.done())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
