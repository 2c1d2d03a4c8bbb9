#!/usr/bin/env python3
"""The DriverEntry routines where a rule stepped back over a call it could not
see ("X not checked on a path through CALL, whose body is not visible"), from
the check.json files run.sh keeps, with the calls named.

    tests/realworld/stepbacks.py OUTDIR
"""
import glob
import json
import os
import re
import sys

PATTERN = re.compile(r"^(\w+): (\w+) not checked on a path through (.*), whose body is not visible")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    entries = {}
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*", "check.json"))):
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for p in report.get("problems", []):
            m = PATTERN.match(p.get("message", ""))
            if m:
                key = (p["file"], p.get("line", 0), m.group(1))
                entries.setdefault(key, set()).add(f"{m.group(2)}: {m.group(3)}")
    for (file, line, function), calls in sorted(entries.items()):
        print(f"{file}:{line} {function}")
        for c in sorted(calls):
            print(f"    {c}")
    print(f"{len(entries)} DriverEntry routine{'s' if len(entries) != 1 else ''} with a rule stepping back")


if __name__ == "__main__":
    main()
