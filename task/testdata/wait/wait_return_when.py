# Section 11: wait() with each return_when. It returns (done, pending) as
# sets (printed sorted by task name here), never raises a child's
# exception and never cancels anything.
import asyncio
from sem import new_loop, now


async def job(d, result=None, fail=None):
    await asyncio.sleep(d)
    if fail:
        raise ValueError(fail)
    return result


def names(fs):
    return sorted(f.get_name() for f in fs)


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(job(0.3, "a"), name="a")
    b = asyncio.create_task(job(0.1, "b"), name="b")
    c = asyncio.create_task(job(0.2, "c"), name="c")
    done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
    print("FIRST_COMPLETED at", now(loop), "done:", names(done), "pending:", names(pending))
    done, pending = await asyncio.wait(pending, return_when=asyncio.ALL_COMPLETED)
    print("ALL_COMPLETED at", now(loop), "done:", names(done), "pending:", names(pending))
    print("results:", [t.result() for t in (a, b, c)])

    d = asyncio.create_task(job(0.1, "d"), name="d")
    e = asyncio.create_task(job(0.2, fail="e failed"), name="e")
    f = asyncio.create_task(job(0.3, "f"), name="f")
    done, pending = await asyncio.wait([f, e, d], return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION at", now(loop), "done:", names(done), "pending:", names(pending))
    print("e's exception:", repr(e.exception()), "f cancelled:", f.cancelled())

    # A cancelled future is not an exception for FIRST_EXCEPTION: with no
    # exception at all it waits for everything.
    g = asyncio.create_task(job(0.1, "g"), name="g")
    h = asyncio.create_task(job(1, "h"), name="h")
    loop.call_later(0.2, h.cancel)
    i = asyncio.create_task(job(0.3, "i"), name="i")
    done, pending = await asyncio.wait([g, h, i, f], return_when=asyncio.FIRST_EXCEPTION)
    print("FIRST_EXCEPTION without one at", now(loop), "done:", names(done), "pending:", names(pending))
    print("h cancelled:", h.cancelled())

    # Duplicates count once.
    j = asyncio.create_task(job(0.1, "j"), name="j")
    done, pending = await asyncio.wait([j, j, j])
    print("duplicates: done", len(done), "pending", len(pending))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
