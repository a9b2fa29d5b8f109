# PriorityQueue: heapq order, including the order of items that compare
# equal, NaN, and blocking get/put.
import asyncio


class Job:
    # compares on the priority only, so jobs of equal priority tie
    def __init__(self, prio, name):
        self.prio = prio
        self.name = name

    def __lt__(self, other):
        return self.prio < other.prio

    def __repr__(self):
        return f'Job({self.prio}, {self.name!r})'


async def main():
    q = asyncio.PriorityQueue()
    for prio, name in [(1, 'a'), (1, 'b'), (0, 'c'), (1, 'd'), (1, 'e'),
                       (0, 'f'), (2, 'g'), (1, 'h'), (0, 'i'), (1, 'j')]:
        q.put_nowait(Job(prio, name))
    print(q)
    out = []
    while not q.empty():
        out.append(q.get_nowait().name)
        if len(out) == 4:
            q.put_nowait(Job(0, 'k'))
            q.put_nowait(Job(1, 'l'))
            print(q)
    print(''.join(out))

    # the usual idiom: (priority, sequence, data) keeps insertion order
    q = asyncio.PriorityQueue()
    for seq, (prio, data) in enumerate([(2, 'x'), (1, 'y'), (2, 'z'), (1, 'w')]):
        q.put_nowait((prio, seq, data))
    print(q)
    print([q.get_nowait() for _ in range(q.qsize())])

    n = asyncio.PriorityQueue()
    for v in [5, 3, 8, 1, 3, 9, 0]:
        n.put_nowait(v)
    print(n)
    print([n.get_nowait() for _ in range(n.qsize())])

    s = asyncio.PriorityQueue()
    for v in ['pear', 'apple', 'fig', 'Banana']:
        s.put_nowait(v)
    print([s.get_nowait() for _ in range(s.qsize())])

    nan = float('nan')
    f = asyncio.PriorityQueue()
    for v in [3.0, nan, 1.0, 2.0, nan, 0.5]:
        f.put_nowait(v)
    print(f)
    print([f.get_nowait() for _ in range(f.qsize())])

    # blocking on a bounded priority queue
    b = asyncio.PriorityQueue(2)

    async def getter(name):
        v = await b.get()
        print(name, 'got', v)

    async def putter(v):
        await b.put(v)
        print('put', v)

    g = asyncio.create_task(getter('g'))
    await asyncio.sleep(0)
    print(b)
    await b.put(7)
    await g
    for v in [4, 2, 6, 1]:
        asyncio.create_task(putter(v))
    await asyncio.sleep(0)
    print(b)
    while b.qsize() or len(asyncio.all_tasks()) > 1:
        print('got', await b.get())
        await asyncio.sleep(0)
    print(b)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
