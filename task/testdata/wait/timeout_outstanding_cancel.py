# Section 12 (3.11.7+ semantics): a timeout converts the cancellation only
# if, after taking back its own cancel request, the task's cancel count is
# back where it was when the block was entered. A request already
# outstanding before the block does not stop the conversion; a new one
# made while the block runs does (the CancelledError then propagates).
import asyncio
from sem import new_loop, now


async def before_block(loop):
    me = asyncio.current_task()
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("before_block: swallowed a cancel, cancelling:", me.cancelling())
    try:
        async with asyncio.timeout(0.1):
            await asyncio.sleep(1)
    except TimeoutError:
        print("before_block: TimeoutError at", now(loop), "cancelling:", me.cancelling())
    return "ok"


async def during_block(loop):
    me = asyncio.current_task()
    try:
        async with asyncio.timeout(0.2) as tm:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print("during_block: swallowed an outside cancel, cancelling:", me.cancelling())
            await asyncio.sleep(1)
    except asyncio.CancelledError as e:
        print("during_block: CancelledError at", now(loop), "expired:", tm.expired(), "cancelling:", me.cancelling())
        raise
    except TimeoutError:
        print("during_block: TimeoutError (wrong)")


async def error_in_block(loop):
    try:
        async with asyncio.timeout(0.1) as tm:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                raise ValueError("raised while expiring")
    except ValueError as e:
        print("error_in_block:", repr(e), "expired:", tm.expired(), "cancelling:", asyncio.current_task().cancelling())


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(before_block(loop), name="before")
    await asyncio.sleep(0.05)
    t.cancel()
    print("before:", await t)

    t = asyncio.create_task(during_block(loop), name="during")
    await asyncio.sleep(0.05)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("during: cancelled:", t.cancelled(), "at", now(loop))

    await error_in_block(loop)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
