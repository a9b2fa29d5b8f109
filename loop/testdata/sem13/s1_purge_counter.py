# 1.2: TimerHandle.cancel() counts towards the purge of 1.1 step 1 only
# while the timer is still in the heap. Here 60 due timers are moved to the
# ready queue and cancelled there by an earlier handle of the same
# snapshot; they do not count, so the heap of 101 ties plus a stop timer
# is not rebuilt, and the ties pop exactly as when nothing is cancelled.
import asyncio


def scenario(cancel):
    loop = asyncio.new_event_loop()
    now = loop.time()
    when = now + 0.02
    order = []
    due = [loop.call_at(now - 1, order.append, "due") for _ in range(60)]
    for i in range(101):
        loop.call_at(when, order.append, i)

    def cancel_them():
        for h in due:
            h.cancel()
        order.append("cancelled %d" % sum(h.cancelled() for h in due))

    if cancel:
        loop.call_soon(cancel_them)
    loop.call_at(when + 0.02, loop.stop)
    loop.run_forever()
    loop.close()
    print(order.count("due"), [x for x in order if x != "due"])


scenario(False)
scenario(True)
