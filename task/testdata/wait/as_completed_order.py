# Section 11: 3.13's async-for form of as_completed yields the original
# futures in the order they complete; a failed one is yielded too, and
# awaiting it raises.
import asyncio
from sem import new_loop, now


async def job(d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(f"job {d} failed")
    return d


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(d, d == 0.2), name=f"job{d}") for d in (0.3, 0.1, 0.4, 0.2)]
    async for f in asyncio.as_completed(ts):
        which = ts.index(f)
        try:
            r = await f
            print("at", now(loop), "ts[%d]" % which, f.get_name(), "->", r)
        except ValueError as e:
            print("at", now(loop), "ts[%d]" % which, f.get_name(), "raised", repr(e))

    n = 0
    async for f in asyncio.as_completed([]):
        n += 1
    print("empty input yields", n)

    fut = loop.create_future()
    loop.call_later(0.1, fut.set_result, "late")
    done = loop.create_future()
    done.set_result("early")
    async for f in asyncio.as_completed([fut, done]):
        print("at", now(loop), "got", f.result(), "is input:", f is fut or f is done)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
