# Queue basics: sizes, the nowait calls, the exceptions, task_done misuse,
# and str() of a queue in each of its states.
import asyncio


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q, q.qsize(), q.maxsize, q.empty(), q.full())
    q.put_nowait(1)
    q.put_nowait('two')
    print(q, q.qsize(), q.empty(), q.full())
    try:
        q.put_nowait(3)
    except asyncio.QueueFull as e:
        print('put_nowait:', repr(e), repr(str(e)))
    print(q.get_nowait(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print('get_nowait:', repr(e), repr(str(e)))
    print(q)
    q.task_done()
    print(q)
    q.task_done()
    try:
        q.task_done()
    except ValueError as e:
        print('task_done:', repr(e))
    print(q)

    # put and get that need not wait do not suspend: the other task only
    # runs when main awaits something that blocks.
    async def other():
        print('other ran')
    t = asyncio.create_task(other())
    await q.put('x')
    await q.put('y')
    print('put twice, other done:', t.done())
    print(await q.get(), await q.get())
    print('got twice, other done:', t.done())
    await t

    u = asyncio.Queue()
    for i in range(5):
        u.put_nowait(i)
    print(u, u.full(), u.qsize())
    n = asyncio.Queue(-1)
    n.put_nowait(None)
    n.put_nowait([1, 'a'])
    print(n, n.full(), n.maxsize)

    # waiting getters and putters show in str()
    g = asyncio.Queue(1)

    async def getter(name):
        v = await g.get()
        print(name, 'got', v)

    async def putter(name, v):
        await g.put(v)
        print(name, 'put', v)

    t1 = asyncio.create_task(getter('g1'))
    t2 = asyncio.create_task(getter('g2'))
    await asyncio.sleep(0)
    print(g)
    g.put_nowait('a')
    print(g)
    await asyncio.sleep(0)
    print(g)
    await g.put('b')
    await t1
    await t2
    print(g)
    g.put_nowait('c')
    t3 = asyncio.create_task(putter('p1', 'd'))
    t4 = asyncio.create_task(putter('p2', 'e'))
    await asyncio.sleep(0)
    print(g)
    print('got', await g.get())
    print(g)
    await t3
    print(g)
    print('got', await g.get())
    await t4
    print(g)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
