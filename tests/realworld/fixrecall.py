#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Recall on defects the authors fixed: each row of fixes.tsv names a commit of a development repository
that fixed a DriverEntry or unload defect, its parent, and the file and line where the parent shows it
(labelled blind, by reading the fix; never by running entrycheck). The parent is unpacked and checked;
the defect counts as found when a warning or error of that tree names the file at that line, or within
SLACK lines, as its location or one of its related locations, or when its evidence path passes that
very line (a failure label names the failing call, which the path shows).

    tests/realworld/fixrecall.py [-b ENTRYCHECK] [-s SLACK] [--reuse] MIRRORS TREES OUTDIR

MIRRORS holds OWNER+NAME/repo git directories; parents are unpacked into TREES as OWNER+NAME@PARENT10
(kept for the next run); each check's JSON goes to OUTDIR.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def rows():
    with open(os.path.join(HERE, 'fixes.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                repo, fix, parent, path, lineno, what, kind = line.rstrip('\n').split('\t')
                yield {'repo': repo, 'fix': fix, 'parent': parent, 'path': path, 'line': int(lineno),
                       'what': what, 'kind': kind}


def near(x, want, slack):
    return x.get('file', '').endswith('/' + want['path']) and abs(x.get('line', 0) - want['line']) <= slack


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-b', default=os.path.join(HERE, '../../build/entrycheck'))
    ap.add_argument('-s', type=int, default=2)
    ap.add_argument('--reuse', action='store_true', help='score the checks OUTDIR already holds')
    ap.add_argument('mirrors')
    ap.add_argument('trees')
    ap.add_argument('out')
    a = ap.parse_args()
    binary = os.path.abspath(a.b)
    os.makedirs(a.out, exist_ok=True)
    found = total = 0
    results = {}
    for r in rows():
        name = r['repo'].replace('/', '+') + '@' + r['parent'][:10]
        tree = os.path.join(a.trees, name)
        if not os.path.isdir(tree):
            subprocess.run([os.path.join(HERE, '../../../shared/tools/unpack-mirror.sh'),
                            os.path.join(a.mirrors, r['repo'].replace('/', '+'), 'repo'), tree, r['parent']],
                           check=True, capture_output=True)
        if name not in results:
            out = os.path.join(a.out, name + '.json')
            if not (a.reuse and os.path.exists(out)):
                subprocess.run([binary, 'check', '--format', 'json', '-o', out, name], cwd=a.trees,
                               capture_output=True)
            try:
                with open(out, encoding='utf-8') as f:
                    results[name] = [x for x in json.load(f).get('findings', [])
                                     if x.get('level') in ('error', 'warning')]
            except (OSError, ValueError):
                results[name] = []
        hits = [x for x in results[name]
                if near(x, r, a.s) or any(near(y, r, a.s) for y in x.get('related', []))
                or any(near(y, r, 0) for y in x.get('path', []))]
        total += 1
        found += bool(hits)
        rules = ','.join(sorted({x['ruleId'] for x in hits}))
        print(f"{'found ' + rules if hits else 'missed':14} {r['kind']:16} {name}/{r['path']}:{r['line']}  {r['what'][:90]}")
    print(f'fixed defects found: {found} of {total}')


if __name__ == '__main__':
    sys.exit(main())
