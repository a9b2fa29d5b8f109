# 2: after close, call_soon, call_later, call_at, call_soon_threadsafe,
# run_forever, run_until_complete and create_task raise
# RuntimeError('Event loop is closed'); run_until_complete checks before
# wrapping a coroutine in a task.
import asyncio
import inspect

loop = asyncio.new_event_loop()
loop.close()


def p(x):
    print(x)


async def coro():
    print("never runs")


def attempt(name, fn):
    try:
        fn()
        print(name, "succeeded")
    except RuntimeError as e:
        print(name + ":", repr(e))


attempt("call_soon", lambda: loop.call_soon(p, 1))
attempt("call_later", lambda: loop.call_later(0.01, p, 1))
attempt("call_at", lambda: loop.call_at(loop.time() + 0.01, p, 1))
attempt("call_soon_threadsafe", lambda: loop.call_soon_threadsafe(p, 1))
attempt("run_forever", loop.run_forever)
fut = loop.create_future()
attempt("run_until_complete(future)", lambda: loop.run_until_complete(fut))
c = coro()
attempt("run_until_complete(coroutine)", lambda: loop.run_until_complete(c))
print("coroutine state:", inspect.getcoroutinestate(c))
c.close()
c = coro()
attempt("create_task", lambda: loop.create_task(c))
c.close()
attempt("stop", loop.stop)
