# 1.1 step 1: the heap of timers is rebuilt without its cancelled timers
# (and heapified) only when it holds more than 100 timers. With 100 timers,
# 60 of them cancelled, only cancelled timers at the head are popped; with
# 101 the heap is rebuilt, which reorders the timers that share a deadline.
import asyncio


def scenario(nties):
    loop = asyncio.new_event_loop()
    when = loop.time() + 0.02
    order = []
    hs = [loop.call_at(when, order.append, i) for i in range(nties)]
    loop.call_at(when + 0.02, loop.stop)  # the heap now holds nties + 1 timers
    ncancel = 0
    for i in range(nties):
        if i % 5 in (0, 2, 4):
            hs[i].cancel()
            ncancel += 1
    loop.run_forever()
    loop.close()
    print(nties + 1, "timers,", ncancel, "cancelled:", order)


scenario(99)
scenario(100)
