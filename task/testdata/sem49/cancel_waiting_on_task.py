# Section 7: cancelling a task that awaits another task cancels the inner
# one. If the inner task swallows it and returns, the outer task gets the
# value and is not cancelled, although cancelling() stays 1.
import asyncio
from sem import new_loop, start_ticker


async def inner():
    try:
        await asyncio.get_running_loop().create_future()
    except asyncio.CancelledError as e:
        print("inner caught", repr(e))
    return 7


async def outer(t):
    v = await t
    print("outer got", v)
    return v * 2


async def main():
    i = asyncio.create_task(inner(), name="inner")
    o = asyncio.create_task(outer(i), name="outer")
    await asyncio.sleep(0)
    print("cancel outer:", o.cancel("from main"))
    print("inner cancelling:", i.cancelling(), "outer cancelling:", o.cancelling())
    print("outer result:", await o)
    print("outer cancelled:", o.cancelled(), "cancelling:", o.cancelling())
    print("inner cancelled:", i.cancelled(), "cancelling:", i.cancelling())


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(main())
loop.close()
