# Section 10: if the inner future is cancelled, so is the outer one (the
# task awaiting it sees CancelledError); an inner exception or result is
# copied; shield() of a done future returns that very future.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    inner = loop.create_future()
    outer = asyncio.shield(inner)
    print("outer is inner:", outer is inner)

    async def waiter():
        try:
            await outer
        except asyncio.CancelledError as e:
            print("waiter caught", repr(e))
            raise

    w = asyncio.create_task(waiter(), name="w")
    await asyncio.sleep(0)
    print("cancel inner")
    inner.cancel("inner msg")
    print("outer cancelled right away:", outer.cancelled())
    await asyncio.sleep(0)
    print("outer cancelled one iteration later:", outer.cancelled())
    await asyncio.sleep(0)
    print("w cancelled:", w.cancelled())

    failing = loop.create_future()
    outer = asyncio.shield(failing)
    loop.call_soon(failing.set_exception, ValueError("inner failed"))
    try:
        await outer
    except ValueError as e:
        print("outer raised", repr(e))

    ok = loop.create_future()
    outer = asyncio.shield(ok)
    loop.call_soon(ok.set_result, 42)
    print("outer result:", await outer)

    done = loop.create_future()
    done.set_result("done")
    print("shield of a done future returns it:", asyncio.shield(done) is done)

    # Cancelling the outer future directly leaves the inner one pending.
    inner = loop.create_future()
    outer = asyncio.shield(inner)
    print("outer.cancel():", outer.cancel(), "inner cancelled:", inner.cancelled(), "inner done:", inner.done())
    inner.set_result(1)
    await asyncio.sleep(0)
    print("inner result:", inner.result(), "outer cancelled:", outer.cancelled())


loop = new_loop()
start_ticker(loop, 12)
loop.run_until_complete(main())
loop.close()
