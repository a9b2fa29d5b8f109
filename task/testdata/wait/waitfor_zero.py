# Section 11: a timeout of zero or less never runs a coroutine's body: the
# work is wrapped in a task, cancelled and waited for, then TimeoutError.
# A done future gives its result (or exception) at once; a running task
# that swallows the cancellation gives its value.
import asyncio
from sem import new_loop, start_ticker


async def body():
    print("body runs (wrong)")
    return 1


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn swallows the cancellation")
    return 7


async def main():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    done.set_result("ready")
    print("done future, timeout 0:", await asyncio.wait_for(done, 0))
    failed = loop.create_future()
    failed.set_exception(ValueError("bad"))
    try:
        await asyncio.wait_for(failed, -1)
    except ValueError as e:
        print("failed future, timeout -1:", repr(e))

    print("coroutine, timeout 0")
    try:
        await asyncio.wait_for(body(), 0)
    except TimeoutError as e:
        print("caught", repr(e), "from", repr(e.__cause__))

    pending = loop.create_future()
    try:
        await asyncio.wait_for(pending, -0.5)
    except TimeoutError as e:
        print("pending future: caught", repr(e), "cancelled:", pending.cancelled())

    t = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    print("running task, timeout 0")
    print("returned", await asyncio.wait_for(t, 0))


loop = new_loop()
start_ticker(loop, 14)
loop.run_until_complete(main())
loop.close()
