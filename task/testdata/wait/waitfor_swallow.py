# Section 11: if the work swallows the cancellation and returns a value,
# wait_for returns that value instead of raising TimeoutError; the
# cancel request is taken back (cancelling() is 0 again).
import asyncio
from sem import new_loop, now


async def stubborn(loop, tag):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(tag, "swallows the cancellation at", now(loop))
    await asyncio.sleep(0.1)
    return tag + " value"


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    r = await asyncio.wait_for(stubborn(loop, "coroutine"), 0.5)
    print("wait_for returned", repr(r), "at", now(loop), "cancelling:", me.cancelling())

    t = asyncio.create_task(stubborn(loop, "task"), name="stubborn")
    r = await asyncio.wait_for(t, 0.5)
    print("wait_for returned", repr(r), "at", now(loop), "cancelling:", me.cancelling())
    print("task cancelled:", t.cancelled(), "task cancelling:", t.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
