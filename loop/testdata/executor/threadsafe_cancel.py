# run_coroutine_threadsafe: cancelling the concurrent future from the
# thread while the task runs returns True at once, the thread sees
# CancelledError, and the task on the loop is cancelled (through
# call_soon_threadsafe, before the thread's own result gets back).
import asyncio
import concurrent.futures
import threading

started = threading.Event()


async def slow():
    started.set()
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print("slow: cancelled")
        raise
    return "finished"


def worker(loop):
    fut = asyncio.run_coroutine_threadsafe(slow(), loop)
    started.wait()
    cancelled = fut.cancel()
    try:
        fut.result()
        outcome = "result"
    except concurrent.futures.CancelledError:
        outcome = "CancelledError"
    return [cancelled, fut.cancelled(), fut.done(), outcome]


async def main():
    loop = asyncio.get_running_loop()
    r = await asyncio.to_thread(worker, loop)
    print("worker returned", r)
    print("tasks left", len(asyncio.all_tasks()))


asyncio.run(main())
