# 1.2 and 1.3: call_later reads the clock afresh on every call, so eight
# call_later(0.01) made one after the other get increasing deadlines and
# run in registration order; eight call_at with one shared time tie and run
# in heapq order.
import asyncio

loop = asyncio.new_event_loop()
later, at = [], []
hs = [loop.call_later(0.01, later.append, i) for i in range(8)]
print("deadlines increase:", all(a.when() < b.when() for a, b in zip(hs, hs[1:])))
when = loop.time() + 0.03
hs = [loop.call_at(when, at.append, i) for i in range(8)]
print("deadlines equal:", all(h.when() == when for h in hs))
loop.call_at(when + 0.01, loop.stop)
loop.run_forever()
print("call_later:", later)
print("call_at:   ", at)
loop.close()
