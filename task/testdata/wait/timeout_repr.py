# Section 12: repr(Timeout). The state is always shown; an active timeout
# also shows its deadline as round(when, 3) printed as a Python float
# (3611.0, 0.0, 1e+20) or None.
import asyncio
import math
from sem import new_loop


async def main():
    loop = asyncio.get_running_loop()
    for when in (1234.56789, math.ceil(loop.time()) + 10.0, 1e-05, 1e20, None):
        async with asyncio.timeout_at(when) as tm:
            print(repr(tm))
    print(repr(tm))


loop = new_loop()
loop.run_until_complete(main())
loop.close()
