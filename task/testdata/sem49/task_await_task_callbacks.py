# Section 6: awaiting a task puts the awaiter's wakeup in the task's
# callback list, in registration order with the plain done callbacks.
import asyncio
from sem import new_loop, start_ticker


async def child():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("child returns")
    return "c"


async def other(t):
    await asyncio.sleep(0)
    print("other awaits child")
    print("other got", await t)


async def main():
    t = asyncio.create_task(child(), name="child")
    t.add_done_callback(lambda _: print("callback 1"))
    o = asyncio.create_task(other(t), name="other")
    print("main awaits child")
    print("main got", await t)
    t.add_done_callback(lambda _: print("callback 2 (added when done)"))
    await o


loop = new_loop()
start_ticker(loop, 7)
loop.run_until_complete(main())
loop.close()
