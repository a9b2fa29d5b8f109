# Section 6: a coroutine that yields something other than a future or None
# gets RuntimeError('Task got bad yield: ...') thrown in, one iteration later.
import asyncio
import types
from sem import new_loop, start_ticker


@types.coroutine
def bad(value):
    yield value


async def child():
    for v in (42, "text"):
        try:
            print("yielding", repr(v))
            await bad(v)
        except RuntimeError as e:
            print("caught", repr(e))
    return "survived"


async def main():
    t = asyncio.create_task(child(), name="child")
    print("child result:", await t)


loop = new_loop()
start_ticker(loop, 7)
loop.run_until_complete(main())
loop.close()
