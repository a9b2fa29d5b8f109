# Section 13: an error raised by the body aborts the group (children are
# cancelled) and is appended after the children's errors.
import asyncio
from sem import new_loop


async def sleeper():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("sleeper cancelled")
        raise


async def complains():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("complains cancelled")
        raise KeyError("child")


async def main():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sleeper())
            await asyncio.sleep(0)
            raise ValueError("body")
    except ExceptionGroup as eg:
        print(repr(eg))
    print("sleeper cancelled() =", s.cancelled(), "cancelling =", me.cancelling())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(complains())
            await asyncio.sleep(0)
            raise ValueError("body")
    except ExceptionGroup as eg:
        print(repr(eg))
        print(str(eg))
    try:
        async with asyncio.TaskGroup() as tg:
            raise TypeError("no children")
    except ExceptionGroup as eg:
        print(repr(eg))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
