# Section 6: a task needs a coroutine.
import asyncio
from sem import new_loop


async def main():
    try:
        asyncio.create_task(None)
    except TypeError as e:
        print("create_task(None) raises", repr(e))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
