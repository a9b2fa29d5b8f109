# 2: on a closed loop, set_result / set_exception of a future with done
# callbacks raise RuntimeError('Event loop is closed') after the state has
# already changed: the future is done and its callbacks are lost.
import asyncio

loop = asyncio.new_event_loop()
f1 = loop.create_future()
f1.add_done_callback(lambda f: print("never called"))
f2 = loop.create_future()
f2.add_done_callback(lambda f: print("never called"))
loop.close()
try:
    f1.set_result(1)
except RuntimeError as e:
    print("set_result:", repr(e))
print("f1 done:", f1.done(), "result:", f1.result())
try:
    f2.set_exception(ValueError("v"))
except RuntimeError as e:
    print("set_exception:", repr(e))
print("f2 done:", f2.done(), "exception:", repr(f2.exception()))
try:
    f1.set_result(2)
except asyncio.InvalidStateError:
    print("set_result again: InvalidStateError")
