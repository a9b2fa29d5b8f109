# 1.2: call_soon is FIFO, from outside the loop and from callbacks alike.
import asyncio

loop = asyncio.new_event_loop()
order = []


def cb(i):
    order.append(i)
    if i < 5:
        loop.call_soon(cb, i + 10)
        loop.call_soon(cb, i + 20)


for i in range(6):
    loop.call_soon(cb, i)
loop.call_soon(loop.stop)
loop.run_forever()
print(order)
loop.call_soon(loop.stop)
loop.run_forever()
print(order)
loop.close()
