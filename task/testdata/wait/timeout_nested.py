# Section 12: nested timeouts. Only the timeout that expired turns the
# cancellation into TimeoutError; an outer one that did not expire lets
# it pass; an inner one that did not expire lets the outer one's
# cancellation through untouched.
import asyncio
from sem import new_loop, now


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    async with asyncio.timeout(1) as outer:
        try:
            async with asyncio.timeout(0.1) as inner:
                await asyncio.sleep(0.5)
        except TimeoutError:
            print("inner expired at", now(loop))
        print("inner expired:", inner.expired(), "outer expired:", outer.expired(), "cancelling:", me.cancelling())
        await asyncio.sleep(0.1)
    print("outer finished at", now(loop), "expired:", outer.expired())

    try:
        async with asyncio.timeout(0.1) as outer:
            try:
                async with asyncio.timeout(1) as inner:
                    await asyncio.sleep(0.5)
            except asyncio.CancelledError as e:
                print("inner block lets", repr(e), "through at", now(loop))
                raise
            except TimeoutError:
                print("inner converted (wrong)")
    except TimeoutError:
        print("outer expired at", now(loop))
    print("inner expired:", inner.expired(), repr(inner), "outer expired:", outer.expired(), repr(outer), "cancelling:", me.cancelling())

    # The outer one fires first; while the body cleans up, the inner one
    # fires too. The inner one then sees a cancel request that is not its
    # own and lets the CancelledError through; the outer one converts it.
    try:
        async with asyncio.timeout(0.2) as outer:
            try:
                async with asyncio.timeout(0.3) as inner:
                    try:
                        await asyncio.sleep(1)
                    except asyncio.CancelledError:
                        print("body cancelled at", now(loop))
                        await asyncio.sleep(0.2)
                        print("body ends its cleanup at", now(loop))
                        raise
            except TimeoutError:
                print("inner converted at", now(loop))
                raise
    except TimeoutError:
        print("outer caught TimeoutError at", now(loop))
    print("inner expired:", inner.expired(), "outer expired:", outer.expired(), "cancelling:", me.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
