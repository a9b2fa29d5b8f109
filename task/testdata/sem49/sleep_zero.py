# Section 8: sleep(0) lets exactly one iteration pass: two tasks that
# sleep(0) in a loop alternate, one step per iteration.
import asyncio
from sem import new_loop, start_ticker


async def worker(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
    return name


async def main():
    a = asyncio.create_task(worker("A", 3), name="A")
    b = asyncio.create_task(worker("B", 2), name="B")
    print(await asyncio.gather(a, b))


loop = new_loop()
start_ticker(loop, 8)
loop.run_until_complete(main())
loop.close()
