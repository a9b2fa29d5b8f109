# Section 9: gather() with no arguments returns a future that is already
# done with []; awaiting it does not suspend.
import asyncio
from sem import new_loop, start_ticker


async def main():
    g = asyncio.gather()
    print("done at once:", g.done(), "result:", g.result())
    print("awaited:", await g)
    print("still iteration 1")


loop = new_loop()
start_ticker(loop, 2)
loop.run_until_complete(main())
loop.close()
