# Section 11: a timeout of None waits as long as it takes, here an hour of
# virtual time, and costs no iterations more than a plain await.
import asyncio
from sem import new_loop, start_ticker, now


async def nap(d):
    await asyncio.sleep(d)
    return d


async def steps():
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    return "steps"


async def main():
    loop = asyncio.get_running_loop()
    print("plain await:", await steps())
    print("wait_for None:", await asyncio.wait_for(steps(), None))
    print("wait_for None, an hour:", await asyncio.wait_for(nap(3600), None), "at", now(loop))


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(main())
loop.close()
