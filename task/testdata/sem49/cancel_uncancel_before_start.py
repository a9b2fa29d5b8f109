# Section 7 (3.13): uncancel() bringing the count back to 0 also withdraws
# a cancellation not yet delivered, so the task runs normally.
import asyncio
from sem import new_loop


async def child(name):
    print(name, "body runs")
    return name


async def main():
    a = asyncio.create_task(child("a"), name="a")
    print("cancel a:", a.cancel(), "uncancel a:", a.uncancel())
    b = asyncio.create_task(child("b"), name="b")
    print("cancel b twice:", b.cancel(), b.cancel(), "uncancel b:", b.uncancel())
    for t in (a, b):
        try:
            print(t.get_name(), "result:", await t)
        except asyncio.CancelledError as e:
            print(t.get_name(), "cancelled:", repr(e), t.cancelling())


loop = new_loop()
loop.run_until_complete(main())
loop.close()
