# Cancelling the future run_in_executor returned: the awaiter gets
# CancelledError at once; the function's result, arriving later, is
# dropped.
import asyncio


def f():
    return "late"


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, f)
    print("cancel", fut.cancel())
    try:
        await fut
    except asyncio.CancelledError:
        print("awaiter cancelled", fut.cancelled(), fut.done())
    fut2 = loop.run_in_executor(None, f)
    print("second", await fut2)


asyncio.run(main())
