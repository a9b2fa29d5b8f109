# 2: close() marks the loop closed and drops the handles and timers still
# queued, which never run; closing again does nothing. A future made
# before the close can still be completed when it has no callbacks, and
# create_future() still works.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


h = loop.call_soon(p, "never runs")
t = loop.call_later(0.01, p, "never runs either")
fut = loop.create_future()
loop.close()
print("closed:", loop.is_closed(), "running:", loop.is_running())
loop.close()
print("closed again:", loop.is_closed())
print("handles not cancelled:", h.cancelled(), t.cancelled())
fut.set_result("still settable")
print(fut.result())
f2 = loop.create_future()
print("create_future after close:", f2.done())
