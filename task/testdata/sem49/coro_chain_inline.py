# Section 5: await coro runs the coroutine inline. A whole recursive chain
# finishes within one task step: task A's chain prints completely before
# task B starts, all in one iteration.
import asyncio
from sem import new_loop, start_ticker


async def depth(name, n):
    print(name, "enter", n)
    if n == 0:
        return 0
    r = await depth(name, n - 1)
    print(name, "leave", n)
    return r + n


async def main():
    a = asyncio.create_task(depth("A", 3), name="A")
    b = asyncio.create_task(depth("B", 2), name="B")
    print("results:", await a, await b)


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
