# Section 12: reschedule() moves the deadline of an active timeout: later,
# earlier, to None (never), or into the past (it fires at the next
# iteration, through call_soon).
import asyncio
from sem import new_loop, now, start_ticker


def when(tm):
    w = tm.when()
    return None if w is None else round(w, 2)


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(0.1) as tm:
        await asyncio.sleep(0.05)
        tm.reschedule(loop.time() + 0.5)
        print("extended to", when(tm))
        await asyncio.sleep(0.3)
    print("extended block finished at", now(loop), "expired:", tm.expired())

    try:
        async with asyncio.timeout(10) as tm:
            tm.reschedule(loop.time() + 0.2)
            print("shortened to", when(tm))
            await asyncio.sleep(1)
    except TimeoutError:
        print("shortened timeout expired at", now(loop))

    async with asyncio.timeout(0.1) as tm:
        tm.reschedule(None)
        print("disabled:", repr(tm))
        await asyncio.sleep(1)
    print("disabled block finished at", now(loop), "expired:", tm.expired())

    start_ticker(loop, 4)
    try:
        async with asyncio.timeout(10) as tm:
            tm.reschedule(loop.time() - 1)
            print("moved into the past")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("past deadline expired:", tm.expired())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
