# Section 16: asyncio.run returns main's value, and raises main's
# exception only after the cleanup (leftover tasks cancelled and awaited).
# Each asyncio.run takes two Task-N numbers after main's for its shutdown
# steps, so the next run's main is 3 further on.
import asyncio
from sem import VirtualClockLoop

base = None


def rel(name):
    return "Task-base+%d" % (int(name[5:]) - base)


async def leftover(tag):
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print(tag, "leftover cancelled")
        raise


async def main(fail):
    global base
    name = asyncio.current_task().get_name()
    if base is None:
        base = int(name[5:])
    print("main runs as", rel(name))
    asyncio.create_task(leftover("fail" if fail else "ok"))
    await asyncio.sleep(0.1)
    if fail:
        raise ValueError("main failed")
    return {"answer": 42}


print("returned", asyncio.run(main(False), loop_factory=VirtualClockLoop))
try:
    asyncio.run(main(True), loop_factory=VirtualClockLoop)
except ValueError as e:
    print("raised", repr(e))
print("returned", asyncio.run(main(False), loop_factory=VirtualClockLoop))
