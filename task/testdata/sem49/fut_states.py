# Section 4: the three states of a Future and how each one looks.
import asyncio
from sem import new_loop


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print("new:", f.done(), f.cancelled(), repr(f))
    f.set_result(5)
    print("set_result:", f.done(), f.cancelled(), f.result(), repr(f))

    g = loop.create_future()
    g.set_exception(ValueError("bad"))
    print("set_exception:", g.done(), g.cancelled(), repr(g.exception()), repr(g))

    h = loop.create_future()
    print("cancel:", h.cancel(), h.done(), h.cancelled(), repr(h))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
