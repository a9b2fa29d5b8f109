"""Evaluate Python expressions for the pyfmt tests.

Reads a JSON list of {"fn": "repr" | "str" | "reprlib" | "print", "expr":
"..."} on stdin and writes a JSON list with one string per request:
repr(value), str(value), reprlib.repr(value), or for "print" the text
print(*value) writes (value must be a tuple).

The expressions may use the names defined in PRELUDE below.
"""

import io
import json
import sys

PRELUDE = '''
import asyncio
from dataclasses import dataclass
from types import SimpleNamespace as namespace

@dataclass
class P:
    X: int
    y: str

@dataclass
class N:
    Next: object
    V: int

@dataclass
class Base:
    ID: int

@dataclass
class Derived(Base):
    Name: str

@dataclass
class Outer:
    Name: str
    Inner: object
    Tags: list

n_cyc = N(None, 1)
n_cyc.Next = n_cyc
l_cyc = [1]
l_cyc.append(l_cyc)
d_cyc = {'a': 1}
d_cyc['self'] = d_cyc
'''


def main():
    env = {}
    exec(PRELUDE, env)
    out = []
    for req in json.load(sys.stdin):
        value = eval(req["expr"], env)
        fn = req["fn"]
        if fn == "repr":
            out.append(repr(value))
        elif fn == "reprlib":
            import reprlib
            out.append(reprlib.repr(value))
        elif fn == "str":
            out.append(str(value))
        elif fn == "print":
            buf = io.StringIO()
            print(*value, file=buf)
            out.append(buf.getvalue())
        else:
            raise ValueError(fn)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
