# Section 11: wait()'s argument errors, raised before anything is waited
# for.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("empty:", repr(e))
    f = loop.create_future()
    try:
        await asyncio.wait([f], return_when="SOMETIMES")
    except ValueError as e:
        # The value is printed in Go's spelling there; only the start of
        # the message is compared.
        print("invalid return_when:", type(e).__name__, str(e).startswith("Invalid return_when value: "))
    print("f still pending:", not f.done())
    f.set_result(1)
    done, pending = await asyncio.wait([f], return_when=asyncio.FIRST_COMPLETED)
    print("done future: done", len(done), "pending", len(pending))


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
