# Reprs: a task lists its done callbacks (cb=[...]) after its result; a
# result is shortened by reprlib (strings to 30 characters, lists to 6
# items, dicts to 4 sorted keys); asyncio's own callbacks carry their
# Python names. (" at file:line" is cut: Go functions have no such place.)
import asyncio
import re
from sem import new_loop


def r(x):
    return re.sub(r"(, defined)? at [^ >]+:\d+", "", repr(x))


def cb1(f):
    pass


async def work(v):
    await asyncio.sleep(0)
    return v


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(work("x" * 40), name="T")
    t.add_done_callback(cb1)
    print(r(t))
    print(r(await t))
    print(r(t))
    for v in ["y" * 29, list(range(10)), {"b": 1, "a": 2, "d": 4, "c": 3, "e": 5}, 12345]:
        f = loop.create_future()
        f.set_result(v)
        print(r(f))
    inner = loop.create_future()
    outer = asyncio.shield(inner)
    print(r(inner))
    print(r(outer))
    inner.set_result(1)
    await outer
    w1 = loop.create_future()
    w2 = loop.create_future()
    waiter = asyncio.create_task(asyncio.wait([w1, w2]), name="W")
    await asyncio.sleep(0)
    print(r(w1))
    w1.set_result(None)
    w2.set_result(None)
    await waiter
    g = asyncio.gather(work(1), work(2))
    print(r(g))
    print(r(await g))
    print(r(g))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
