# 1.3: ties only break by the heap layout. Timers at three deadlines are
# pushed interleaved; a timer callback then pushes more ties at the last
# deadline into a heap that has already been popped from.
import asyncio

loop = asyncio.new_event_loop()
base = loop.time() + 0.01
t0, t1, t2 = base, base + 0.1, base + 0.2
order = []


def rec(name):
    order.append(name)


def push_more(name):
    order.append(name)
    for i in range(5):
        loop.call_at(t2, rec, "late-t2-%d" % i)


pattern = [t2, t1, t1, t2, t0, t1, t2, t0, t1, t2, t1, t0]
for i, w in enumerate(pattern):
    tag = {t0: "t0", t1: "t1", t2: "t2"}[w]
    loop.call_at(w, rec, "%s-%d" % (tag, i))
loop.call_at(t1, push_more, "t1-push")
loop.call_at(t2 + 0.05, loop.stop)
loop.run_forever()
for name in order:
    print(name)
loop.close()
