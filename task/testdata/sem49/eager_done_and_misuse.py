# A task that finishes in its eager first step drops its coroutine (no
# coro= in its repr, get_coro() is None); one that suspends keeps it.
# Awaiting a coroutine another task is suspended in, or the coroutine
# running right now, fail with CPython's two different errors; so do a
# close() the coroutine ignores and set_exception(None).
import asyncio
import re
from sem import new_loop


def r(x):
    return re.sub(r"(, defined)? at [^ >]+:\d+", "", repr(x))


async def ret(v):
    return v


async def boom():
    raise ValueError("direct")


async def suspends():
    await asyncio.sleep(0)
    return "later"


async def sleeper():
    await asyncio.sleep(0.01)
    return "slept"


async def awaits(c):
    return await c


async def main():
    loop = asyncio.get_running_loop()
    t1 = asyncio.Task(ret(1), loop=loop, eager_start=True, name="t1")
    print(r(t1), t1.get_coro())
    t2 = asyncio.Task(boom(), loop=loop, eager_start=True, name="t2")
    print(r(t2), t2.get_coro())
    t2.exception()
    t3 = asyncio.Task(suspends(), loop=loop, eager_start=True, name="t3")
    print(r(t3), t3.get_coro() is not None)
    print(await t3, r(t3))

    s = sleeper()
    a = asyncio.create_task(awaits(s))
    await asyncio.sleep(0)
    b = asyncio.create_task(awaits(s))
    try:
        await b
    except RuntimeError as e:
        print("second awaiter:", repr(e))
    print("first awaiter:", await a)

    holder = {}

    async def self_await():
        return await holder["c"]

    holder["c"] = self_await()
    try:
        await asyncio.create_task(holder["c"])
    except ValueError as e:
        print("self await:", repr(e))

    f = loop.create_future()
    try:
        f.set_exception(None)
    except TypeError as e:
        print("set_exception(None):", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
