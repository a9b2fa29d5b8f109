# 2: run_until_complete refuses what is not awaitable (TypeError) and a
# future of another loop (ValueError); a coroutine that was already awaited
# fails inside its new task with 'cannot reuse already awaited coroutine'.
import asyncio

loop = asyncio.new_event_loop()
other = asyncio.new_event_loop()
try:
    loop.run_until_complete(42)
except TypeError as e:
    print(repr(e))
try:
    loop.run_until_complete(other.create_future())
except ValueError as e:
    print(repr(e))


async def one():
    return 1


c = one()
print(loop.run_until_complete(c))
try:
    loop.run_until_complete(c)
except RuntimeError as e:
    print(str(e))
other.close()
loop.close()
