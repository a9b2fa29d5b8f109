# Section 11: when wait()'s timeout passes first, the unfinished futures
# come back in pending; wait() does not raise and does not cancel them.
# Cancelling the task that waits leaves the children alone too, and
# another task waiting on the same child is still woken.
import asyncio
from sem import new_loop, now


async def job(loop, d):
    await asyncio.sleep(d)
    print("job", d, "finished at", now(loop))
    return d


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(job(loop, d), name=f"job{d}") for d in (0.1, 0.2, 0.3)]
    done, pending = await asyncio.wait(ts, timeout=0.15)
    print("timeout at", now(loop), "done:", names(done), "pending:", names(pending))
    print("pending cancelled:", [t.cancelled() for t in pending])
    done, pending = await asyncio.wait(ts, timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED with time to spare at", now(loop), "done:", names(done), "pending:", names(pending))

    # A timeout of 0 only looks: nothing is done yet.
    x = asyncio.create_task(job(loop, 0.1), name="x")
    done, pending = await asyncio.wait([x], timeout=0)
    print("timeout 0: done", names(done), "pending", names(pending))

    async def waiter():
        try:
            await asyncio.wait([x])
        except asyncio.CancelledError:
            print("waiter cancelled at", now(loop))
            raise

    async def patient():
        done, pending = await asyncio.wait([x])
        print("patient woken at", now(loop), "done:", names(done))

    w = asyncio.create_task(waiter(), name="w")
    p = asyncio.create_task(patient(), name="patient")
    await asyncio.sleep(0.02)
    w.cancel()
    await asyncio.gather(w, return_exceptions=True)
    print("x cancelled:", x.cancelled(), "x done:", x.done())
    print("x result:", await x, "at", now(loop))
    await asyncio.wait(ts + [p])


loop = new_loop()
loop.run_until_complete(main())
loop.close()
