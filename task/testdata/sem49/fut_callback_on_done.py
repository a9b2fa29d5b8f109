# Section 4: add_done_callback on a future that is already done queues the
# callback with call_soon at once, between the call_soons around it.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result("done")
    loop.call_soon(lambda: print("A"))
    f.add_done_callback(lambda fut: print("callback", fut.result()))
    loop.call_soon(lambda: print("B"))
    print("add_done_callback returned")
    await asyncio.sleep(0)
    print("main resumed")


loop = new_loop()
start_ticker(loop, 3)
loop.run_until_complete(main())
loop.close()
