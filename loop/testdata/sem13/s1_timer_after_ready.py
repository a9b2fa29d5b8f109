# 1.1 step 4: due timers are appended to the ready queue after the handles
# already in it, even handles queued after the timer was created. Past
# deadlines, call_later(0) and negative delays are all due at the next
# iteration.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


def queue_more():
    print("queue_more")
    loop.call_later(0, p, "timer zero from cb")
    loop.call_soon(p, "soon from cb")
    loop.call_soon(done)


def done():
    print("done")
    loop.call_later(-1, p, "timer negative from done")
    loop.call_soon(loop.stop)


now = loop.time()
loop.call_at(now - 1, p, "timer past")
loop.call_later(0, p, "timer zero")
loop.call_later(-5, p, "timer negative")
loop.call_soon(p, "soon 1")
loop.call_soon(queue_more)
loop.call_soon(p, "soon 2")
loop.run_forever()
loop.close()
