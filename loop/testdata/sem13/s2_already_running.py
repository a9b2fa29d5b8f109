# 2: run_until_complete and run_forever on the running loop raise
# RuntimeError('This event loop is already running'). For a coroutine the
# check comes before it is wrapped in a task, so it is never started.
# (run_forever comes last: in 3.13.0 its failed call also resets the
# loop's running state, gh-130145, fixed in later releases.)
import asyncio
import inspect

loop = asyncio.new_event_loop()


async def never():
    print("never runs")


def cb():
    fut = loop.create_future()
    try:
        loop.run_until_complete(fut)
    except RuntimeError as e:
        print("run_until_complete(future):", repr(e))
    c = never()
    try:
        loop.run_until_complete(c)
    except RuntimeError as e:
        print("run_until_complete(coroutine):", repr(e))
    print("coroutine state:", inspect.getcoroutinestate(c))
    print("tasks:", len(asyncio.all_tasks(loop)))
    c.close()
    try:
        loop.run_forever()
    except RuntimeError as e:
        print("run_forever:", repr(e))
    loop.stop()


loop.call_soon(cb)
loop.run_forever()
print("outer run_forever returned")
loop.close()
