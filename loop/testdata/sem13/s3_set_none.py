# 3: after set_event_loop(None) in the main thread, get_event_loop() no
# longer creates a loop: it raises RuntimeError('There is no current event
# loop in thread ...').
import asyncio

l = asyncio.new_event_loop()
asyncio.set_event_loop(l)
asyncio.set_event_loop(None)
try:
    got = asyncio.get_event_loop()
    print("got a loop; the one set before:", got is l)
except RuntimeError as e:
    print(repr(e))
l.close()
