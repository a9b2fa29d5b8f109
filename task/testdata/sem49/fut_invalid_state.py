# Section 4: InvalidStateError and its messages in the C implementation.
import asyncio
from sem import new_loop


def attempt(label, fn):
    try:
        r = fn()
        print(label, "->", repr(r))
    except asyncio.InvalidStateError as e:
        print(label, "raises", repr(e))


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    attempt("pending result()", f.result)
    attempt("pending exception()", f.exception)
    f.set_result(1)
    attempt("done set_result", lambda: f.set_result(2))
    attempt("done set_exception", lambda: f.set_exception(ValueError("x")))
    attempt("done result()", f.result)

    c = loop.create_future()
    c.cancel()
    attempt("cancelled set_result", lambda: c.set_result(2))
    attempt("cancelled set_exception", lambda: c.set_exception(ValueError("x")))

    e = loop.create_future()
    e.set_exception(KeyError("k"))
    attempt("exception set_result", lambda: e.set_result(2))
    attempt("exception exception()", e.exception)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
