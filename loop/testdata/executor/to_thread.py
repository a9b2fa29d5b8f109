# to_thread: the value comes back to the awaiter; an exception raised by
# the function reaches the awaiter unchanged (also through
# run_in_executor and gather); a task awaiting to_thread can be cancelled.
import asyncio


def square(x):
    return x * x


def fail(msg):
    raise ValueError(msg)


async def main():
    loop = asyncio.get_running_loop()
    print("to_thread", await asyncio.to_thread(square, 7))
    try:
        await asyncio.to_thread(fail, "bad input")
    except ValueError as e:
        print("caught", repr(e))
    try:
        await loop.run_in_executor(None, fail, "boom")
    except ValueError as e:
        print("caught", repr(e))
    r = await asyncio.gather(
        asyncio.to_thread(square, 2),
        asyncio.to_thread(fail, "x"),
        asyncio.to_thread(square, 4),
        return_exceptions=True,
    )
    print("gather", r)

    t = asyncio.create_task(asyncio.to_thread(square, 3))
    await asyncio.sleep(0)
    print("cancel", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("to_thread task cancelled", t.cancelled())


asyncio.run(main())
