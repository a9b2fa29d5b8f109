# 1.2: an exception in a callback goes to the exception handler with the
# message 'Exception in callback ...', the exception and the handle; the
# iteration goes on with the next handle.
import asyncio

loop = asyncio.new_event_loop()
h = {}


def handler(loop, context):
    print("handler:", context["message"].startswith("Exception in callback "),
          repr(context["exception"]), context["handle"] is h["boom"])


def boom():
    print("boom raises")
    raise RuntimeError("boom")


def p(x):
    print(x)


loop.set_exception_handler(handler)
loop.call_soon(p, "before")
h["boom"] = loop.call_soon(boom)
loop.call_soon(p, "after, same iteration")
loop.call_soon(loop.stop)
loop.run_forever()
print("loop survived:", not loop.is_closed())
loop.close()
