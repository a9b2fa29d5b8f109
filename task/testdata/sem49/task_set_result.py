# Section 6: a task sets its own outcome; set_result and set_exception on
# it raise RuntimeError.
import asyncio
from sem import new_loop


async def child():
    await asyncio.sleep(0)
    return 3


async def main():
    t = asyncio.create_task(child(), name="child")
    for label, fn in (("set_result", lambda: t.set_result(1)),
                      ("set_exception", lambda: t.set_exception(ValueError("x")))):
        try:
            fn()
        except RuntimeError as e:
            print(label, "raises", repr(e))
    print("task result:", await t)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
