# LifoQueue: last in, first out, with blocking get and put.
import asyncio


async def main():
    q = asyncio.LifoQueue()
    for i in range(5):
        q.put_nowait(i)
    print(q)
    print(q.get_nowait(), q.get_nowait())
    q.put_nowait('x')
    print(q)
    print([q.get_nowait() for _ in range(q.qsize())])
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(repr(e))

    b = asyncio.LifoQueue(2)

    async def getter(name):
        v = await b.get()
        print(name, 'got', v)

    async def putter(name, v):
        await b.put(v)
        print(name, 'put', v)

    gs = [asyncio.create_task(getter(f'g{i}')) for i in range(2)]
    await asyncio.sleep(0)
    print(b)
    b.put_nowait('a')
    b.put_nowait('b')
    print(b)
    await asyncio.gather(*gs)
    b.put_nowait(1)
    b.put_nowait(2)
    try:
        b.put_nowait(3)
    except asyncio.QueueFull as e:
        print(repr(e))
    ps = [asyncio.create_task(putter(f'p{i}', 3 + i)) for i in range(2)]
    await asyncio.sleep(0)
    print(b)
    print('got', await b.get())
    await asyncio.sleep(0)
    print(b)
    print('got', await b.get())
    print('got', await b.get())
    await asyncio.gather(*ps)
    print(b)
    print([b.get_nowait() for _ in range(b.qsize())])
    for _ in range(6):
        b.task_done()
    await b.join()
    print(b)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
