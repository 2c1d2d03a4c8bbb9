#!/usr/bin/env python3
"""List a run's warnings and errors for a blind reviewer.

    tests/realworld/tojudge.py OUTDIR [REPO...]

For each warning and error in OUTDIR/*/check.json (run.sh's output): a
numbered block with the rule, its level, the location, the message, the
related locations and the evidence path, as the reviewer needs them and no
more (no verdict, no history). Paths are relative to the trees' parent,
as run.sh runs from there.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out, only = sys.argv[1], set(sys.argv[2:])
    n = 0
    for repo in sorted(os.listdir(out)):
        path = os.path.join(out, repo, 'check.json')
        if (only and repo not in only) or not os.path.isfile(path):
            continue
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        for x in data.get('findings', []):
            if x.get('level') not in ('error', 'warning'):
                continue
            n += 1
            print(f"## {n}. {x['ruleId']} ({x['level']}) {x['file']}:{x['line']}:{x.get('column', 0)}")
            print(f"DriverEntry: {x['entry']['file']}:{x['entry']['line']}")
            print(f"message: {x['message']}")
            for r in x.get('related', []):
                print(f"related: {r['file']}:{r['line']}: {r['message']}")
            if x.get('path'):
                print('evidence:')
                for s in x['path']:
                    print(f"  {s['file']}:{s['line']}: {s['message']}")
            print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
