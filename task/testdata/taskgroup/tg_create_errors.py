# Section 13: create_task is refused before the group is entered, after it
# finished, and while it is shutting down (the coroutine is closed each
# time); entering twice is refused too. The messages include the group's
# repr.
import asyncio
from sem import new_loop


async def child(name):
    print("child", name, "runs")


async def fail():
    raise ValueError("boom")


async def sleeper():
    await asyncio.sleep(10)


async def main():
    tg = asyncio.TaskGroup()
    print(repr(tg))
    c = child("early")
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("before enter:", e)
    print("coroutine closed:", c.cr_frame is None)

    async with tg:
        print(repr(tg))
        tg.create_task(child("inside"))
        print(repr(tg))
        try:
            async with tg:
                pass
        except RuntimeError as e:
            print("enter twice:", e)
    print(repr(tg))
    c = child("late")
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("after exit:", e)
    print("coroutine closed:", c.cr_frame is None)

    try:
        async with asyncio.TaskGroup() as tg2:
            tg2.create_task(child("sibling"))
            tg2.create_task(sleeper())
            tg2.create_task(fail())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print(repr(tg2))
                c = child("aborting")
                try:
                    tg2.create_task(c)
                except RuntimeError as e:
                    print("while aborting:", e)
                print("coroutine closed:", c.cr_frame is None)
                raise
    except ExceptionGroup as eg:
        print(repr(eg))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
