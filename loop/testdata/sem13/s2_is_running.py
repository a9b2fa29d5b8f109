# 2: is_running() is true only while run_forever / run_until_complete is
# executing, inside callbacks and coroutines; it is false again afterwards
# and after close.
import asyncio

loop = asyncio.new_event_loop()
print("before:", loop.is_running(), loop.is_closed())


def cb():
    print("in callback:", loop.is_running())
    loop.stop()


loop.call_soon(cb)
loop.run_forever()
print("after run_forever:", loop.is_running())


async def main():
    print("in coroutine:", loop.is_running())
    return "ok"


print(loop.run_until_complete(main()))
print("after run_until_complete:", loop.is_running())
loop.close()
print("after close:", loop.is_running(), loop.is_closed())
