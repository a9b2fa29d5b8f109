# join() and task_done(): join returns at once when nothing is unfinished,
# waits otherwise, and every joiner resumes when the count reaches zero.
import asyncio


async def main():
    q = asyncio.Queue()

    async def joiner(name):
        print(name, 'join start')
        await q.join()
        print(name, 'join done')

    t = asyncio.create_task(joiner('early'))
    await asyncio.sleep(0)
    print('early done:', t.done())

    for i in range(3):
        q.put_nowait(i)
    j1 = asyncio.create_task(joiner('j1'))
    j2 = asyncio.create_task(joiner('j2'))
    await asyncio.sleep(0)
    print(q)
    while not q.empty():
        v = q.get_nowait()
        print('work', v)
        await asyncio.sleep(0)
        q.task_done()
        print('done', v, q, j1.done())
    print('before gather', j1.done(), j2.done())
    await asyncio.gather(j1, j2)
    print(q)

    # join with nothing unfinished does not suspend
    async def marker():
        print('marker ran')
    m = asyncio.create_task(marker())
    await q.join()
    print('after join, marker done:', m.done())
    await m

    try:
        q.task_done()
    except ValueError as e:
        print(repr(e))

    # items got without task_done keep join waiting; a new put clears the
    # finished flag again
    q.put_nowait('x')
    q.get_nowait()
    j3 = asyncio.create_task(joiner('j3'))
    await asyncio.sleep(0)
    q.put_nowait('y')
    q.task_done()
    await asyncio.sleep(0)
    print('j3 done:', j3.done(), q)
    q.task_done()
    print('j3 done:', j3.done(), q)
    await j3

    # cancelling a joiner leaves the others waiting
    q.put_nowait('z')
    j4 = asyncio.create_task(joiner('j4'))
    j5 = asyncio.create_task(joiner('j5'))
    await asyncio.sleep(0)
    j4.cancel()
    try:
        await j4
    except asyncio.CancelledError as e:
        print('j4', repr(e))
    print('j5 done:', j5.done())
    q.get_nowait()
    q.task_done()
    await j5

    # a worker pool joined by main
    q = asyncio.Queue()

    async def worker(name):
        while True:
            v = await q.get()
            for _ in range(v):  # v loop iterations of work
                await asyncio.sleep(0)
            print(name, 'finished', v)
            q.task_done()

    for v in (5, 1, 3, 2, 4):
        q.put_nowait(v)
    ws = [asyncio.create_task(worker(f'w{i}')) for i in range(2)]
    await q.join()
    print('all done', q)
    for w in ws:
        w.cancel()
    res = await asyncio.gather(*ws, return_exceptions=True)
    print(res)


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
