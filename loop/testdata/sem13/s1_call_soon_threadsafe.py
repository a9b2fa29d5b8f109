# 1.2: call_soon_threadsafe from another thread queues the callback and
# wakes the loop while it waits for a timer, so the callback runs before
# the timer is due.
import asyncio
import threading

loop = asyncio.new_event_loop()


def p(x):
    print(x)


def worker():
    loop.call_soon_threadsafe(p, "from thread")


th = threading.Thread(target=worker)
loop.call_later(0.3, p, "timer")
loop.call_later(0.3, loop.stop)
loop.call_soon(th.start)
loop.run_forever()
th.join()
loop.close()
