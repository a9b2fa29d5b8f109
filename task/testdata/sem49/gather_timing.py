# Section 9: a child finishing in iteration N runs gather's done callback in
# N+1, which completes the gather; its awaiter resumes in N+2.
import asyncio
from sem import new_loop, start_ticker


async def child():
    await asyncio.sleep(0)
    print("child finishes")
    return "c"


async def main():
    g = asyncio.gather(child())
    g.add_done_callback(lambda _: print("gather done callback"))
    print("awaiter resumes with", await g)


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(main())
loop.close()
