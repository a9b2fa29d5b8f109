# Section 6: a task awaiting itself gets RuntimeError('Task cannot await on
# itself: ...') one iteration later. (Only the start of the message is
# printed: CPython's task repr names the source file.)
import asyncio
from sem import new_loop, start_ticker


async def selfish():
    me = asyncio.current_task()
    try:
        print("awaiting myself")
        await me
    except RuntimeError as e:
        print("caught:", str(e).split(":")[0])
    return "ok"


async def main():
    t = asyncio.create_task(selfish(), name="selfish")
    print("result:", await t)


loop = new_loop()
start_ticker(loop, 5)
loop.run_until_complete(main())
loop.close()
