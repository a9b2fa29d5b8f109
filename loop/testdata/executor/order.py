# run_in_executor: the result comes back through call_soon_threadsafe, so
# it reaches the awaiter only after the callbacks already queued on the
# loop; the future is never done before the loop takes the result in.
# gather keeps argument order whatever order the threads finish in.
import asyncio


def compute(x):
    return x * x


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "callback 1")
    fut = loop.run_in_executor(None, compute, 6)
    loop.call_soon(print, "callback 2")
    print("awaiting", fut.done())
    r = await fut
    print("result", r, fut.done())
    futs = [loop.run_in_executor(None, compute, i) for i in range(6)]
    print("gather", await asyncio.gather(*futs))


asyncio.run(main())
