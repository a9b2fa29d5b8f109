# Section 10: cancelling the task that awaits shield(inner) cancels only
# the outer future: the inner work keeps running and finishes. The usual
# pattern then awaits the inner task itself.
import asyncio
from sem import new_loop, now


async def work(loop, tag, d):
    print(tag, "starts at", now(loop))
    await asyncio.sleep(d)
    print(tag, "finishes at", now(loop))
    return tag + " result"


async def guarded(loop, inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError as e:
        print("guarded caught", repr(e), "at", now(loop), "inner done:", inner.done())
        raise


async def main():
    loop = asyncio.get_running_loop()
    inner = asyncio.create_task(work(loop, "inner", 0.3), name="inner")
    g = asyncio.create_task(guarded(loop, inner), name="guarded")
    await asyncio.sleep(0.1)
    g.cancel("enough")
    try:
        await g
    except asyncio.CancelledError as e:
        print("main: guarded cancelled:", g.cancelled(), repr(e))
    print("inner cancelled:", inner.cancelled())
    print("main awaits inner:", await inner, "at", now(loop))

    # shield() of a coroutine wraps it in a task of its own.
    print("direct:", await asyncio.shield(work(loop, "direct", 0.1)))

    # Ignoring the cancellation: keep the inner task and await it.
    async def ignore_cancel():
        t = asyncio.ensure_future(work(loop, "coro", 0.2))
        try:
            return await asyncio.shield(t)
        except asyncio.CancelledError:
            print("ignore_cancel: cancelled, awaiting the task instead")
            return await t

    ic = asyncio.create_task(ignore_cancel(), name="ic")
    await asyncio.sleep(0.1)
    ic.cancel()
    print("ic returned", repr(await ic), "cancelled:", ic.cancelled(), "at", now(loop))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
