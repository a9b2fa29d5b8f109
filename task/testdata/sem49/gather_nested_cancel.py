# Section 9: cancelling a task that awaits a gather cancels the gather,
# which cancels its children, recursively through nested gathers.
import asyncio
from sem import new_loop


async def leaf(name):
    try:
        await asyncio.get_running_loop().create_future()
    except asyncio.CancelledError as e:
        print(name, "cancelled with", repr(e))
        raise


async def parent():
    inner = asyncio.gather(leaf("a"), leaf("b"))
    await asyncio.gather(inner, leaf("c"))


async def main():
    t = asyncio.create_task(parent(), name="parent")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("cancel parent:", t.cancel("down"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("main gets", repr(e), "parent cancelled:", t.cancelled())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
