# Section 13: cancelling the task that owns the group, from outside,
# cancels the children and propagates CancelledError (with its message),
# whether the owner is in the body or already waiting at the exit. If a
# child turns its cancellation into an error, the ExceptionGroup wins but
# the owner stays cancelled: its next await raises CancelledError.
import asyncio
from sem import new_loop


async def child(name):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print(name, "cancelled", repr(e))
        raise


async def owner(in_body):
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("child"))
            if in_body:
                await asyncio.sleep(5)
                print("not reached")
            print("body ends")
    except asyncio.CancelledError as e:
        print("owner got", repr(e), "cancelling =", me.cancelling())
        raise
    print("not reached either")


async def complains():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("complains cancelled")
        raise KeyError("child")


async def owner2():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(complains())
            await asyncio.sleep(5)
    except ExceptionGroup as eg:
        print("owner2 got", repr(eg), "cancelling =", me.cancelling())
    try:
        await asyncio.sleep(0)
        print("not reached")
    except asyncio.CancelledError as e:
        print("owner2 next await", repr(e))
        raise


async def main():
    for in_body in (True, False):
        t = asyncio.create_task(owner(in_body))
        await asyncio.sleep(0.1)
        print("cancel owner:", t.cancel("stop"))
        try:
            await t
        except asyncio.CancelledError as e:
            print("main got", repr(e))
        print("owner cancelled() =", t.cancelled())
    t = asyncio.create_task(owner2())
    await asyncio.sleep(0.1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print("main got", repr(e))
    print("owner2 cancelled() =", t.cancelled())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
