# Section 7: cancelling a task that waits on a future cancels that future at
# once; the task wakes in the next iteration with the CancelledError
# carrying the message.
import asyncio
from sem import new_loop, start_ticker


async def waiter(fut):
    try:
        await fut
    except asyncio.CancelledError as e:
        print("waiter caught", repr(e))
        raise


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    print("cancel:", t.cancel("enough"))
    print("future cancelled at once:", fut.cancelled(), "task cancelled:", t.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main caught", repr(e))
    print("task cancelled:", t.cancelled())


loop = new_loop()
start_ticker(loop, 5)
loop.run_until_complete(main())
loop.close()
