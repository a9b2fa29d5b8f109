# Section 22 (3.12): an eager task runs its coroutine synchronously inside
# create_task, as the current task, until it first suspends; the rest runs
# as usual from the loop. An eager task created during another one's eager
# step runs nested, and the current task is restored after each.
#
# (Tasks made by the eager factory are not asked their name: CPython 3.13.0
# names them only after the factory returns, and names them 'None' when no
# name is given, a bug later 3.13 releases fixed.)
import asyncio
from sem import new_loop, start_ticker


def name(t):
    return t.get_name() if t is not None else None


async def inner():
    print("inner runs as", name(asyncio.current_task()))
    await asyncio.sleep(0)
    print("inner resumes as", name(asyncio.current_task()))
    return "inner result"


async def outer():
    print("outer step 1 as", name(asyncio.current_task()))
    loop = asyncio.get_running_loop()
    t = asyncio.Task(inner(), loop=loop, name="inner", eager_start=True)
    print("outer back as", name(asyncio.current_task()), "inner done =", t.done())
    r = await t
    print("outer got", r)
    return "outer result"


async def plain(main_task):
    print("plain runs, current is main:", asyncio.current_task() is main_task)
    await asyncio.sleep(0)
    print("plain resumes")
    return "plain result"


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    print("main creates")
    t = asyncio.Task(outer(), loop=loop, name="outer", eager_start=True)
    print("main back as", name(asyncio.current_task()), "outer done =", t.done())
    loop.set_task_factory(asyncio.eager_task_factory)
    print("factory set")
    u = loop.create_task(plain(me))
    print("main after plain, done =", u.done(), "current is main:", asyncio.current_task() is me)
    print("results", await t, await u)


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(loop.create_task(main(), name="main"))
loop.close()
