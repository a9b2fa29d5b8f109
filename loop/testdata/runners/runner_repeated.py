# Section 16: one Runner runs several coroutines on the same loop. Each run
# makes a new main task (Task-N numbers are printed relative to the first
# main's); a task left pending by one run keeps running in the next, and
# close() cancels what is still pending.
import asyncio
from sem import VirtualClockLoop

base = None


def rel(name):
    return "Task-base+%d" % (int(name[5:]) - base)


async def background():
    try:
        for i in range(10):
            await asyncio.sleep(0.1)
            print("background tick", i + 1)
    except asyncio.CancelledError:
        print("background cancelled at", round(asyncio.get_running_loop().time(), 3))
        raise


async def first():
    global base
    me = asyncio.current_task()
    base = int(me.get_name()[5:])
    print("first runs as", rel(me.get_name()))
    t = asyncio.create_task(background())
    print("background is", rel(t.get_name()))
    await asyncio.sleep(0.15)
    return "first done"


async def second(n):
    me = asyncio.current_task()
    print("second runs as", rel(me.get_name()), "pending:", len(asyncio.all_tasks()))
    await asyncio.sleep(n)
    return n


with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
    loop = runner.get_loop()
    print(runner.run(first()))
    print("between runs: loop running =", loop.is_running(), "closed =", loop.is_closed())
    print(runner.run(second(0.2)))
    print("same loop:", runner.get_loop() is loop)
    print(runner.run(second(0)))
print("closed:", loop.is_closed())
