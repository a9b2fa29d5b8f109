# Misuse: a queue used from two event loops (bound on first contention
# only), the exceptions' repr and str.
import asyncio
import re


def fix(s):
    return re.sub(r'0x[0-9a-f]+', '0x?', s)


q = asyncio.Queue()


async def getter(name):
    try:
        v = await q.get()
        print(name, 'got', v)
    except RuntimeError as e:
        print(name, 'error', fix(repr(e)))


loop1 = asyncio.new_event_loop()
loop2 = asyncio.new_event_loop()

# nothing binds until a caller has to wait
loop2.run_until_complete(q.put('free'))
loop1.run_until_complete(getter('g0'))

t = loop1.create_task(getter('g1'))
loop1.run_until_complete(asyncio.sleep(0))
print(q)
loop2.run_until_complete(getter('g2'))
q.put_nowait(1)
print(q)


async def put2():
    q.put_nowait(2)
    await q.put(3)
    print('loop2 put 2 and 3')
loop2.run_until_complete(put2())
loop1.run_until_complete(t)
print(q)
loop2.run_until_complete(getter('g3'))
print(q)

b = asyncio.Queue(1)
b.put_nowait('x')


async def putter(name):
    try:
        await b.put('y')
        print(name, 'put')
    except RuntimeError as e:
        print(name, 'error', fix(repr(e)))
t = loop1.create_task(putter('p1'))
loop1.run_until_complete(asyncio.sleep(0))
loop2.run_until_complete(putter('p2'))
print(b, b.get_nowait())
loop1.run_until_complete(t)
print(b)

j = asyncio.Queue()
j.put_nowait('z')


async def joiner(name):
    try:
        await j.join()
        print(name, 'joined')
    except RuntimeError as e:
        print(name, 'error', fix(repr(e)))
t = loop1.create_task(joiner('j1'))
loop1.run_until_complete(asyncio.sleep(0))
loop2.run_until_complete(joiner('j2'))
j.get_nowait()
j.task_done()
loop1.run_until_complete(t)
loop2.run_until_complete(joiner('j3'))
j.put_nowait('w')
t = loop2.create_task(joiner('j4'))
loop2.run_until_complete(asyncio.sleep(0))
j.get_nowait()
j.task_done()
loop2.run_until_complete(t)

loop1.close()
loop2.close()

for exc in (asyncio.QueueEmpty, asyncio.QueueFull, asyncio.QueueShutDown):
    try:
        raise exc
    except Exception as e:
        print(repr(e), repr(str(e)))
try:
    asyncio.Queue().task_done()
except ValueError as e:
    print(repr(e), repr(str(e)))
