# Section 4: the CancelledError that ended a task goes, with its message, to
# the first one who asks; later result() calls build CancelledError().
import asyncio
from sem import new_loop


async def worker():
    await asyncio.sleep(0)
    await asyncio.get_running_loop().create_future()


async def main():
    t = asyncio.create_task(worker(), name="worker")
    await asyncio.sleep(0)
    print("cancel:", t.cancel("stop now"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiter gets", repr(e))
    for i in range(2):
        try:
            t.result()
        except asyncio.CancelledError as e:
            print("result() gets", repr(e))
    try:
        t.exception()
    except asyncio.CancelledError as e:
        print("exception() gets", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
