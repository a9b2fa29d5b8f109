# Section 9: gather's children are tasks created in argument order (their
# first steps run in that order); the results come back in argument order,
# whatever order the children finish in.
import asyncio
from sem import new_loop, start_ticker


async def child(name, iters):
    print(name, "starts")
    for _ in range(iters):
        await asyncio.sleep(0)
    print(name, "finishes")
    return name


async def main():
    print(await asyncio.gather(child("slow", 2), child("fast", 0), child("mid", 1)))


loop = new_loop()
start_ticker(loop, 7)
loop.run_until_complete(main())
loop.close()
