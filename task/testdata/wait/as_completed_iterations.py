# Section 11: the cost of as_completed in iterations. A finished input's
# done callback runs one iteration after it finishes and puts it on the
# queue, waking the step that waits; that step resumes one iteration
# later. Inputs that finished while the loop body ran are taken at once.
import asyncio
from sem import new_loop, start_ticker


async def steps(n):
    for i in range(n):
        await asyncio.sleep(0)
    print("steps", n, "done")
    return n


async def main():
    ts = [asyncio.create_task(steps(n), name=f"s{n}") for n in (6, 1, 2, 4)]
    async for f in asyncio.as_completed(ts):
        print("main got", f.get_name())
        if f.get_name() == "s1":
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            print("main slept twice")


loop = new_loop()
start_ticker(loop, 12)
loop.run_until_complete(main())
loop.close()
