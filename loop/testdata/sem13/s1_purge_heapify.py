# 1.1 step 1: the rebuilt heap is heapified, which reorders ties even among
# timers with different deadlines; the timers still run by deadline.
import asyncio

loop = asyncio.new_event_loop()
base = loop.time() + 0.02
order = []
hs = []
for i in range(110):
    w = base + (i % 3) * 0.02
    hs.append(loop.call_at(w, order.append, "%d@%d" % (i, i % 3)))
loop.call_at(base + 0.08, loop.stop)  # 111 timers
for i in range(110):
    if i % 11 < 6:  # 60 cancelled: 60/111 > 0.5
        hs[i].cancel()
loop.run_forever()
print(order)
loop.close()
