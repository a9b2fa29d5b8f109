# 3: get_running_loop() raises RuntimeError('no running event loop')
# outside a running loop (at top level, or in a coroutine driven by hand),
# and returns the loop inside a task.
import asyncio


def probe():
    try:
        asyncio.get_running_loop()
        print("found a running loop")
    except RuntimeError as e:
        print(repr(e))


async def aprobe(label):
    print(label + ":", end=" ")
    probe()
    return label


print("top level:", end=" ")
probe()
c = aprobe("driven by hand")
try:
    c.send(None)
except StopIteration as e:
    print("returned", e.value)
loop = asyncio.new_event_loop()
print("returned", loop.run_until_complete(aprobe("in a task")))
loop.close()
print("after close:", end=" ")
probe()
