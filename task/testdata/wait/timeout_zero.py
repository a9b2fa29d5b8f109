# Section 12: timeout(0), a negative timeout or a deadline already past
# does not stop the block from starting: the timeout fires through
# call_soon, so the body runs until its first suspension and is cancelled
# there. A body that finishes without suspending is not touched.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    for delay in (0, -1):
        try:
            async with asyncio.timeout(delay) as tm:
                print("timeout(%s): body starts" % delay)
                await asyncio.sleep(0)
                print("not reached")
        except TimeoutError:
            print("timeout(%s): TimeoutError, expired:" % delay, tm.expired())

    async with asyncio.timeout(0) as tm:
        print("timeout(0): a body that does not suspend")
    print("finished:", repr(tm), "expired:", tm.expired())
    await asyncio.sleep(0)
    print("one iteration later, cancelling:", asyncio.current_task().cancelling())

    try:
        async with asyncio.timeout_at(loop.time()) as tm:
            print("timeout_at(now): body starts")
            await asyncio.sleep(10)
    except TimeoutError:
        print("timeout_at(now): TimeoutError")


loop = new_loop()
start_ticker(loop, 10)
loop.run_until_complete(main())
loop.close()
