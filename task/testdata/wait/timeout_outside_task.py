# Section 12: a Timeout must be entered by a task. A coroutine driven by
# hand from a loop callback (so there is a running loop but no current
# task) gets RuntimeError from asyncio.Timeout, asyncio.timeout and
# wait_for alike.
import asyncio
from sem import new_loop


async def with_timeout_at():
    async with asyncio.Timeout(None):
        print("not reached")


async def with_timeout():
    async with asyncio.timeout(1):
        print("not reached")


async def with_wait_for():
    await asyncio.wait_for(asyncio.sleep(0), 1)


def drive(make):
    c = make()
    try:
        c.send(None)
    except RuntimeError as e:
        print(make.__name__ + ":", repr(e))
    except StopIteration:
        print(make.__name__ + ": finished (wrong)")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(drive, with_timeout_at)
    loop.call_soon(drive, with_timeout)
    loop.call_soon(drive, with_wait_for)
    await asyncio.sleep(0)
    await asyncio.sleep(0)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
