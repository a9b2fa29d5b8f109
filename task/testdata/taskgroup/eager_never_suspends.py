# Section 22 (3.12): an eager coroutine that never suspends is finished
# when create_task returns, with its result or exception; awaiting a done
# future does not suspend. Done callbacks added afterwards are still
# called through call_soon.
import asyncio
from sem import new_loop, start_ticker


async def value():
    print("value runs")
    return 42


async def raises():
    print("raises runs")
    raise ValueError("eager")


async def awaits_done(f):
    print("awaits_done runs")
    return await f


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    t = asyncio.create_task(value())
    print("value done =", t.done(), "result =", t.result())
    t.add_done_callback(lambda _: print("callback of value"))
    print("callback added")
    e = asyncio.create_task(raises())
    print("raises done =", e.done(), "exception =", repr(e.exception()))
    f = loop.create_future()
    f.set_result("ready")
    d = asyncio.create_task(awaits_done(f))
    print("awaits_done done =", d.done(), "result =", d.result())
    c = asyncio.create_task(value())
    print("cancel a done eager task:", c.cancel())
    await asyncio.sleep(0)
    print("main end")


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
