# 1.2: loop.time() is monotonic and read afresh on each call (not cached
# per iteration); a timer runs once the clock has reached its deadline
# (to within the clock resolution); call_later(d) is call_at(time() + d).
import asyncio

loop = asyncio.new_event_loop()
t1 = loop.time()
t2 = loop.time()
print("monotonic:", t2 >= t1)
seen = []


def check(h, name):
    now = loop.time()
    seen.append(name)
    print(name, "runs at or after its deadline:", now + 1e-9 >= h[0].when())


ha, hb = [None], [None]
before = loop.time()
ha[0] = loop.call_later(0.02, check, ha, "a")
after = loop.time()
print("call_later deadline within [before+d, after+d]:",
      before + 0.02 <= ha[0].when() <= after + 0.02)
hb[0] = loop.call_at(loop.time() + 0.01, check, hb, "b")
loop.call_later(0.03, loop.stop)
loop.run_forever()
print(seen, "clock moved on:", loop.time() - t1 >= 0.03)
loop.close()
