# 2: a loop cannot run while another loop is running in the same thread:
# RuntimeError('Cannot run the event loop while another loop is running').
# (run_forever comes last: in 3.13.0 its failed call also resets the
# running-loop state, gh-130145, fixed in later releases.)
import asyncio

outer = asyncio.new_event_loop()
inner = asyncio.new_event_loop()


def p(x):
    print(x)


def cb():
    fut = inner.create_future()
    inner.call_soon(inner.stop)  # would end an inner run at once
    inner.call_soon(p, "inner callback")
    try:
        inner.run_until_complete(fut)
    except RuntimeError as e:
        print("run_until_complete:", repr(e))
    try:
        inner.run_forever()
    except RuntimeError as e:
        print("run_forever:", repr(e))
    print("inner running:", inner.is_running())
    outer.stop()


outer.call_soon(cb)
outer.run_forever()
print("outer returned")
inner.call_soon(inner.stop)
inner.run_forever()
print("inner ran afterwards")
inner.close()
outer.close()
