# 1.1 step 4 and 1.3: timers run by deadline, whatever the order they were
# registered in; timers that fall due together go to the ready queue in
# deadline order.
import asyncio

loop = asyncio.new_event_loop()
order = []
now = loop.time()
# all already due: appended in one batch, by deadline
for name, d in [("past-2", 2), ("past-5", 5), ("past-1", 1), ("past-4", 4), ("past-3", 3)]:
    loop.call_at(now - d, order.append, name)
# future timers, registered out of order
for name, d in [("later-30ms", 0.03), ("later-10ms", 0.01), ("later-20ms", 0.02)]:
    loop.call_later(d, order.append, name)
loop.call_later(0.05, loop.stop)
loop.run_forever()
print(order)
loop.close()
