# Section 4: cancel() returns True only on a pending future.
import asyncio
from sem import new_loop


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print("first cancel:", f.cancel())
    print("second cancel:", f.cancel("again"))
    try:
        f.result()
    except asyncio.CancelledError as e:
        # The message of the first, successful cancel() is kept.
        print("result raises", repr(e))
    g = loop.create_future()
    g.set_result(1)
    print("cancel finished:", g.cancel(), g.cancelled(), g.result())
    h = loop.create_future()
    h.set_exception(ValueError("v"))
    print("cancel failed:", h.cancel(), h.cancelled(), repr(h.exception()))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
