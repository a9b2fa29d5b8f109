# Section 4: awaiting a done future never yields; awaiting a pending one
# suspends the task until the iteration after it completes.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("ready")
    for i in range(3):
        print("await done future:", await done)
    failed = loop.create_future()
    failed.set_exception(ValueError("early"))
    try:
        await failed
    except ValueError as e:
        print("await failed future raises", repr(e))
    pending = loop.create_future()
    loop.call_soon(pending.set_result, "later")
    print("await pending future:", await pending)


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
