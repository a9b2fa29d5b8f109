# A woken getter (putter) is not handed the item (the slot): if get_nowait
# (put_nowait) takes it first, the woken task waits again at the back of
# the line.
import asyncio


async def main():
    q = asyncio.Queue()

    async def getter(name):
        print(name, 'waiting')
        v = await q.get()
        print(name, 'got', v)

    t1 = asyncio.create_task(getter('g1'))
    t2 = asyncio.create_task(getter('g2'))
    await asyncio.sleep(0)
    print(q)
    q.put_nowait('a')
    print(q)
    print('stolen', q.get_nowait())
    print(q)
    await asyncio.sleep(0)
    print(q)
    q.put_nowait('b')
    await asyncio.sleep(0)
    print(q)
    q.put_nowait('c')
    await asyncio.gather(t1, t2)
    print(q)

    # The same with a blocking get() doing the stealing: the thief runs
    # first because it needs no wakeup.
    async def thief():
        v = await q.get()
        print('thief got', v)
    t1 = asyncio.create_task(getter('g3'))
    await asyncio.sleep(0)
    q.put_nowait('d')
    t2 = asyncio.create_task(thief())
    print(q)
    await asyncio.sleep(0)
    print(q)
    q.put_nowait('e')
    await t1
    await t2

    p = asyncio.Queue(1)
    p.put_nowait(0)

    async def putter(name, v):
        print(name, 'waiting')
        await p.put(v)
        print(name, 'put', v)

    t1 = asyncio.create_task(putter('p1', 1))
    t2 = asyncio.create_task(putter('p2', 2))
    await asyncio.sleep(0)
    print(p)
    print('got', p.get_nowait())
    print(p)
    p.put_nowait('x')
    print(p)
    await asyncio.sleep(0)
    print(p)
    print('got', p.get_nowait())
    await asyncio.sleep(0)
    print(p)
    print('got', p.get_nowait())
    await asyncio.sleep(0)
    print('got', p.get_nowait())
    await asyncio.gather(t1, t2)
    print(p)

    # Several wakeups in a row: each put_nowait wakes one more getter, in
    # FIFO order, and get_nowait takes from the front meanwhile.
    ts = [asyncio.create_task(getter(f'w{i}')) for i in range(4)]
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    q.put_nowait(3)
    print(q)
    print('stolen', q.get_nowait())
    await asyncio.sleep(0)
    print(q)
    q.put_nowait(4)
    q.put_nowait(5)
    await asyncio.gather(*ts)
    print(q)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
