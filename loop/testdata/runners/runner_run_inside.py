# Section 16: asyncio.run, and the run of another Runner, refuse to start
# from a coroutine that a running loop is running: the check is on the
# thread, which already has a running loop.
import asyncio
from sem import VirtualClockLoop


async def work():
    return "worked"


async def main():
    c = work()
    try:
        print(asyncio.run(c, loop_factory=VirtualClockLoop))
    except RuntimeError as e:
        print("asyncio.run inside:", e)
    c.close()
    other = asyncio.Runner(loop_factory=VirtualClockLoop)
    c = work()
    try:
        print(other.run(c))
    except RuntimeError as e:
        print("other runner inside:", e)
    c.close()
    other.close()
    return "main done"


print(asyncio.run(main(), loop_factory=VirtualClockLoop))
