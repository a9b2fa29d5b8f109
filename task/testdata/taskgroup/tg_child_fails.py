# Section 13: a child that fails cancels its sibling and the body; the
# body's pending await raises CancelledError, which the group swallows
# (uncancel() brings the parent back to 0) and replaces by an
# ExceptionGroup holding the child's error.
import asyncio
from sem import new_loop


async def fail(d):
    await asyncio.sleep(d)
    print("fail raises")
    raise ValueError("boom")


async def sibling():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sibling cancelled", repr(e))
        raise


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(sibling())
            f = tg.create_task(fail(0.1))
            try:
                await asyncio.sleep(1)
                print("not reached")
            except asyncio.CancelledError as e:
                print("body cancelled", repr(e), "cancelling =", me.cancelling())
                raise
    except ExceptionGroup as eg:
        print("caught", repr(eg))
        print("str:", str(eg))
        print("exceptions:", list(eg.exceptions))
        print("same object:", eg.exceptions[0] is f.exception())
    print("time", round(loop.time(), 3))
    print("cancelling =", me.cancelling())
    print("sibling cancelled() =", s.cancelled())
    await asyncio.sleep(0)
    print("main goes on")


loop = new_loop()
loop.run_until_complete(main())
loop.close()
