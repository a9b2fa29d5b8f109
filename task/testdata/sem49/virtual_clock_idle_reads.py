# _run_once reads the clock in every iteration, timers or not; on the
# virtual clock every read moves time on by a nanosecond, so the
# iterations that ran with no timer show in loop.time(), and a call_at
# deadline taken from an earlier reading orders against call_later by it.
import asyncio
from sem import new_loop


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    for _ in range(3):
        await asyncio.sleep(0)
    print("ns since t0:", round((loop.time() - t0) * 1e9))
    loop.call_at(t0 + 0.001 + 6e-9, print, "A call_at(t0+1ms+6ns)")
    loop.call_later(0.001, print, "B call_later(1ms)")
    await asyncio.sleep(0.002)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
