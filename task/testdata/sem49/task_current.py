# Section 6: current_task() is the task whose step is running (also inside
# coroutines it awaits inline) and None in a plain callback.
import asyncio
from sem import new_loop


async def inner():
    t = asyncio.current_task()
    return t.get_name() if t else None


async def child():
    print("child sees", asyncio.current_task().get_name())
    print("child's inner coroutine sees", await inner())


async def main():
    loop = asyncio.get_running_loop()
    print("main sees", asyncio.current_task().get_name())
    loop.call_soon(lambda: print("callback sees", asyncio.current_task()))
    f = loop.create_future()
    f.add_done_callback(lambda _: print("done callback sees", asyncio.current_task()))
    f.set_result(None)
    await asyncio.create_task(child(), name="child")
    print("main sees", asyncio.current_task().get_name())


loop = new_loop()
t = loop.create_task(main(), name="main")
loop.run_until_complete(t)
loop.close()
