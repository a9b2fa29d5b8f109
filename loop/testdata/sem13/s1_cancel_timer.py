# 1.2: a cancelled timer never runs; cancel() is idempotent; cancelling a
# timer from a callback before it is due removes it from the schedule
# without disturbing the other timers.
import asyncio

loop = asyncio.new_event_loop()
order = []
t = {}

for name, d in [("x", 0.01), ("y", 0.02), ("z", 0.03), ("w", 0.04)]:
    t[name] = loop.call_later(d, order.append, name)
t["y"].cancel()
t["y"].cancel()
print("y cancelled:", t["y"].cancelled(), "x cancelled:", t["x"].cancelled())


def cancel_w():
    order.append("cancel_w")
    t["w"].cancel()


t["x2"] = loop.call_later(0.015, cancel_w)
loop.call_later(0.06, loop.stop)
loop.run_forever()
print(order)
print("w cancelled:", t["w"].cancelled(), "z cancelled:", t["z"].cancelled())
loop.close()
