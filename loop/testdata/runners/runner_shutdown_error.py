# Section 16: a leftover task that ends with an error while asyncio.run
# cancels it is reported to the exception handler as 'unhandled exception
# during asyncio.run() shutdown'; a leftover that ends cancelled, or that
# returns, is not reported.
import asyncio
from sem import VirtualClockLoop


def handler(loop, context):
    print("handler:", context["message"])
    print("  exception:", repr(context["exception"]))
    print("  task is the leftover:", context["task"] is leftover)


async def breaks_on_cancel():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print("breaks_on_cancel cancelled")
        raise ValueError("broken during shutdown")


leftover = None


async def main():
    global leftover
    asyncio.get_running_loop().set_exception_handler(handler)
    leftover = asyncio.create_task(breaks_on_cancel())
    await asyncio.sleep(0)
    print("main returns")
    return "result"


print(asyncio.run(main(), loop_factory=VirtualClockLoop))
