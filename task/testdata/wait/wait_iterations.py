# Section 11: the cost of wait() in iterations. A child's done callback
# runs one iteration after it finishes and wakes the waiter; the waiting
# task resumes one iteration later.
import asyncio
from sem import new_loop, start_ticker


async def steps(n):
    for i in range(n):
        await asyncio.sleep(0)
    print("steps", n, "done")
    return n


async def main():
    ts = [asyncio.create_task(steps(n), name=f"s{n}") for n in (6, 1, 4)]
    print("main waits, FIRST_COMPLETED")
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print("main resumes: done", sorted(t.get_name() for t in done))
    done, pending = await asyncio.wait(ts)
    print("main resumes: done", sorted(t.get_name() for t in done))
    done, pending = await asyncio.wait(ts)
    print("all done already: done", len(done))


loop = new_loop()
start_ticker(loop, 12)
loop.run_until_complete(main())
loop.close()
