# Section 11: when as_completed's timeout passes, every remaining step
# raises TimeoutError (one per unfinished input), and the inputs are not
# cancelled: they finish later.
import asyncio
from sem import new_loop, now


async def job(loop, d):
    await asyncio.sleep(d)
    print("job", d, "finished at", now(loop))
    return d


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(loop, d), name=f"job{d}") for d in (0.3, 0.1, 0.2)]
    it = aiter(asyncio.as_completed(ts, timeout=0.15))
    step = 0
    while True:
        step += 1
        try:
            f = await anext(it)
        except StopAsyncIteration:
            break
        except TimeoutError as e:
            print("step", step, "at", now(loop), "raised", repr(e))
            continue
        print("step", step, "at", now(loop), "yields", f.get_name())
    print("cancelled:", [t.cancelled() for t in ts])
    print("results:", await asyncio.gather(*ts), "at", now(loop))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
