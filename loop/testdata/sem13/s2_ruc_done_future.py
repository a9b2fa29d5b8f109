# 2: run_until_complete of a future that is already done still runs one
# full iteration: everything queued before it runs, then the stop
# callback; what those handles queue waits for the next run.
import asyncio

loop = asyncio.new_event_loop()
fut = loop.create_future()
fut.set_result(42)


def p(x):
    print(x)


def queue_more():
    print("queue_more")
    loop.call_soon(p, "queued during the iteration")


loop.call_soon(p, "queued before 1")
loop.call_soon(queue_more)
loop.call_soon(p, "queued before 2")
print("result:", loop.run_until_complete(fut))
print("again:", loop.run_until_complete(fut))
loop.close()
