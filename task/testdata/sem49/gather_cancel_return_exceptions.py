# Section 9: cancelling the gather itself fails it with CancelledError even
# with return_exceptions=True.
import asyncio
from sem import new_loop


async def forever(name):
    try:
        await asyncio.get_running_loop().create_future()
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    g = asyncio.gather(forever("a"), forever("b"), return_exceptions=True)
    await asyncio.sleep(0)
    print("cancel:", g.cancel())
    try:
        print("result:", await g)
    except asyncio.CancelledError as e:
        print("awaiter gets", repr(e), "gather cancelled:", g.cancelled())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
