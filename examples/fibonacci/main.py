import asyncio

async def fibn(n):
    if n == 0:
        return 0
    if n == 1:
        return 1
    return await fibn(n-2) + await fibn(n-1)

loop = asyncio.get_event_loop()
c = loop.run_until_complete(asyncio.gather(fibn(5), fibn(6), fibn(7)))
print(c)
loop.close()
