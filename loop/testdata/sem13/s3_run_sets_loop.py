# 3: asyncio.run creates a new loop and sets it as the current loop while
# it runs; on exit it sets the current loop to None, so get_event_loop()
# afterwards raises.
import asyncio

before = asyncio.new_event_loop()
asyncio.set_event_loop(before)


async def main():
    running = asyncio.get_running_loop()
    print("running loop is new:", running is not before)
    print("get_event_loop is the running loop:", asyncio.get_event_loop() is running)


asyncio.run(main())
try:
    got = asyncio.get_event_loop()
    print("got a loop; the one set before:", got is before)
except RuntimeError as e:
    print(repr(e))
before.close()
