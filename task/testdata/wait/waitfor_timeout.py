# Section 11: at the deadline wait_for cancels its work and waits until
# the cancellation has been handled: the work's except and finally
# blocks (even one that awaits) run before TimeoutError is raised. The
# TimeoutError is raised from the CancelledError.
import asyncio
from sem import new_loop, now


async def slow(loop):
    try:
        print("slow: sleeping 10s at", now(loop))
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("slow: caught", repr(e), "at", now(loop))
        raise
    finally:
        print("slow: cleanup starts")
        await asyncio.sleep(0)
        print("slow: cleanup done")
    return "never"


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    try:
        await asyncio.wait_for(slow(loop), 0.5)
    except TimeoutError as e:
        print("main: caught", repr(e), "at", now(loop))
        print("cause:", repr(e.__cause__))
        print("cancelling:", me.cancelling())

    fut = loop.create_future()
    try:
        await asyncio.wait_for(fut, 0.25)
    except TimeoutError as e:
        print("future: caught", repr(e), "at", now(loop))
    print("future cancelled:", fut.cancelled())

    # The timeout and the work are due in the same millisecond: the
    # timeout was scheduled first, so it wins.
    try:
        print(await asyncio.wait_for(asyncio.sleep(0.5, "slept"), 0.5))
    except TimeoutError as e:
        print("tie: caught", repr(e), "at", now(loop))
    print("cancelling at the end:", me.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
