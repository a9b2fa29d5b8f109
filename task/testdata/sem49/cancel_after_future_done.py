# Section 7: when the awaited future is already done but the task's wakeup
# has not run yet, cancel() cannot cancel the future; the task gets
# CancelledError instead of the result.
import asyncio
from sem import new_loop, start_ticker


async def waiter(fut):
    try:
        v = await fut
        print("waiter got", v)
    except asyncio.CancelledError as e:
        print("waiter caught", repr(e), "although the future holds", fut.result())
        raise


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    fut.set_result("value")
    print("cancel:", t.cancel("late"), "future cancelled:", fut.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main caught", repr(e))


loop = new_loop()
start_ticker(loop, 5)
loop.run_until_complete(main())
loop.close()
