# Queue.shutdown (3.13), both modes.
import asyncio


async def main():
    async def getter(name, q):
        try:
            v = await q.get()
            print(name, 'got', v)
        except asyncio.QueueShutDown as e:
            print(name, 'get raised', repr(e))

    async def putter(name, q, v):
        try:
            await q.put(v)
            print(name, 'put', v)
        except asyncio.QueueShutDown as e:
            print(name, 'put raised', repr(e))

    async def joiner(name, q):
        await q.join()
        print(name, 'joined')

    # blocked getters are woken and raise
    q = asyncio.Queue(1)
    g1 = asyncio.create_task(getter('g1', q))
    g2 = asyncio.create_task(getter('g2', q))
    await asyncio.sleep(0)
    print(q)
    q.shutdown()
    print(q)
    await asyncio.gather(g1, g2)
    try:
        q.put_nowait(1)
    except asyncio.QueueShutDown as e:
        print('put_nowait raised', repr(e), repr(str(e)))
    await putter('p0', q, 1)
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        print('get_nowait raised', repr(e))

    # not immediate: items can still be got, then gets raise; a blocked
    # putter raises
    q = asyncio.Queue(2)
    q.put_nowait('a')
    q.put_nowait('b')
    p1 = asyncio.create_task(putter('p1', q, 'c'))
    await asyncio.sleep(0)
    print(q)
    q.shutdown()
    print(q)
    await p1
    print(await q.get())
    print(q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        print('get_nowait raised', repr(e))
    await getter('g3', q)
    print(q)
    j = asyncio.create_task(joiner('j1', q))
    await asyncio.sleep(0)
    q.task_done()
    q.task_done()
    print(q)
    await j

    # immediate: the items are dropped and counted as done; an item already
    # got still needs its task_done
    q = asyncio.Queue()
    for i in range(3):
        q.put_nowait(i)
    print('got', q.get_nowait())
    j = asyncio.create_task(joiner('j2', q))
    await asyncio.sleep(0)
    q.shutdown(immediate=True)
    print(q, q.qsize(), q.empty())
    await asyncio.sleep(0)
    print('j2 done:', j.done())
    q.task_done()
    await j
    try:
        q.get_nowait()
    except asyncio.QueueShutDown as e:
        print('get_nowait raised', repr(e))
    await getter('g4', q)

    # immediate with everything unfinished in the queue: join resumes
    q = asyncio.Queue()
    q.put_nowait('x')
    q.put_nowait('y')
    j = asyncio.create_task(joiner('j3', q))
    await asyncio.sleep(0)
    q.shutdown(True)
    print(q)
    await j

    # immediate on a full queue: the blocked putter wakes and raises, and
    # gets raise at once, the items being gone
    q = asyncio.Queue(1)
    q.put_nowait('z')
    p2 = asyncio.create_task(putter('p2', q, 'w'))
    await asyncio.sleep(0)
    print(q)
    q.shutdown(immediate=True)
    print(q)
    g5 = asyncio.create_task(getter('g5', q))
    await asyncio.gather(p2, g5)

    # a putter woken by get_nowait, then shutdown before it runs
    q = asyncio.Queue(1)
    q.put_nowait('v')
    p3 = asyncio.create_task(putter('p3', q, 'u'))
    await asyncio.sleep(0)
    print('got', q.get_nowait())
    q.shutdown()
    print(q)
    await p3

    # shutting down twice, then immediate
    q = asyncio.LifoQueue()
    q.put_nowait(1)
    q.put_nowait(2)
    q.shutdown()
    q.shutdown()
    print(q)
    print(q.get_nowait())
    q.shutdown(True)
    print(q)
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        print(repr(e))

    # a getter woken by put_nowait keeps its item if shutdown (not
    # immediate) comes before it runs
    q = asyncio.Queue()
    g6 = asyncio.create_task(getter('g6', q))
    g7 = asyncio.create_task(getter('g7', q))
    await asyncio.sleep(0)
    q.put_nowait('last')
    q.shutdown()
    print(q)
    await asyncio.gather(g6, g7)

    # a shut-down priority queue
    q = asyncio.PriorityQueue()
    for v in (3, 1, 2):
        q.put_nowait(v)
    q.shutdown()
    print(q, [q.get_nowait() for _ in range(3)])


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
