import asyncio


async def work(units):
    for _ in range(units):
        await asyncio.sleep(0)


async def producer(jobs, n):
    for i in range(1, n + 1):
        await jobs.put(i)
        print(f"producer: queued job {i} (qsize={jobs.qsize()})")
    print("producer: done")


async def worker(name, jobs, results):
    handled = 0
    while True:
        try:
            job = await jobs.get()
        except asyncio.QueueShutDown:
            print(f"{name}: queue shut down after {handled} jobs")
            return handled
        print(f"{name}: start job {job}")
        await work(job % 3 + 1)
        await results.put((job * job, job, name))
        print(f"{name}: finished job {job}")
        handled += 1
        jobs.task_done()


async def main():
    jobs = asyncio.Queue(maxsize=3)
    results = asyncio.PriorityQueue()
    workers = [asyncio.create_task(worker(f"worker-{i}", jobs, results))
               for i in range(3)]
    await producer(jobs, 8)
    await jobs.join()
    print("main: all jobs done", jobs)
    jobs.shutdown()
    counts = await asyncio.gather(*workers)
    print("main: jobs per worker", counts)
    print("main:", results)
    results.shutdown()
    while True:
        try:
            square, job, name = results.get_nowait()
        except asyncio.QueueShutDown:
            break
        print(f"result: {job}^2 = {square} by {name}")
    print("main:", results)


asyncio.run(main())
