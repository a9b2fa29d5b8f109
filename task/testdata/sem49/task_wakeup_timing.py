# Section 6: a task waiting on a future runs one iteration after the future
# completed (the wakeup is a done callback, queued with call_soon).
import asyncio
from sem import new_loop, start_ticker


async def waiter(fut):
    print("waiter suspends")
    v = await fut
    print("waiter resumed with", v)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut), name="waiter")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main sets the result")
    fut.set_result(42)
    await t
    print("main done")


loop = new_loop()
start_ticker(loop, 7)
loop.run_until_complete(main())
loop.close()
