# Section 4: done callbacks never run inline; they are queued with call_soon
# in registration order (duplicates included) and run in the next iteration.
import asyncio
from sem import new_loop, start_ticker


def cb1(fut):
    print("cb1 sees", fut.result())


def cb2(fut):
    print("cb2 sees", fut.result())


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(cb1)
    f.add_done_callback(cb2)
    f.add_done_callback(cb1)
    loop.call_soon(lambda: print("call_soon before set_result"))
    f.set_result(7)
    loop.call_soon(lambda: print("call_soon after set_result"))
    print("set_result returned")
    await asyncio.sleep(0)
    print("main after sleep(0)")


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
