# Section 4: a future completed by a callback in iteration N runs its done
# callbacks in iteration N+1; a callback completing another future pushes
# that one's callbacks to N+2.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    g = loop.create_future()
    f.add_done_callback(lambda fut: (print("f callback, completing g"), g.set_result(2)))
    g.add_done_callback(lambda fut: print("g callback", fut.result()))
    loop.call_soon(lambda: (print("completing f"), f.set_result(1)))
    await g
    print("main got g")


loop = new_loop()
start_ticker(loop, 6)
loop.run_until_complete(main())
loop.close()
