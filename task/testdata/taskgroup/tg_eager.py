# Sections 13 and 22 (3.12): with the eager task factory, a child that
# never suspends is done when create_task returns and the group handles it
# at once (it is never in the group's task set). A child failing eagerly
# aborts the group inside create_task: the next create_task is refused and
# the body's next await raises CancelledError.
import asyncio
from sem import new_loop


async def quick(n):
    print("quick", n, "runs")
    return n


async def failing():
    print("failing runs")
    raise ValueError("eager boom")


async def slow():
    try:
        print("slow starts")
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("slow cancelled")
        raise


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    loop.set_task_factory(asyncio.eager_task_factory)
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(quick(1))
        print("created: done =", t.done(), "result =", t.result())
        print(repr(tg))
        s = tg.create_task(slow())
        print("slow created: done =", s.done())
        print(repr(tg))
    print("group 1 done, slow result =", s.result())
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(slow())
            f = tg.create_task(failing())
            print("failing created: done =", f.done(), "cancelling =", me.cancelling())
            print(repr(tg))
            try:
                tg.create_task(quick(2))
            except RuntimeError as e:
                print(e)
            print("body awaits")
            await asyncio.sleep(0)
            print("not reached")
    except ExceptionGroup as eg:
        print(repr(eg))
    print("slow cancelled() =", s.cancelled(), "cancelling =", me.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
