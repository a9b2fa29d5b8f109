# 2: stop() before run_forever makes it run exactly one iteration, without
# waiting: only what was queued before it started runs, and a timer not yet
# due does not. The stop request is used up, so the next run_forever runs
# until stopped again. With nothing queued, run_forever returns at once.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


def queue():
    print("queue: adds 'next'")
    loop.call_soon(p, "next")


loop.call_soon(p, "queued before")
loop.call_soon(queue)
loop.call_later(0.05, p, "timer 50ms")
loop.stop()
loop.run_forever()
print("returned after one iteration")
loop.call_later(0.1, loop.stop)
loop.run_forever()
print("returned after the 100ms stop timer")
loop.stop()
loop.run_forever()
print("empty loop: returned at once")
loop.close()
