"""Blocking work off the loop: to_thread, run_in_executor and
run_coroutine_threadsafe, while the loop keeps ticking.

The threads never print and never race the loop: each one blocks until
the loop sets the event it waits on, then returns a value.
"""
import asyncio
import concurrent.futures
import threading


def fetch(name, ready):
    """Blocking work: wait for the loop's go-ahead, then answer."""
    ready.wait()
    return f"{name}: {len(name)} chars"


def parse(text):
    return int(text)


async def ticker(label, ticks, ready):
    for i in range(1, ticks + 1):
        print(f"{label}: tick {i}")
        await asyncio.sleep(0.1)
    print(f"{label}: go ahead")
    ready.set()


async def announce(msg):
    print("on the loop:", msg)
    await asyncio.sleep(0)
    return msg.upper()


def worker(loop):
    """A plain thread hands a coroutine to the loop and waits for it."""
    fut = asyncio.run_coroutine_threadsafe(announce("hello from a thread"), loop)
    return fut.result()


async def main():
    loop = asyncio.get_running_loop()

    # 1. to_thread: the loop ticks three times while the thread blocks.
    ready = threading.Event()
    tick = asyncio.create_task(ticker("to_thread", 3, ready))
    print("to_thread returned", repr(await asyncio.to_thread(fetch, "report.txt", ready)))
    await tick

    # 2. run_in_executor on a pool of two threads; the loop releases the
    # jobs in reverse order, and gather keeps argument order.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    events = [threading.Event() for _ in range(3)]
    futs = [loop.run_in_executor(pool, fetch, f"part{i}", ev) for i, ev in enumerate(events)]
    for i in reversed(range(3)):
        await asyncio.sleep(0.1)
        print("loop releases", f"part{i}")
        events[i].set()
    print("run_in_executor returned", await asyncio.gather(*futs))
    pool.shutdown()

    # 3. Exceptions raised in the thread reach the awaiter.
    try:
        await asyncio.to_thread(parse, "12x")
    except ValueError as e:
        print("to_thread raised", repr(e))
    print("parsed", await loop.run_in_executor(None, parse, "42"))

    # 4. A thread submits a coroutine to the loop and waits for its result.
    print("worker got", repr(await asyncio.to_thread(worker, loop)))


asyncio.run(main())
