# Cancelling tasks that wait in get(), put() and join().
import asyncio


async def main():
    q = asyncio.Queue()

    async def getter(name):
        try:
            v = await q.get()
            print(name, 'got', v)
        except asyncio.CancelledError as e:
            print(name, 'cancelled', repr(e), q)
            raise

    async def settle(*ts):
        for t in ts:
            try:
                await t
            except asyncio.CancelledError:
                pass
        print([t.cancelled() for t in ts])

    # a waiting getter that was not woken leaves the line; nothing is
    # passed on
    g1 = asyncio.create_task(getter('g1'))
    g2 = asyncio.create_task(getter('g2'))
    await asyncio.sleep(0)
    print(q)
    g1.cancel()
    print(q)
    await asyncio.sleep(0)
    print(q)
    q.put_nowait(1)
    await settle(g1, g2)

    # a getter woken by put_nowait and cancelled before it runs passes the
    # wakeup to the next getter
    g3 = asyncio.create_task(getter('g3'))
    g4 = asyncio.create_task(getter('g4'))
    g5 = asyncio.create_task(getter('g5'))
    await asyncio.sleep(0)
    q.put_nowait(2)
    print(q)
    g3.cancel('stop')
    print(q)
    await asyncio.sleep(0)
    print(q)
    await settle(g3, g4)
    print(q)
    g5.cancel()
    await settle(g5)
    print(q)

    # the same, but the item is stolen before the cancelled getter runs:
    # the wakeup is not passed on, since the queue is empty again
    g6 = asyncio.create_task(getter('g6'))
    g7 = asyncio.create_task(getter('g7'))
    await asyncio.sleep(0)
    q.put_nowait(3)
    g6.cancel()
    print('stolen', q.get_nowait())
    await asyncio.sleep(0)
    print(q)
    q.put_nowait(4)
    await settle(g6, g7)

    # putters
    p = asyncio.Queue(1)
    p.put_nowait('full')

    async def putter(name, v):
        try:
            await p.put(v)
            print(name, 'put', v)
        except asyncio.CancelledError as e:
            print(name, 'cancelled', repr(e), p)
            raise

    p1 = asyncio.create_task(putter('p1', 'a'))
    p2 = asyncio.create_task(putter('p2', 'b'))
    p3 = asyncio.create_task(putter('p3', 'c'))
    await asyncio.sleep(0)
    print(p)
    p1.cancel()
    await asyncio.sleep(0)
    print(p)
    print('got', p.get_nowait())
    p2.cancel()
    await asyncio.sleep(0)
    print(p)
    await settle(p1, p2, p3)
    print(p)

    # cancelling the task that waits in join
    async def joiner():
        try:
            await p.join()
        except asyncio.CancelledError as e:
            print('joiner cancelled', repr(e))
            raise
    j = asyncio.create_task(joiner())
    await asyncio.sleep(0)
    j.cancel('enough')
    await settle(j)

    # a cancelled get() in a wait_for-like pattern: the item stays in the
    # queue for the next get
    g8 = asyncio.create_task(getter('g8'))
    await asyncio.sleep(0)
    q.put_nowait(5)
    g8.cancel()
    await settle(g8)
    print(q, q.get_nowait())


loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
