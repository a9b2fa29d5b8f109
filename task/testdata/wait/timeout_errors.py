# Section 12: misuse of a Timeout. reschedule() before the block is
# entered, while it is expiring, or after it finished; entering it twice.
import asyncio
from sem import new_loop


async def main():
    loop = asyncio.get_running_loop()
    tm = asyncio.timeout(1)
    try:
        tm.reschedule(5)
    except RuntimeError as e:
        print("before enter:", repr(e))

    async with tm:
        pass
    try:
        tm.reschedule(5)
    except RuntimeError as e:
        print("after exit:", repr(e))
    try:
        async with tm:
            print("not reached")
    except RuntimeError as e:
        print("enter again:", repr(e))

    tm = asyncio.timeout(0.1)
    try:
        async with tm:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                try:
                    tm.reschedule(None)
                except RuntimeError as e:
                    print("while expiring:", repr(e))
                raise
    except TimeoutError:
        pass
    try:
        tm.reschedule(None)
    except RuntimeError as e:
        print("after expiry:", repr(e))

    tm = asyncio.timeout(1)
    try:
        async with tm:
            async with tm:
                print("not reached")
    except RuntimeError as e:
        print("nested re-entry:", repr(e), "state", repr(tm))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
