# With eager tasks, ensure_future inside gather runs a coroutine's first
# step at once; if that step builds a gather of the same future, both
# gathers wait for it, each counting it once.
import asyncio
from sem import new_loop


async def inner(fut):
    print("inner starts")
    r = await asyncio.gather(fut, fut)
    print("inner got", r)
    return "inner"


async def main():
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    fut = loop.create_future()
    loop.call_soon(fut.set_result, 7)
    print(await asyncio.gather(fut, inner(fut), fut))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
