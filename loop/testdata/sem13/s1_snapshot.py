# 1.1 step 5: an iteration runs a snapshot of the ready queue. What a
# callback queues with call_soon waits for the next iteration, behind
# everything that was already queued.
import asyncio

loop = asyncio.new_event_loop()
it = 0


def mark():
    global it
    it += 1
    print("iteration", it)
    if it < 4:
        loop.call_soon(mark)
    else:
        loop.stop()


def cb(name, depth):
    print(" ", name, depth)
    if depth < 2:
        loop.call_soon(cb, name, depth + 1)
    if name == "a" and depth == 0:
        loop.call_soon(cb, "a-child", 0)


loop.call_soon(mark)
loop.call_soon(cb, "a", 0)
loop.call_soon(cb, "b", 0)
loop.run_forever()
loop.close()
