# A gather whose error nobody retrieves is reported as
# "_GatheringFuture exception was never retrieved"; cancel() on the done
# gather returns False and does not silence the report. (CPython reports
# when the gather is garbage collected, here as main returns; we report
# when the loop closes: the same place in the output, as long as nothing
# is printed between the two.)
import asyncio
from sem import new_loop


def handler(loop, ctx):
    print("handler:", ctx["message"], "|", repr(ctx.get("exception")))


async def boom():
    raise ValueError("boom")


async def main():
    g = asyncio.gather(boom())
    await asyncio.sleep(0.01)
    print("done", g.done(), "cancel ->", g.cancel())


loop = new_loop()
loop.set_exception_handler(handler)
loop.run_until_complete(main())
loop.close()
print("closed")
