#!/usr/bin/env python3
"""Compare the findings of two run.sh output directories.

    tests/realworld/compare.py BEFORE_DIR AFTER_DIR

Prints the findings only one of the runs has, per repository, as
"+ file:line: RULE message" (new in AFTER) and "- ..." (gone), then one line
of totals. A finding is its file, line, rule and message: related locations
and evidence may change without it counting as another finding. Exits 1
when the two runs differ, 0 when they report the same findings.
"""
import json
import os
import sys


def findings(path):
    """The set of findings in one check.json (empty when the run left none)."""
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError):
        return set()
    return {(x.get('file', ''), x.get('line', 0), x.get('ruleId', ''), x.get('message', ''))
            for x in data.get('findings', [])}


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    before, after = sys.argv[1], sys.argv[2]
    repos = sorted(d for d in set(os.listdir(before)) | set(os.listdir(after))
                   if os.path.isdir(os.path.join(before, d)) or os.path.isdir(os.path.join(after, d)))
    added = gone = 0
    for repo in repos:
        a = findings(os.path.join(before, repo, 'check.json'))
        b = findings(os.path.join(after, repo, 'check.json'))
        for sign, diff in (('+', b - a), ('-', a - b)):
            for file, line, rule, message in sorted(diff):
                print(f'{sign} {file}:{line}: {rule} {message}')
        added += len(b - a)
        gone += len(a - b)
    print(f'{added} new, {gone} gone in {len(repos)} repositories')
    return 1 if added or gone else 0


if __name__ == '__main__':
    sys.exit(main())
