# 1.1 step 1: below the purge threshold, cancelled timers are popped only
# while they sit at the head of the heap, and that happens at the start of
# the next iteration. The pop changes the heap layout, so ties pushed
# afterwards come out in a different order than when the head timer is
# left in the heap until it falls due.
import asyncio


def scenario(cancel_head):
    loop = asyncio.new_event_loop()
    T = loop.time() + 0.2
    order = []
    head = loop.call_at(T - 0.1, order.append, "head")
    for i in range(4):
        loop.call_at(T, order.append, i)
    loop.call_at(T + 0.05, loop.stop)
    if cancel_head:
        head.cancel()

    def push_more():
        for i in range(4, 9):
            loop.call_at(T, order.append, i)

    loop.call_soon(push_more)
    loop.run_forever()
    loop.close()
    print("cancelled head:" if cancel_head else "live head:     ", order)


scenario(False)
scenario(True)
