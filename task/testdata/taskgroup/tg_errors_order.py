# Section 13: errors are collected in the order the children finish, not
# the order they were created. The sibling created first turns its
# cancellation into an error of its own after some cleanup time.
import asyncio
from sem import new_loop


async def slow_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow_cleanup cancelled")
        await asyncio.sleep(0.05)
        raise KeyError("cleanup failed")


async def fail():
    await asyncio.sleep(0.1)
    raise ValueError("first")


async def ok():
    await asyncio.sleep(0.01)
    return "fine"


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow_cleanup())
            o = tg.create_task(ok())
            tg.create_task(fail())
    except ExceptionGroup as eg:
        print(repr(eg))
        print(str(eg))
    print("ok result", o.result())
    print("time", round(loop.time(), 3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
