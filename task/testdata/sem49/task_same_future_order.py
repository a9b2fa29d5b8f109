# Section 6: tasks waiting on one future resume in the order they started
# waiting (registration order), plain done callbacks included.
import asyncio
from sem import new_loop, start_ticker


async def waiter(name, fut, delay_iters):
    for _ in range(delay_iters):
        await asyncio.sleep(0)
    print(name, "waits")
    v = await fut
    print(name, "resumed with", v)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    a = asyncio.create_task(waiter("A", fut, 2), name="A")
    b = asyncio.create_task(waiter("B", fut, 0), name="B")
    c = asyncio.create_task(waiter("C", fut, 1), name="C")
    fut.add_done_callback(lambda f: print("plain callback"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main sets the result")
    fut.set_result("go")
    await asyncio.gather(a, b, c)


loop = new_loop()
start_ticker(loop, 8)
loop.run_until_complete(main())
loop.close()
