# Section 5: a coroutine can be awaited once; awaiting it again raises
# RuntimeError('cannot reuse already awaited coroutine').
import asyncio
from sem import new_loop


async def value():
    print("value body runs")
    return 1


async def fails():
    print("fails body runs")
    raise ValueError("first")


async def main():
    c = value()
    print("first await:", await c)
    try:
        await c
    except RuntimeError as e:
        print("second await raises", repr(e))
    d = fails()
    try:
        await d
    except ValueError as e:
        print("first await raises", repr(e))
    try:
        await d
    except RuntimeError as e:
        print("second await raises", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
