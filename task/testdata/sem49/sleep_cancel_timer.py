# Section 8: a cancelled sleep cancels its timer on the way out, so the
# loop never waits for it: time does not jump to the abandoned deadline.
import asyncio
from sem import new_loop


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sleeper cancelled with", repr(e))
        raise


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(sleeper(), name="sleeper")
    await asyncio.sleep(0)
    await asyncio.sleep(0.5)
    t.cancel("wake up")
    try:
        await t
    except asyncio.CancelledError:
        pass
    print("t =", round(loop.time(), 3))
    await asyncio.sleep(1)
    print("t =", round(loop.time(), 3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
