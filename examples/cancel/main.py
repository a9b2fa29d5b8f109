import asyncio

async def sleeper():
    task = asyncio.current_task()
    print("sleeper: going to sleep for an hour")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError as e:
        print("sleeper: caught", repr(e), "cancelling() =", task.cancelling())
        raise
    print("sleeper: never printed")

async def stubborn():
    task = asyncio.current_task()
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError as e:
        print("stubborn: caught", repr(e), "cancelling() =", task.cancelling())
        print("stubborn: uncancel() ->", task.uncancel())
    return 42

async def never_runs():
    print("never_runs: never printed")

async def runs_anyway():
    print("runs_anyway: running normally")
    return "ok"

async def main():
    # 1. Cancel a task while it sleeps; the message reaches it and its awaiter.
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    print("main: cancel() ->", t.cancel("stop sleeping"))
    print("main: cancel() ->", t.cancel("ignored second message"))
    print("main: cancelling() =", t.cancelling(), "cancelled() =", t.cancelled())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main: awaiting sleeper raised", repr(e))
    print("main: cancelled() =", t.cancelled(), "cancel() ->", t.cancel())

    # 2. A task that swallows its cancellation and returns a value.
    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    print("main: cancel() ->", s.cancel("please stop"))
    result = await s
    print("main: stubborn returned", result, "cancelled() =", s.cancelled(), "cancelling() =", s.cancelling())

    # 3. Cancelled before its first step: the body never runs.
    n = asyncio.create_task(never_runs())
    n.cancel("too early")
    try:
        await n
    except asyncio.CancelledError as e:
        print("main: never_runs raised", repr(e), "cancelled() =", n.cancelled())

    # 4. A cancel withdrawn with uncancel() before the first step (3.13).
    r = asyncio.create_task(runs_anyway())
    print("main: cancel() ->", r.cancel(), "uncancel() ->", r.uncancel())
    print("main: runs_anyway returned", repr(await r), "cancelled() =", r.cancelled())

asyncio.run(main())
