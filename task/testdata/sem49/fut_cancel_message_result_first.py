# Section 4: the first one to ask a cancelled task for its outcome gets the
# CancelledError with the message, whoever it is: here result() comes first,
# and the awaiter only gets CancelledError().
import asyncio
from sem import new_loop


async def worker():
    await asyncio.get_running_loop().create_future()


async def main():
    t = asyncio.create_task(worker(), name="worker")
    await asyncio.sleep(0)
    t.cancel("bye")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("done:", t.done(), t.cancelled())
    try:
        t.result()
    except asyncio.CancelledError as e:
        print("result() gets", repr(e))
    try:
        await t
    except asyncio.CancelledError as e:
        print("awaiter gets", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
