# 2: if the loop stops before the future is done, run_until_complete raises
# RuntimeError('Event loop stopped before Future completed.'). The future
# (or the task wrapping a coroutine) stays pending, and a later
# run_until_complete can finish it.
import asyncio

loop = asyncio.new_event_loop()
fut = loop.create_future()
loop.call_soon(loop.stop)
try:
    loop.run_until_complete(fut)
except RuntimeError as e:
    print(repr(e))
print("future done:", fut.done())

gate = loop.create_future()


async def waiter():
    print("waiter starts")
    v = await gate
    print("waiter got", v)
    return v * 2


task = asyncio.ensure_future(waiter(), loop=loop)
loop.call_soon(loop.stop)
try:
    loop.run_until_complete(task)
except RuntimeError as e:
    print(repr(e))
print("task done:", task.done())
loop.call_soon(gate.set_result, 21)
print("result:", loop.run_until_complete(task))
loop.call_soon(fut.set_result, "late")
print("result:", loop.run_until_complete(fut))
loop.close()
