# Section 9: the same coroutine passed twice runs once, and its result
# appears twice.
import asyncio
from sem import new_loop


async def one():
    print("one runs")
    return 1


async def two():
    print("two runs")
    return 2


async def main():
    c = one()
    print(await asyncio.gather(c, c, two()))
    f = asyncio.get_running_loop().create_future()
    f.set_result("f")
    print(await asyncio.gather(f, f, f))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
