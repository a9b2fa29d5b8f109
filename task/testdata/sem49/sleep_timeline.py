# Section 8: sleep(d) sets up a timer; the timer fires in iteration N and the
# task resumes in iteration N+1. Another timer due at the same moment, made
# just before, fires in the same iteration N and queues a marker for N+1 that
# runs before the task: ordering shows the one-iteration gap.
import asyncio
from sem import new_loop


async def sleeper(name, d, result):
    loop = asyncio.get_running_loop()
    loop.call_later(d, lambda: (print(name, "timer due, t =", round(loop.time(), 3)),
                                loop.call_soon(print, name, "next iteration")))
    r = await asyncio.sleep(d, result)
    print(name, "resumed with", r, "t =", round(loop.time(), 3))


async def main():
    await asyncio.gather(sleeper("short", 0.1, "s"), sleeper("long", 0.25, "l"),
                         sleeper("zero", 0, "z"))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
