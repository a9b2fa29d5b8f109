# Section 16: a closed Runner refuses to run or to give its loop
# ('Runner is closed'); closing it again does nothing, and closing a
# runner that never ran does not stop it from running later. Runner.run
# refuses to start from inside its running loop.
import asyncio
from sem import VirtualClockLoop


async def work():
    return "worked"


async def nested(runner):
    c = work()
    try:
        runner.run(c)
    except RuntimeError as e:
        print("runner.run inside:", e)
    c.close()
    return "nested done"


runner = asyncio.Runner(loop_factory=VirtualClockLoop)
print(runner.run(work()))
print(runner.run(nested(runner)))
loop = runner.get_loop()
runner.close()
print("loop closed:", loop.is_closed())
c = work()
try:
    runner.run(c)
except RuntimeError as e:
    print("run after close:", e)
c.close()
try:
    runner.get_loop()
except RuntimeError as e:
    print("get_loop after close:", e)
runner.close()
print("second close is fine")
unused = asyncio.Runner(loop_factory=VirtualClockLoop)
unused.close()
print("closing an unused runner does nothing:", unused.run(work()))
unused.close()
