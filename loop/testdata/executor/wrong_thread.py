# Debug mode: call_soon, call_later and call_at from another thread raise
# RuntimeError; call_soon_threadsafe is the way in. The thread-safe
# callback runs before the awaiter gets the thread's result back.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    print("debug", loop.get_debug())

    def from_thread():
        out = []
        calls = [
            ("call_soon", lambda: loop.call_soon(print, "x")),
            ("call_later", lambda: loop.call_later(1, print, "x")),
            ("call_at", lambda: loop.call_at(loop.time() + 1, print, "x")),
        ]
        for name, call in calls:
            try:
                call()
                out.append(name + " ok")
            except RuntimeError as e:
                out.append(f"{name}: {e}")
        loop.call_soon_threadsafe(print, "threadsafe ok")
        return out

    for line in await asyncio.to_thread(from_thread):
        print(line)
    loop.call_soon(print, "call_soon on the loop ok")
    await asyncio.sleep(0)


asyncio.run(main(), debug=True)
