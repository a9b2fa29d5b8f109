# 3: inside a coroutine, get_event_loop() returns the running loop, not the
# loop set with set_event_loop.
import asyncio

current = asyncio.new_event_loop()
runner = asyncio.new_event_loop()
asyncio.set_event_loop(current)


async def main():
    print("get_event_loop is the running loop:", asyncio.get_event_loop() is runner)
    print("get_event_loop is the set loop:", asyncio.get_event_loop() is current)
    print("get_running_loop is the running loop:", asyncio.get_running_loop() is runner)


runner.run_until_complete(main())
print("outside again, the set loop:", asyncio.get_event_loop() is current)
runner.close()
current.close()
