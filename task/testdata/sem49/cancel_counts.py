# Section 7: every cancel() request is counted by cancelling(); uncancel()
# takes one back, never going below 0; a done task refuses cancel().
import asyncio
from sem import new_loop


async def stubborn():
    while True:
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            print("stubborn: caught CancelledError, cancelling() =", asyncio.current_task().cancelling())
            return "kept going"


async def main():
    t = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    print("cancel 1:", t.cancel(), t.cancelling())
    print("cancel 2:", t.cancel(), t.cancelling())
    print("uncancel:", t.uncancel())
    print("cancel 3:", t.cancel(), t.cancelling())
    print("result:", await t, "cancelled:", t.cancelled(), "cancelling:", t.cancelling())
    print("cancel done task:", t.cancel(), t.cancelling())
    print("uncancel:", t.uncancel(), t.uncancel(), t.uncancel())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
