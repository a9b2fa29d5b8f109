# Section 10: shield() marks the inner future's exception as retrieved
# only if the inner future finishes while its done callback is still
# registered after the outer one was cancelled. Once the outer future's
# own done callback has run, the inner callback is gone and a later
# failure is reported like any other ("exception was never retrieved").
# Python reports when the object dies, here when main's locals go (in
# the order they were defined); Go reports at loop.Close, in the order
# the exceptions were set, which is the same order here.
import asyncio
from sem import new_loop


def handler(loop, context):
    print("handler:", context["message"], repr(context.get("exception")))


async def fail_later(d, tag):
    await asyncio.sleep(d)
    raise ValueError(tag + " failed")


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    inner = asyncio.create_task(fail_later(0.1, "shielded"), name="shielded")
    outer = asyncio.shield(inner)
    print("outer.cancel():", outer.cancel())
    bare = asyncio.create_task(fail_later(0.1, "bare"), name="bare")
    await asyncio.sleep(0.2)
    print("inner done:", inner.done(), "bare done:", bare.done())

    quiet = loop.create_future()
    outer2 = asyncio.shield(quiet)
    outer2.cancel()
    quiet.set_exception(ValueError("quiet failed"))
    loud = loop.create_future()
    loud.set_exception(ValueError("loud failed"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main returns")


loop = new_loop()
loop.run_until_complete(main())
loop.close()
