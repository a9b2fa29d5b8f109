# gather: when the gather itself was cancelled, the CancelledError it ends
# with comes from the last child in argument order (the variable of
# _done_callback's results loop), not from the child that finished last.
import asyncio
from sem import new_loop


async def child(d):
    await asyncio.sleep(d)
    return d


async def main():
    g = asyncio.gather(child(10), child(0.01), return_exceptions=True)
    await asyncio.sleep(0.1)
    print("cancel:", g.cancel("stop"))
    try:
        await g
    except asyncio.CancelledError as e:
        print("gather 1:", repr(e))

    fut = asyncio.get_running_loop().create_future()
    fut.set_result("x")

    async def waiter():
        return await asyncio.gather(child(10), fut)

    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    print("cancel task:", t.cancel("c6a"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("gather 2:", repr(e))

    g3 = asyncio.gather(child(0.01), child(10))
    await asyncio.sleep(0.1)
    print("cancel:", g3.cancel("last"))
    try:
        await g3
    except asyncio.CancelledError as e:
        print("gather 3:", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
