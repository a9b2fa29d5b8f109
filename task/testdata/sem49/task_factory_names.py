# With a task factory set, 3.13.0's create_task makes the task unnamed
# (Task-N, the name an eager first step sees) and then calls
# set_name(name): an unnamed task ends up named 'None'.
import asyncio
from sem import new_loop


async def f(tag):
    print(tag, "inside:", asyncio.current_task().get_name())
    await asyncio.sleep(0)
    print(tag, "inside later:", asyncio.current_task().get_name())
    return tag


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(f("a"))
    print("a outside:", a.get_name())
    await a
    loop.set_task_factory(asyncio.eager_task_factory)
    b = asyncio.create_task(f("b"))
    print("b outside:", b.get_name())
    c = asyncio.create_task(f("c"), name="C")
    print("c outside:", c.get_name())
    d = asyncio.ensure_future(f("d"))
    print("d outside:", d.get_name())
    print(await asyncio.gather(b, c, d, f("e")))
    loop.set_task_factory(None)
    g = asyncio.create_task(f("g"))
    print("g outside:", g.get_name())
    await g


loop = new_loop()
loop.run_until_complete(main())
loop.close()
