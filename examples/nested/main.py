import asyncio

async def excl():
    return "!"

async def world():
    return "World" + await excl()

async def hello():
    print("Hello " + await world())

loop = asyncio.get_event_loop()
loop.run_until_complete(hello())
loop.close()
