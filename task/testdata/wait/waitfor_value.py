# Section 11: wait_for (3.12+) returns the value of its awaitable. A
# coroutine runs inside the calling task (current_task() is the caller)
# and costs no extra iterations: it is awaited directly under a timeout.
# An exception of the work comes out of wait_for as it is.
import asyncio
from sem import new_loop, start_ticker


async def work(main_task):
    print("work starts, in the caller's task:", asyncio.current_task() is main_task)
    await asyncio.sleep(0)
    print("work after one sleep(0)")
    await asyncio.sleep(0)
    return "value"


async def main():
    me = asyncio.current_task()
    print("main calls wait_for")
    r = await asyncio.wait_for(work(me), 10)
    print("wait_for returned", repr(r))
    print("cancelling:", me.cancelling())
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(fut.set_result, 5)
    print("wait_for on a future:", await asyncio.wait_for(fut, 10))
    t = asyncio.create_task(work(None), name="w")
    print("wait_for on a task:", await asyncio.wait_for(t, 10))

    async def failing():
        await asyncio.sleep(0)
        raise ValueError("work failed")

    try:
        await asyncio.wait_for(failing(), 10)
    except ValueError as e:
        print("wait_for raised", repr(e), "cancelling:", me.cancelling())


loop = new_loop()
start_ticker(loop, 12)
loop.run_until_complete(main())
loop.close()
