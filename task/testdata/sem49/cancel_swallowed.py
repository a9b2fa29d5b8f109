# Section 7: a task that catches the CancelledError and returns finishes
# normally: cancelled() is False and cancelling() stays 1.
import asyncio
from sem import new_loop


async def child():
    try:
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        print("child caught", repr(e))
    await asyncio.sleep(0)
    return 42


async def main():
    t = asyncio.create_task(child(), name="child")
    await asyncio.sleep(0)
    t.cancel()
    print("result:", await t)
    print("cancelled:", t.cancelled(), "cancelling:", t.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
