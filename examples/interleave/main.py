import asyncio

iteration = 1
tick_handle = None

def tick(loop):
    # It queues itself again each time it runs, so it runs once per loop
    # iteration, always first: it numbers the iterations.
    global iteration, tick_handle
    iteration += 1
    print(f"-- iteration {iteration}")
    tick_handle = loop.call_soon(tick, loop)

def callback(msg):
    print(f"callback: {msg}")

async def worker(name, steps):
    loop = asyncio.get_running_loop()
    for i in range(1, steps + 1):
        print(f"{name} step {i}")
        if name == "B" and i == 1:
            loop.call_soon(callback, "queued by B at step 1")
        await asyncio.sleep(0)
    print(f"{name} done")
    return name.lower()

async def main():
    global tick_handle
    loop = asyncio.get_running_loop()
    print(f"-- iteration {iteration}")
    print("main: start")
    tick_handle = loop.call_soon(tick, loop)
    tasks = [asyncio.create_task(worker(n, s)) for n, s in (("A", 3), ("B", 2), ("C", 4))]
    print("main: created 3 tasks, none has run yet")
    results = await asyncio.gather(*tasks)
    print("main: results", results)
    tick_handle.cancel()
    print("main: ticker cancelled")

asyncio.run(main())
