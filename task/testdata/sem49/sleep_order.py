# Section 8: sleepers wake in deadline order; sleepers with the same delay
# wake in the order they started sleeping.
import asyncio
from sem import new_loop


async def sleeper(name, d):
    await asyncio.sleep(d)
    print(name, "wakes at", round(asyncio.get_running_loop().time(), 3))


async def main():
    await asyncio.gather(sleeper("a", 0.3), sleeper("b", 0.1), sleeper("c", 0.2),
                         sleeper("d", 0.1), sleeper("e", 0.3))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
