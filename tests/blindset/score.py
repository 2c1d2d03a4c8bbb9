#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Scores entrycheck on the blind set: small hobby-style drivers written by a session that never read
entrycheck's rules or code, from Microsoft's documentation alone, with their defects labelled apart
(labels.tsv). It measures recall (labelled defects found) and false alarms (warnings and errors that
match no defect), driver by driver: each driver's files (same NN- prefix) are checked on their own.

    tests/blindset/score.py [-s SET] [ENTRYCHECK]      (default build/entrycheck)

SET is the folder of a set (its labels.tsv and src/): this one by default, tests/blindset2 for the second.
"""
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def labels(folder):
    out = collections.OrderedDict()
    with open(os.path.join(folder, 'labels.tsv'), encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'):
                continue
            fields = line.rstrip('\n').split('\t')
            # One row per driver (the NN- prefix), its defects from every file of it.
            defects = out.setdefault(fields[0].split('-', 1)[0] + '-', [])
            if fields[1] != '-':
                defects.append({'file': fields[0], 'lines': [int(x) for x in fields[1].split(',')],
                                'rules': fields[2].split(','), 'what': fields[3], 'by': None})
    return out


def check(binary, folder, files):
    r = subprocess.run([binary, 'check', '--no-cache', '--format', 'json', *files],
                       cwd=os.path.join(folder, 'src'), capture_output=True, text=True)
    try:
        return [x for x in json.loads(r.stdout).get('findings', []) if x.get('level') in ('error', 'warning')]
    except ValueError:
        sys.exit(f'score.py: {binary} gave no JSON for {files}: {r.stderr.strip()}')


def states(defect, finding):
    return '*' in defect['rules'] or finding['ruleId'] in defect['rules']


def in_file(defect, path):
    """Whether `path` is the defect's file: a label naming a file (NN-x.c, NN-x/y.c) matches that file
    only; one naming a project folder, any file of it."""
    named = defect['file']
    return path == named or not os.path.splitext(named)[1]


def fitting(finding, defects, places):
    return [j for j, d in enumerate(defects)
            if states(d, finding) and any(x in d['lines'] and in_file(d, path) for path, x in places)]


def assign(findings, defects, driver):
    """Marks each defect found by at most one finding, each finding stating at most one defect, as
    many defects as can be (a maximum matching, by augmenting paths): a finding whose lines fit two
    defects must not take the one another finding alone fits. A finding's own line is tried before
    its related lines. Returns the findings that fit no defect."""
    own, fits = [], []
    for f in findings:
        main = (f['file'], f['line']) if f.get('file', '').startswith(driver) else None
        related = [(r['file'], r['line']) for r in f.get('related', []) if r.get('file', '').startswith(driver)]
        own.append(fitting(f, defects, [main] if main else []))
        fits.append(fitting(f, defects, [x for x in [main, *related] if x]))
    owner = [None] * len(defects)

    def augment(edges, i, seen):
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] is None or augment(edges, owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for edges in (own, fits):
        for i in range(len(findings)):
            if i not in owner:
                augment(edges, i, set())
    for j, i in enumerate(owner):
        defects[j]['by'] = findings[i] if i is not None else None
    # One leak is one finding: the other failure returns that leave it are its related locations
    # "also returns failure here without it" (DE006). Each such return at a defect's fault line
    # reports that defect too.
    for f in findings:
        for r in f.get('related', []):
            if r.get('file', '').startswith(driver) and r.get('message', '').startswith('also returns failure here'):
                for d in defects:
                    if d['by'] is None and states(d, f) and d['lines'][0] == r['line'] and in_file(d, r['file']):
                        d['by'] = f
    return [f for f, fit in zip(findings, fits) if not fit]


def main():
    args = sys.argv[1:]
    folder = HERE
    if args[:1] == ['-s'] and len(args) > 1:
        folder, args = os.path.abspath(args[1]), args[2:]
    binary = os.path.abspath(args[0] if args else os.path.join(HERE, '../../build/entrycheck'))
    sources = sorted(os.listdir(os.path.join(folder, 'src')))
    table = labels(folder)
    found = total = false = 0
    for driver, defects in table.items():
        name = next((s for s in sources if s.startswith(driver)), driver)
        files = [s for s in sources if s.startswith(driver) and not s.endswith('.h')]
        falses = [f"{x['file']}:{x['line']} {x['ruleId']}"
                  for x in assign(check(binary, folder, files), defects, driver)]
        n = sum(d['by'] is not None for d in defects)
        found += n
        total += len(defects)
        false += len(falses)
        marks = ', '.join(('found by ' + d['by']['ruleId']) if d['by'] else 'MISSED: ' + d['what'] for d in defects)
        print(f"{name:28} {n}/{len(defects)} {marks or 'no defect'}{'; FALSE: ' + ', '.join(falses) if falses else ''}")
    print(f'defects found: {found} of {total} ({100.0 * found / total:.0f}%); false warnings and errors: {false}')


if __name__ == '__main__':
    main()
