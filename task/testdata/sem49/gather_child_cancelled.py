# Section 9: a child cancelled directly fails the gather with a
# CancelledError exception; the gather itself is not cancelled, and the
# other child keeps running.
import asyncio
from sem import new_loop


async def child(name, iters):
    for _ in range(iters):
        await asyncio.sleep(0)
    print(name, "finishes")
    return name


async def main():
    a = asyncio.create_task(child("a", 1), name="a")
    b = asyncio.create_task(child("b", 4), name="b")
    g = asyncio.gather(a, b)
    b.cancel("only b")
    try:
        await g
    except asyncio.CancelledError as e:
        print("awaiter gets", repr(e))
    print("gather done:", g.done(), "cancelled:", g.cancelled())
    print("gather exception():", repr(g.exception()))
    a2 = asyncio.create_task(child("a2", 2), name="a2")
    b2 = asyncio.create_task(child("b2", 3), name="b2")
    g2 = asyncio.gather(b2, a2)
    await asyncio.sleep(0)
    a2.cancel()
    try:
        print(await g2)
    except asyncio.CancelledError as e:
        print("second gather: awaiter gets", repr(e), "b2 done:", b2.done())
    print("b2 result:", await b2)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
