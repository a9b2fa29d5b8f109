# 1.1 step 5: a handle cancelled by an earlier handle of the same snapshot
# is skipped, and so is a due timer already moved to the ready queue.
# Cancelling a handle that has run only marks it cancelled.
import asyncio

loop = asyncio.new_event_loop()
h = {}


def p(x):
    print(x)


def canceller():
    print("canceller: cancel b and timer t, and a (already run)")
    h["b"].cancel()
    h["t"].cancel()
    h["a"].cancel()
    print("b cancelled:", h["b"].cancelled(), "t cancelled:", h["t"].cancelled())
    print("a cancelled:", h["a"].cancelled())
    print(repr(h["b"]))


def self_cancel():
    print("self_cancel runs and cancels itself")
    h["s"].cancel()
    print("s cancelled:", h["s"].cancelled())


h["a"] = loop.call_soon(p, "a")
h["c"] = loop.call_soon(canceller)
h["b"] = loop.call_soon(p, "b")
h["t"] = loop.call_later(0, p, "t")
h["s"] = loop.call_soon(self_cancel)
h["d"] = loop.call_soon(p, "d")
loop.call_soon(loop.stop)
print("before: b cancelled:", h["b"].cancelled())
loop.run_forever()
loop.close()
