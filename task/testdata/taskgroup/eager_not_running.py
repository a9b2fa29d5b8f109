# Section 22 (3.12): eager start needs a running loop. On a loop that is
# not running, the eager factory (or eager_start=True) falls back to
# scheduling the first step with call_soon.
import asyncio
from sem import new_loop, start_ticker


async def child(name):
    print(name, "runs")
    await asyncio.sleep(0)
    print(name, "ends")
    return name


loop = new_loop()
start_ticker(loop, 4)
loop.set_task_factory(asyncio.eager_task_factory)
a = loop.create_task(child("a"))
print("a created, done =", a.done())
b = asyncio.Task(child("b"), loop=loop, eager_start=True)
print("b created, done =", b.done())
print(loop.run_until_complete(asyncio.gather(a, b)))
loop.close()
