# Section 7: a task cancelled before its first step never runs its body.
import asyncio
from sem import new_loop, start_ticker


async def child():
    print("child body runs (must not happen)")
    return 1


async def main():
    t = asyncio.create_task(child(), name="child")
    print("cancel:", t.cancel("early"), "cancelled yet:", t.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print("await raises", repr(e))
    print("cancelled:", t.cancelled(), "cancelling:", t.cancelling())


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
