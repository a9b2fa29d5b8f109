# Section 8: sleep(d) sets up a timer; the timer fires in iteration N and the
# task resumes in iteration N+1. A marker timer due at the same moment, made
# just before, fires in the same iteration N and queues markers for N+1 and
# N+2: the task resumes between them. sleep(0) uses no timer at all.
import asyncio
from sem import new_loop


async def sleeper(name, d, result):
    loop = asyncio.get_running_loop()

    def n1():
        print(name, "iteration N+1")
        loop.call_soon(print, name, "iteration N+2")

    def due():
        print(name, "timer due (iteration N), t =", round(loop.time(), 3))
        loop.call_soon(n1)

    loop.call_later(d, due)
    r = await asyncio.sleep(d, result)
    print(name, "resumed with", repr(r), "t =", round(loop.time(), 3))


async def main():
    await asyncio.gather(sleeper("short", 0.1, "s"), sleeper("long", 0.25, None),
                         sleeper("zero", 0, "z"))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
