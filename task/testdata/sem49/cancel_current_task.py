# Section 7: a task cancelling itself is not interrupted until it really
# suspends; awaiting a done future does not count. A task that returns
# before suspending ends cancelled.
import asyncio
from sem import new_loop, start_ticker


async def suspends():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("x")
    print("suspends: cancel myself:", asyncio.current_task().cancel("self"))
    print("suspends: awaited done future:", await done)
    try:
        await asyncio.sleep(0)
        print("suspends: not interrupted (must not happen)")
    except asyncio.CancelledError as e:
        print("suspends: sleep(0) raised", repr(e))
    return "suspends finished"


async def returns_at_once():
    asyncio.current_task().cancel()
    print("returns_at_once: returning")
    return "value"


async def main():
    a = asyncio.create_task(suspends(), name="suspends")
    b = asyncio.create_task(returns_at_once(), name="returns_at_once")
    print("a:", await a, a.cancelled(), a.cancelling())
    try:
        await b
    except asyncio.CancelledError as e:
        print("b: raised", repr(e), "cancelled:", b.cancelled())


loop = new_loop()
start_ticker(loop, 5)
loop.run_until_complete(main())
loop.close()
