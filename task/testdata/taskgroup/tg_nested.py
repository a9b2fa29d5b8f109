# Section 13: nested task groups. An inner group finishes before the outer
# body goes on; an inner group's ExceptionGroup fails the child that ran
# it, which aborts the outer group: the result is a group inside a group.
import asyncio
from sem import new_loop


async def work(name, d):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise
    print(name, "done")
    return name


async def fail(d):
    await asyncio.sleep(d)
    raise ValueError("inner")


async def runs_inner_group():
    async with asyncio.TaskGroup() as inner:
        inner.create_task(fail(0.1))
        inner.create_task(work("inner sibling", 10))
    print("not reached")


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as outer:
        a = outer.create_task(work("outer a", 0.3))
        async with asyncio.TaskGroup() as inner:
            b = inner.create_task(work("inner b", 0.2))
            c = inner.create_task(work("inner c", 0.1))
        print("inner group done", round(loop.time(), 3), a.done())
    print("outer group done", round(loop.time(), 3), [a.result(), b.result(), c.result()])

    try:
        async with asyncio.TaskGroup() as outer:
            outer.create_task(work("outer sibling", 10))
            r = outer.create_task(runs_inner_group())
            await asyncio.sleep(10)
    except ExceptionGroup as eg:
        print(repr(eg))
        print(str(eg))
        print(str(eg.exceptions[0]))
        print(eg.exceptions[0] is r.exception())
    print("time", round(loop.time(), 3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
