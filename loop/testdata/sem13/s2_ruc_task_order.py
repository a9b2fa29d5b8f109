# 2: run_until_complete wraps a coroutine in a task whose first step is
# queued with call_soon, behind the handles already queued. The loop stops
# one iteration after the task finishes, so handles the coroutine queued
# in its last step still run; a ticker shows the iterations.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


async def main():
    print("main step 1")
    loop.call_soon(p, "queued by step 1")
    await asyncio.sleep(0)
    print("main step 2")
    loop.call_soon(p, "queued by step 2")
    loop.call_soon(p, "queued by step 2, again")
    return "main result"


def tick(n):
    print("tick", n)
    if n < 6:
        loop.call_soon(tick, n + 1)


loop.call_soon(tick, 0)
loop.call_soon(p, "queued before run_until_complete")
print(loop.run_until_complete(main()))
loop.call_soon(loop.stop)
loop.run_forever()
print("leftovers ran")
loop.close()
