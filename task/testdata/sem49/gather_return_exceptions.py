# Section 9: with return_exceptions=True errors and cancellations are
# results, in argument order. A cancelled task shows as CancelledError(''),
# with or without a message (the task itself is cancelled without one); a
# future cancelled with a message shows as CancelledError('msg').
import asyncio
from sem import new_loop


async def ok():
    await asyncio.sleep(0)
    return 1


async def bad():
    raise ValueError("bad")


async def forever():
    await asyncio.get_running_loop().create_future()


async def main():
    c1 = asyncio.create_task(forever(), name="c1")
    c2 = asyncio.create_task(forever(), name="c2")
    f = asyncio.get_running_loop().create_future()
    g = asyncio.gather(ok(), bad(), c1, c2, f, return_exceptions=True)
    await asyncio.sleep(0)
    c1.cancel()
    c2.cancel("task message")
    f.cancel("future message")
    for r in await g:
        print(repr(r))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
