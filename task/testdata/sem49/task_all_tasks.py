# Section 6: all_tasks() holds the tasks of the loop that are not done
# (a set in CPython: printed sorted).
import asyncio
from sem import new_loop


async def short():
    pass


async def longer():
    await asyncio.sleep(0)
    await asyncio.sleep(0)


def names():
    return sorted(t.get_name() for t in asyncio.all_tasks())


async def main():
    print("alone:", names())
    a = asyncio.create_task(short(), name="short")
    b = asyncio.create_task(longer(), name="longer")
    print("created:", names())
    await asyncio.sleep(0)
    print("after one iteration:", names(), a.done())
    await b
    print("after longer:", names())


loop = new_loop()
loop.run_until_complete(loop.create_task(main(), name="main"))
loop.close()
