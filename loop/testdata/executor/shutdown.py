# After shutdown_default_executor, run_in_executor(None, ...) and
# to_thread raise 'Executor shutdown has been called'; shutting down
# again is fine; an explicit executor is not affected until it is shut
# down itself; on a closed loop run_in_executor raises 'Event loop is
# closed'.
import asyncio
import concurrent.futures


def f():
    return "ran"


async def main():
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, f))
    await loop.shutdown_default_executor()
    print("shut down")
    try:
        loop.run_in_executor(None, f)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        await asyncio.to_thread(f)
    except RuntimeError as e:
        print("to_thread RuntimeError:", e)
    await loop.shutdown_default_executor()
    print("shut down again")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    print("own pool", await loop.run_in_executor(pool, f))
    pool.shutdown()
    try:
        loop.run_in_executor(pool, f)
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())

loop = asyncio.new_event_loop()
loop.close()
try:
    loop.run_in_executor(None, f)
except RuntimeError as e:
    print("closed loop RuntimeError:", e)
