import asyncio

async def hey():
    print("Hello World!")

loop = asyncio.get_event_loop()
loop.run_until_complete(hey())
loop.close()
