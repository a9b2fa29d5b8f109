# A task that awaits itself gets "Task cannot await on itself" thrown in
# one step later; its _asyncio_future_blocking flag stays set (CPython's C
# task leaves it), so awaiting that task fails at once with "await wasn't
# used with future".
import asyncio
from sem import new_loop


async def self_waiter():
    try:
        await t
    except RuntimeError as e:
        print("self_waiter:", str(e).split(":")[0])
    await asyncio.sleep(0)
    return 5


async def other_waiter():
    try:
        await t
    except RuntimeError as e:
        print("other_waiter:", str(e).split(":")[0])


async def main():
    global t
    t = asyncio.create_task(self_waiter(), name="t")
    w = asyncio.create_task(other_waiter(), name="w")
    await w
    try:
        print("t after:", await t)
    except RuntimeError as e:
        print("main:", str(e))
    for _ in range(3):
        await asyncio.sleep(0)
    print("t done:", t.done(), t.result())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
