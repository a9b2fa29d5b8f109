# 2: run_until_complete stops the loop at the end of the iteration after
# the one in which the future completed: its stop callback is a done
# callback, queued with call_soon behind earlier done callbacks, and all
# the other handles queued in that iteration also run. What is queued
# after that stays for the next run.
import asyncio

loop = asyncio.new_event_loop()
fut = loop.create_future()


def p(x):
    print(x)


def complete():
    print("complete: set_result")
    fut.set_result("value")
    loop.call_soon(p, "queued by complete")


def chain(n):
    print("chain", n)
    loop.call_soon(chain, n + 1)


def user_cb(f):
    print("user done callback:", f.result())


loop.call_soon(chain, 0)
loop.call_soon(complete)
loop.call_soon(p, "after complete")
fut.add_done_callback(user_cb)
print("result:", loop.run_until_complete(fut))
loop.call_soon(loop.stop)
loop.run_forever()
loop.close()
