# Section 4: remove_done_callback removes every registration and says how
# many; once the callbacks are queued it returns 0 and they still run.
import asyncio
from sem import new_loop, start_ticker


def cb1(fut):
    print("cb1")


def cb2(fut):
    print("cb2")


def cb3(fut):
    print("cb3")


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.add_done_callback(cb1)
    f.add_done_callback(cb2)
    f.add_done_callback(cb1)
    f.add_done_callback(cb3)
    f.add_done_callback(cb1)
    print("remove cb1:", f.remove_done_callback(cb1))
    print("remove cb1 again:", f.remove_done_callback(cb1))
    f.set_result(None)
    print("remove cb2 after set_result:", f.remove_done_callback(cb2))
    await asyncio.sleep(0)
    print("main resumed")


loop = new_loop()
start_ticker(loop, 3)
loop.run_until_complete(main())
loop.close()
