# Section 5: a task given a coroutine that was already awaited fails at its
# first step with the reuse error, whatever the coroutine ended with.
import asyncio
from sem import new_loop


async def value():
    return 1


async def fails():
    raise ValueError("first")


async def main():
    c = value()
    await c
    d = fails()
    try:
        await d
    except ValueError:
        pass
    for coro in (c, d):
        t = asyncio.create_task(coro)
        try:
            await t
        except Exception as e:
            print("task fails with", str(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
