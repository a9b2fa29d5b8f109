# 2: stop() inside an iteration lets the rest of that iteration's snapshot
# run (due timers included), then run_forever returns. Handles queued
# during that iteration stay queued and run on the next run_forever.
# stop() is idempotent.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


def stopper():
    print("stopper: stop() twice, queue 'late'")
    loop.stop()
    loop.stop()
    loop.call_soon(p, "late")
    loop.call_later(0, p, "late timer")


loop.call_soon(p, "first")
loop.call_soon(stopper)
loop.call_soon(p, "after stopper")
loop.call_later(0, p, "due timer")
loop.run_forever()
print("run_forever returned")
loop.call_soon(p, "queued between runs")
loop.call_soon(loop.stop)
loop.run_forever()
print("second run_forever returned")
loop.close()
