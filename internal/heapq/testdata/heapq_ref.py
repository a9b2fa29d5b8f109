"""Reference runner for the heapq differential test.

Reads a JSON document {"cases": [{"name": ..., "ops": [...]}, ...]} on stdin,
replays every case through CPython's heapq and prints the same document with a
"popped" list (the ids in pop order) added to each case.

Each element is an Item that compares by key only, so elements with equal keys
are ordered purely by the heap algorithm, which is what the Go port must match.

Operations are JSON arrays:
  ["push", k, i]                 heapq.heappush(heap, Item(k, i))
  ["pop"]                        heapq.heappop(heap), records the popped id
  ["heapify", [ids], [[k, i], ...]]
      heap = [e for e in heap if e.id not in ids] + [Item(k, i), ...]
      heapq.heapify(heap)

The replay is done twice: with the default module (C accelerator _heapq) and
with the pure-Python implementation from Lib/heapq.py. Both must agree.
"""

import importlib
import json
import sys


class Item:
    __slots__ = ("key", "id")

    def __init__(self, key, id_):
        self.key = key
        self.id = id_

    def __lt__(self, other):
        return self.key < other.key


def load_pure_heapq():
    saved = sys.modules.pop("heapq", None)
    blocked = sys.modules.get("_heapq", None)
    sys.modules["_heapq"] = None  # makes "from _heapq import ..." fail
    try:
        mod = importlib.import_module("heapq")
    finally:
        if blocked is None:
            del sys.modules["_heapq"]
        else:
            sys.modules["_heapq"] = blocked
        if saved is not None:
            sys.modules["heapq"] = saved
        else:
            sys.modules.pop("heapq", None)
    assert mod.heappush.__module__ == "heapq", "pure-Python heapq not loaded"
    return mod


def replay(mod, ops):
    heap = []
    popped = []
    for op in ops:
        kind = op[0]
        if kind == "push":
            mod.heappush(heap, Item(op[1], op[2]))
        elif kind == "pop":
            popped.append(mod.heappop(heap).id)
        elif kind == "heapify":
            drop = set(op[1])
            heap = [e for e in heap if e.id not in drop]
            heap.extend(Item(k, i) for k, i in op[2])
            mod.heapify(heap)
        else:
            raise ValueError("unknown op %r" % (kind,))
    return popped


def main():
    import heapq as c_heapq

    pure = load_pure_heapq()
    doc = json.load(sys.stdin)
    for case in doc["cases"]:
        got_c = replay(c_heapq, case["ops"])
        got_py = replay(pure, case["ops"])
        if got_c != got_py:
            raise SystemExit("C and pure-Python heapq disagree on %s" % case["name"])
        case["popped"] = got_c
    doc["python"] = "%d.%d.%d" % sys.version_info[:3]
    json.dump(doc, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
