import asyncio


async def diner(name, fork, rounds):
    for course in range(rounds):
        async with fork:
            print(f"{name} eats course {course}")
            await asyncio.sleep(0)
        # Straight back in line: the release woke the next diner, so this
        # acquire queues behind everyone already waiting.


async def patient(name, fork):
    try:
        async with fork:
            print(f"{name} gets the fork")
    except asyncio.CancelledError:
        print(f"{name} gave up, fork locked: {fork.locked()}")
        raise


async def worker(name, pool, turns):
    async with pool:
        print(f"{name} starts, busy for {turns} turns")
        for _ in range(turns):
            await asyncio.sleep(0)
    print(f"{name} done")


async def runner(name, gate, barrier):
    await gate.wait()
    print(f"{name} is off")
    index = await barrier.wait()
    print(f"{name} crosses the line, arrival index {index}")


async def main():
    print("1. a lock serves waiters in arrival order, and a release hands nothing over")
    fork = asyncio.Lock()
    await asyncio.gather(*(diner(n, fork, 2) for n in ("ann", "bob", "cy")))

    print("2. a waiter woken then cancelled passes its turn on")
    await fork.acquire()
    first = asyncio.create_task(patient("dee", fork))
    second = asyncio.create_task(patient("eve", fork))
    await asyncio.sleep(0)
    fork.release()
    first.cancel()
    await asyncio.gather(first, second, return_exceptions=True)

    print("3. a semaphore lets two workers in at a time, in order")
    pool = asyncio.Semaphore(2)
    turns = [5, 2, 2, 3, 2]
    await asyncio.gather(*(worker(f"w{i}", pool, turns[i]) for i in range(5)))

    print("4. an event starts everyone at once; a barrier lets the last one through first")
    gate = asyncio.Event()
    barrier = asyncio.Barrier(3)
    runners = [asyncio.create_task(runner(n, gate, barrier)) for n in ("fay", "gus", "hal")]
    await asyncio.sleep(0)
    gate.set()
    await asyncio.gather(*runners)


asyncio.run(main())
