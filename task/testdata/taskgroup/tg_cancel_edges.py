# Sections 13 and 22 (3.13): edge cases of the group's own cancel request.
#  1. A child fails eagerly and the body never awaits: the group's
#     cancel() of the parent is still undelivered when the group exits;
#     3.13's uncancel() reaching 0 withdraws it, so the parent's next await
#     runs normally.
#  2. The parent is cancelled from outside while the group is already
#     aborting for a child's error: the ExceptionGroup is raised, and the
#     outside cancel survives (the parent's next await raises
#     CancelledError).
import asyncio
from sem import new_loop


async def failing():
    raise ValueError("eager")


async def slow_cleanup():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow_cleanup cancelled, cleaning up")
        await asyncio.sleep(0.5)
        print("slow_cleanup done")
        raise


async def fail_later():
    await asyncio.sleep(0.1)
    raise ValueError("later")


async def case1():
    me = asyncio.current_task()
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(failing())
            print("body: cancelling =", me.cancelling())
    except ExceptionGroup as eg:
        print("case1", repr(eg), "cancelling =", me.cancelling())
    loop.set_task_factory(None)
    await asyncio.sleep(0)
    print("case1 next await ran normally")


async def case2():
    me = asyncio.current_task()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow_cleanup())
            tg.create_task(fail_later())
    except ExceptionGroup as eg:
        print("case2", repr(eg), "cancelling =", me.cancelling())
    try:
        await asyncio.sleep(0)
        print("not reached")
    except asyncio.CancelledError as e:
        print("case2 next await", repr(e))
        raise


async def main():
    await asyncio.create_task(case1())
    t = asyncio.create_task(case2())
    await asyncio.sleep(0.2)
    print("cancel case2:", t.cancel("outside"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("main got", repr(e))
    print("time", round(asyncio.get_running_loop().time(), 3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
