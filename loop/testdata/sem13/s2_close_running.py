# 2: close() on the running loop raises RuntimeError('Cannot close a
# running event loop') and leaves it open and running; closing after
# run_forever returns works.
import asyncio

loop = asyncio.new_event_loop()


def p(x):
    print(x)


def cb():
    try:
        loop.close()
    except RuntimeError as e:
        print(repr(e))
    print("closed:", loop.is_closed(), "running:", loop.is_running())
    loop.call_soon(p, "the loop goes on")
    loop.call_soon(loop.stop)


loop.call_soon(cb)
loop.run_forever()
loop.close()
print("closed:", loop.is_closed())
