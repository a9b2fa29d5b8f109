# 3: in the main thread, the first get_event_loop() creates a loop and
# sets it (3.12+ also warns with DeprecationWarning, on stderr); later
# calls return the same loop, closed or not. Inside a coroutine it returns
# the running loop, which get_running_loop() also returns.
import asyncio
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
loop = asyncio.get_event_loop()
print("same loop:", asyncio.get_event_loop() is loop)
print("running:", loop.is_running(), "closed:", loop.is_closed())


async def main():
    return asyncio.get_event_loop() is loop, asyncio.get_running_loop() is loop


print("inside:", loop.run_until_complete(main()))
loop.close()
print("closed loop still returned:", asyncio.get_event_loop() is loop)
