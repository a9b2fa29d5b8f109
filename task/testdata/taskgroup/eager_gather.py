# Sections 9 and 22 (3.12): gather under the eager task factory. Children
# run in gather's call; if all finish there, the gathering future is
# already done when gather returns.
import asyncio
from sem import new_loop, start_ticker


async def quick(n):
    print("quick", n)
    return n


async def sleepy(n):
    print("sleepy", n, "starts")
    await asyncio.sleep(0)
    print("sleepy", n, "ends")
    return n * 10


async def bad():
    print("bad")
    raise ValueError("bad child")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    g = asyncio.gather(quick(1), quick(2), quick(3))
    print("gather returned, done =", g.done())
    print(await g)
    g = asyncio.gather(quick(4), sleepy(5), quick(6))
    print("gather returned, done =", g.done())
    print(await g)
    g = asyncio.gather(quick(7), bad(), return_exceptions=True)
    print("gather returned, done =", g.done())
    print(await g)
    g = asyncio.gather(bad(), sleepy(8))
    print("gather returned, done =", g.done())
    try:
        await g
    except ValueError as e:
        print("gather raised", repr(e))
    await asyncio.sleep(0)


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(main())
loop.close()
