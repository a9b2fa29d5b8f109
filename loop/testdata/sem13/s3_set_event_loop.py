# 3: set_event_loop(l) makes get_event_loop() return l; setting another
# loop replaces it.
import asyncio

l1 = asyncio.new_event_loop()
l2 = asyncio.new_event_loop()
asyncio.set_event_loop(l1)
print("l1:", asyncio.get_event_loop() is l1)
asyncio.set_event_loop(l2)
print("l2:", asyncio.get_event_loop() is l2, asyncio.get_event_loop() is l1)
asyncio.set_event_loop(l1)
print("l1 again:", asyncio.get_event_loop() is l1)
l1.close()
l2.close()
