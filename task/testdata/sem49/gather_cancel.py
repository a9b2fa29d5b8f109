# Section 9: cancelling the gather cancels its children; cancel() keeps
# returning True while children are pending; the awaiter gets the
# children's CancelledError with the message.
import asyncio
from sem import new_loop


async def child(name):
    try:
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        print(name, "caught", repr(e))
        raise


async def main():
    a = asyncio.create_task(child("a"), name="a")
    b = asyncio.create_task(child("b"), name="b")
    g = asyncio.gather(a, b)
    await asyncio.sleep(0)
    print("cancel gather:", g.cancel("stop"))
    print("cancel again:", g.cancel("stop again"))
    print("gather cancelled:", g.cancelled(), "done:", g.done())
    try:
        await g
    except asyncio.CancelledError as e:
        print("awaiter gets", repr(e))
    print("gather cancelled:", g.cancelled(), "children:", a.cancelled(), b.cancelled())
    print("cancel done gather:", g.cancel())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
