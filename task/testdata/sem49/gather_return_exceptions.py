# Section 9: with return_exceptions=True errors and cancellations are
# results, in argument order; a cancelled child shows as CancelledError('')
# or CancelledError('msg').
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
    g = asyncio.gather(ok(), bad(), c1, c2, return_exceptions=True)
    await asyncio.sleep(0)
    c1.cancel()
    c2.cancel("with message")
    for r in await g:
        print(repr(r))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
