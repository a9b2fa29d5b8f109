# 1.3: eight timers with the very same deadline (one call_at time) and one
# later timer pop in heapq order, not in registration order.
import asyncio

loop = asyncio.new_event_loop()
when = loop.time() + 0.01
order = []
for i in range(8):
    loop.call_at(when, order.append, i)
loop.call_at(when + 0.01, loop.stop)
loop.run_forever()
print(order)
loop.close()
