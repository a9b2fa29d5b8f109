# 2: run_until_complete returns the future's result, or raises its
# exception, or CancelledError (with the cancel message) for a cancelled
# future; a coroutine's exception comes out of its task the same way.
import asyncio

loop = asyncio.new_event_loop()


def run(aw):
    try:
        print("returned", repr(loop.run_until_complete(aw)))
    except BaseException as e:
        print("raised", repr(e))


f = loop.create_future()
loop.call_soon(f.set_result, "ok")
run(f)

f = loop.create_future()
loop.call_soon(f.set_exception, ValueError("bad value"))
run(f)

f = loop.create_future()
loop.call_soon(f.cancel)
run(f)

f = loop.create_future()
loop.call_soon(f.cancel, "bye")
run(f)


async def fails():
    raise ValueError("from coroutine")


async def returns():
    return 7


run(fails())
run(returns())
loop.close()
