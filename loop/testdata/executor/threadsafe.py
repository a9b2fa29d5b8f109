# run_coroutine_threadsafe from a plain thread: the coroutine runs as a
# task on the loop while the thread waits on the concurrent future; its
# result or exception reaches the thread.
import asyncio
import concurrent.futures


async def add(a, b):
    print("add on the loop", a, b)
    await asyncio.sleep(0)
    return a + b


async def fail():
    await asyncio.sleep(0)
    raise ValueError("coroutine failed")


def worker(loop):
    fut = asyncio.run_coroutine_threadsafe(add(2, 3), loop)
    r = fut.result()
    fut2 = asyncio.run_coroutine_threadsafe(fail(), loop)
    try:
        fut2.result()
        err = None
    except ValueError as e:
        err = repr(e)
    return [r, fut.done(), fut.cancelled(), isinstance(fut, concurrent.futures.Future), err]


async def main():
    loop = asyncio.get_running_loop()
    r = await asyncio.to_thread(worker, loop)
    print("worker returned", r)


asyncio.run(main())
