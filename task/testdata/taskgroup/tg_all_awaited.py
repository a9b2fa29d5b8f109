# Section 13: leaving `async with TaskGroup()` waits for every child,
# whatever order they finish in; the body itself does not wait.
import asyncio
from sem import new_loop


async def child(name, d):
    print("start", name)
    await asyncio.sleep(d)
    print("end", name)
    return name


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(child("a", 0.2))
        b = tg.create_task(child("b", 0.1))
        c = tg.create_task(child("c", 0))
        print("body done", a.done(), b.done(), c.done())
    print("after group", round(loop.time(), 3))
    print([a.result(), b.result(), c.result()])
    async with asyncio.TaskGroup() as tg:
        print("empty group")
    print("empty group done", round(loop.time(), 3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
