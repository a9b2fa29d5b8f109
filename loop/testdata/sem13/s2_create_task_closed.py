# 2: create_task on a closed loop raises RuntimeError('Event loop is
# closed') before anything else: the coroutine is left as it was, not
# started and not closed.
import asyncio
import inspect

loop = asyncio.new_event_loop()
loop.close()


async def coro():
    print("never runs")


c = coro()
try:
    loop.create_task(c)
except RuntimeError as e:
    print(repr(e))
print("coroutine state:", inspect.getcoroutinestate(c))
c.close()
