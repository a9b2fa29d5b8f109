# Section 6: creating a task does not run it; its first step is queued with
# call_soon, so it runs in the next iteration between the call_soons around
# its creation.
import asyncio
from sem import new_loop, start_ticker


async def child():
    print("child body starts")
    return "child result"


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(lambda: print("A"))
    t = asyncio.create_task(child(), name="child")
    loop.call_soon(lambda: print("B"))
    print("created, done:", t.done())
    print("main got", await t)


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
