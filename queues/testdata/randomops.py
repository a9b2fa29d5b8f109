# Runs the scripts in randomops.txt: random interleavings of waiting
# getters, putters and joiners with the nowait calls, cancellation,
# task_done and shutdown, on the three queue types. Each line of a script
# is one operation; see run() for their meaning. "python3 randomops.py
# --generate" rewrites randomops.txt (seeded, so it is reproducible).
import asyncio
import random
import sys


def generate():
    rng = random.Random(20241007)
    out = []
    for n in range(60):
        kind = rng.choice(['Queue', 'LifoQueue', 'PriorityQueue'])
        out.append(f'queue {kind} {rng.choice([0, 1, 2, 3])}')
        ntasks = 0
        for _ in range(rng.randint(10, 40)):
            r = rng.random()
            if r < 0.15:
                out.append(f'getter {ntasks}')
                ntasks += 1
            elif r < 0.27:
                out.append(f'putter {ntasks} {rng.randint(0, 99)}')
                ntasks += 1
            elif r < 0.30:
                out.append(f'joiner {ntasks}')
                ntasks += 1
            elif r < 0.45:
                out.append(f'put {rng.randint(0, 99)}')
            elif r < 0.55:
                out.append('get')
            elif r < 0.65 and ntasks:
                out.append(f'cancel {rng.randrange(ntasks)}')
            elif r < 0.70:
                out.append('done')
            elif r < 0.72:
                out.append(f'shutdown {rng.choice([0, 1])}')
            elif r < 0.90:
                out.append('step')
            else:
                out.append('show')
        out.append('end')
    with open('randomops.txt', 'w') as f:
        f.write('\n'.join(out) + '\n')


def rep(e):
    return repr(e)


async def run(kind, maxsize, ops):
    q = getattr(asyncio, kind)(maxsize)
    tasks = []

    async def getter(n):
        try:
            v = await q.get()
            print(f't{n} got', v)
        except BaseException as e:
            print(f't{n} get', rep(e))
            raise

    async def putter(n, v):
        try:
            await q.put(v)
            print(f't{n} put', v)
        except BaseException as e:
            print(f't{n} put', rep(e))
            raise

    async def joiner(n):
        try:
            await q.join()
            print(f't{n} joined')
        except BaseException as e:
            print(f't{n} join', rep(e))
            raise

    for op in ops:
        w = op.split()
        if w[0] == 'getter':
            tasks.append(asyncio.create_task(getter(int(w[1]))))
        elif w[0] == 'putter':
            tasks.append(asyncio.create_task(putter(int(w[1]), int(w[2]))))
        elif w[0] == 'joiner':
            tasks.append(asyncio.create_task(joiner(int(w[1]))))
        elif w[0] == 'put':
            try:
                q.put_nowait(int(w[1]))
            except Exception as e:
                print('put_nowait', rep(e))
        elif w[0] == 'get':
            try:
                print('get_nowait', q.get_nowait())
            except Exception as e:
                print('get_nowait', rep(e))
        elif w[0] == 'cancel':
            print('cancel', w[1], tasks[int(w[1])].cancel())
        elif w[0] == 'done':
            try:
                q.task_done()
            except Exception as e:
                print('task_done', rep(e))
        elif w[0] == 'shutdown':
            q.shutdown(w[1] == '1')
        elif w[0] == 'step':
            await asyncio.sleep(0)
        elif w[0] == 'show':
            print(q)
    print('end', q)
    for t in tasks:
        t.cancel()
    for t in tasks:
        try:
            await t
        except BaseException:
            pass
    print('final', q)


async def main():
    with open('randomops.txt') as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        _, kind, maxsize = lines[i].split()
        j = lines.index('end', i)
        print('===', kind, maxsize)
        await run(kind, int(maxsize), lines[i + 1:j])
        i = j + 1


if __name__ == '__main__':
    if sys.argv[1:] == ['--generate']:
        generate()
    else:
        loop = asyncio.new_event_loop()
        loop.run_until_complete(main())
        loop.close()
