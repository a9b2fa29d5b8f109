# 1.1 step 1: with more than 100 timers, the heap is rebuilt only when more
# than half of them are cancelled. Exactly half is not enough.
import asyncio


def scenario(ncancel):
    loop = asyncio.new_event_loop()
    when = loop.time() + 0.02
    order = []
    hs = [loop.call_at(when, order.append, i) for i in range(119)]
    loop.call_at(when + 0.02, loop.stop)  # 120 timers in all
    # cancel ncancel timers spread over the heap
    for k in range(ncancel):
        hs[(k * 37) % 119].cancel()
    loop.run_forever()
    loop.close()
    print(120, "timers,", ncancel, "cancelled:", order)


scenario(60)
scenario(61)
