# Section 12: asyncio.timeout(). Inside the block the Timeout is active
# with its deadline; at the deadline the task is cancelled, the block's
# cleanup runs, and the CancelledError leaving the block becomes a
# TimeoutError raised from it. expired() tells whether it fired.
import asyncio
from sem import new_loop, now


def when(tm):
    w = tm.when()
    return None if w is None else round(w, 2)


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    tm = asyncio.timeout(0.5)
    print("created:", repr(tm), "when:", when(tm), "expired:", tm.expired())
    try:
        async with tm:
            print("inside:", repr(tm), "expired:", tm.expired())
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError as e:
                print("block caught", repr(e), "at", now(loop), "expired:", tm.expired(), "cancelling:", me.cancelling())
                raise
            finally:
                print("block cleanup, state", repr(tm))
    except TimeoutError as e:
        print("caught", repr(e), "str", repr(str(e)), "at", now(loop))
        print("cause:", repr(e.__cause__))
    print("after:", repr(tm), "expired:", tm.expired(), "when:", when(tm), "cancelling:", me.cancelling())

    async with asyncio.timeout(0.5) as tm:
        await asyncio.sleep(0.2)
    print("in time:", repr(tm), "expired:", tm.expired(), "at", now(loop))

    async with asyncio.timeout(None) as tm:
        print("no deadline:", repr(tm), "when:", when(tm))
        await asyncio.sleep(3600)
    print("an hour later:", repr(tm), "expired:", tm.expired(), "at", now(loop))

    deadline = loop.time() + 0.25
    try:
        async with asyncio.timeout_at(deadline) as tm:
            print("timeout_at when matches:", tm.when() == deadline)
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at expired at", now(loop), repr(tm))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
