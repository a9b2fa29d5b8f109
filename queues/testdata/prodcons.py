# One producer and three consumers on a bounded queue, with sentinels to
# stop the consumers and join() to wait for the work.
import asyncio


async def producer(q, n):
    for i in range(n):
        print('put', i, 'qsize', q.qsize(), 'full', q.full())
        await q.put(i)
    print('producer done')


async def consumer(q, name):
    count = 0
    while True:
        v = await q.get()
        if v is None:
            print(name, 'stops')
            q.task_done()
            return count
        print(name, 'got', v)
        await asyncio.sleep(0)
        count += 1
        q.task_done()
        print(name, 'done', v)


async def main():
    q = asyncio.Queue(2)
    cons = [asyncio.create_task(consumer(q, f'c{i}')) for i in range(3)]
    await producer(q, 8)
    for _ in cons:
        await q.put(None)
    print('sentinels queued', q)
    await q.join()
    print('joined', q)
    print(await asyncio.gather(*cons))

    # unbounded queue: the producer never waits
    q = asyncio.Queue()
    cons = [asyncio.create_task(consumer(q, f'd{i}')) for i in range(2)]
    await producer(q, 4)
    q.put_nowait(None)
    q.put_nowait(None)
    await q.join()
    print(await asyncio.gather(*cons))


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
