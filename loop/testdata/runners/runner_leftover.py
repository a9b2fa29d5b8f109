# Section 16: when asyncio.run's main returns, the tasks it left behind are
# cancelled and awaited before the loop closes: each sees CancelledError at
# its await, may clean up (even await again), and may swallow it. A child
# main created without waiting for it still gets its first step: it was
# queued before main's done callback, which stops the loop.
import asyncio
from sem import VirtualClockLoop


async def leftover():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError as e:
        print("leftover got", repr(e), "at", round(asyncio.get_running_loop().time(), 3))
        await asyncio.sleep(0.5)
        print("leftover cleaned up at", round(asyncio.get_running_loop().time(), 3))
        raise
    finally:
        print("leftover finally")


async def swallower():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print("swallower swallows the cancellation")
    return "swallowed"


async def late():
    print("late child runs before the loop stops")


async def main(which):
    if which == 1:
        asyncio.create_task(leftover())
    elif which == 2:
        asyncio.create_task(swallower())
    else:
        asyncio.create_task(late())
        print("main returns before its child starts")
        return "early"
    await asyncio.sleep(0.1)
    print("main returns")
    return which


for which in (1, 2, 3):
    print("run", which, "->", asyncio.run(main(which), loop_factory=VirtualClockLoop))
