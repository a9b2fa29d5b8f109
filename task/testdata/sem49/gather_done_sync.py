# Section 9 (3.12+): children already done when gather() is called are
# collected synchronously, so a gather of done futures is done at once.
import asyncio
from sem import new_loop, start_ticker


async def main():
    loop = asyncio.get_running_loop()
    f1 = loop.create_future()
    f1.set_result(1)
    f2 = loop.create_future()
    f2.set_result(2)
    g = asyncio.gather(f1, f2)
    print("all done:", g.done(), g.result() if g.done() else None)
    f3 = loop.create_future()
    f3.set_exception(ValueError("early"))
    g2 = asyncio.gather(f1, f3)
    print("one failed:", g2.done(), repr(g2.exception()) if g2.done() else None)
    p = loop.create_future()
    g3 = asyncio.gather(f1, p)
    print("one pending:", g3.done())
    p.set_result(3)
    print("after set_result:", g3.done())
    print("awaited:", await g3)


loop = new_loop()
start_ticker(loop, 4)
loop.run_until_complete(main())
loop.close()
