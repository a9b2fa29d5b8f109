# Section 22 (3.12): during its eager step a task is in all_tasks(); one
# that finished eagerly is not there afterwards, one that suspended is.
import asyncio
from sem import new_loop


def names():
    return sorted(t.get_name() for t in asyncio.all_tasks())


async def finishes():
    me = asyncio.current_task()
    print("finishes: in all_tasks =", me in asyncio.all_tasks(), names())


async def suspends():
    me = asyncio.current_task()
    print("suspends: in all_tasks =", me in asyncio.all_tasks(), names())
    await asyncio.sleep(0)


async def counts():
    me = asyncio.current_task()
    print("counts: in all_tasks =", me in asyncio.all_tasks(), len(asyncio.all_tasks()))


async def main():
    loop = asyncio.get_running_loop()
    print("before", names())
    a = asyncio.Task(finishes(), loop=loop, name="finishes", eager_start=True)
    print("after finishes", names(), a.done())
    b = asyncio.Task(suspends(), loop=loop, name="suspends", eager_start=True)
    print("after suspends", names(), b.done())
    await b
    print("after await", names())
    loop.set_task_factory(asyncio.eager_task_factory)
    c = asyncio.create_task(counts())
    print("after counts", len(asyncio.all_tasks()), c.done())


loop = new_loop()
loop.run_until_complete(loop.create_task(main(), name="main"))
loop.close()
