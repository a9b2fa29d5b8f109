# Section 6: unnamed tasks take Task-N names from a process-wide counter;
# in 3.13 a task created with name= does not use up a number. Numbers are
# printed relative to the main task's, so the program can run anywhere.
import asyncio
from sem import new_loop


async def noop():
    pass


def rel(name, base):
    if name.startswith("Task-"):
        return "Task-base+%d" % (int(name[5:]) - base)
    return name


async def main():
    me = asyncio.current_task()
    base = int(me.get_name()[5:])
    print("main:", rel(me.get_name(), base))
    a = asyncio.create_task(noop())
    b = asyncio.create_task(noop(), name="named")
    c = asyncio.create_task(noop())
    print("a:", rel(a.get_name(), base))
    print("b:", rel(b.get_name(), base))
    print("c:", rel(c.get_name(), base))
    c.set_name("renamed")
    print("c renamed:", c.get_name())
    d = asyncio.get_running_loop().create_task(noop())
    print("d:", rel(d.get_name(), base))
    await asyncio.gather(a, b, c, d)


loop = new_loop()
loop.run_until_complete(main())
loop.close()
