# Section 4: result() and exception() of cancelled and failed futures.
import asyncio
from sem import new_loop


def attempt(label, fn):
    try:
        print(label, "->", repr(fn()))
    except BaseException as e:
        print(label, "raises", repr(e))


async def main():
    loop = asyncio.get_running_loop()
    plain = loop.create_future()
    plain.cancel()
    attempt("cancelled result()", plain.result)
    attempt("cancelled exception()", plain.exception)

    withmsg = loop.create_future()
    withmsg.cancel("why")
    # A plain future builds a new error from its message every time.
    attempt("cancelled('why') result()", withmsg.result)
    attempt("cancelled('why') result() again", withmsg.result)
    attempt("cancelled('why') exception()", withmsg.exception)

    failed = loop.create_future()
    failed.set_exception(ValueError("boom"))
    attempt("failed result()", failed.result)
    attempt("failed exception()", failed.exception)

    ok = loop.create_future()
    ok.set_result("v")
    attempt("ok result()", ok.result)
    attempt("ok exception()", ok.exception)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
