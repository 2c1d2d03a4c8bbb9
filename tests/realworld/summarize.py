#!/usr/bin/env python3
"""Prints the real-world table from the outputs run.sh wrote (OUTDIR/<owner+name>/),
then, with --details, every DriverEntry that is not analyzable with its first
error, and the most frequent clang errors and missing includes across the set."""
import collections
import json
import os
import re
import sys


def load(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read(path, default=''):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            return f.read().strip()
    except OSError:
        return default


def state(entry):
    s = entry.get('analyzability')
    if s:
        return s
    return 'analyzable' if entry.get('analyzable') else 'not-analyzable'


def time_fields(path):
    text = read(path)
    wall = re.search(r'Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)', text)
    rss = re.search(r'Maximum resident set size \(kbytes\): (\d+)', text)
    secs = 0.0
    if wall:
        h, m, s = wall.groups()
        secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    return secs, (int(rss.group(1)) / 1024 if rss else 0.0)


def row(name, d):
    entries = load(os.path.join(d, 'entries.json')) or {}
    check = load(os.path.join(d, 'check.json')) or {}
    es = entries.get('entries', [])
    states = collections.Counter(state(e) for e in es)
    stderr = read(os.path.join(d, 'entries.stderr'))
    missing = len(re.findall(r"' not found", stderr))
    rules = collections.Counter(f['ruleId'] for f in check.get('findings', [])
                                if f.get('level') in ('error', 'warning') and not f.get('suppressed'))
    crashes = sum(1 for cmd in ('entries', 'check')
                  if int(read(os.path.join(d, cmd + '.rc'), '0') or 0) >= 124)
    wall_e, rss_e = time_fields(os.path.join(d, 'entries.time'))
    wall_c, rss_c = time_fields(os.path.join(d, 'check.time'))
    grep = [l for l in read(os.path.join(d, 'grep.txt')).splitlines() if l]
    return {
        'repo': name, 'files': int(read(os.path.join(d, 'files'), '0') or 0),
        'found': len(es), 'grep': len(grep), 'analyzable': states['analyzable'],
        'degraded': states['degraded'], 'not': states['not-analyzable'], 'missing': missing,
        'rules': ' '.join('%s:%d' % kv for kv in sorted(rules.items())) or '-',
        'crashes': crashes, 'rc': read(os.path.join(d, 'check.rc'), '?'),
        'wall': wall_e + wall_c, 'rss': max(rss_e, rss_c), 'nfind': sum(rules.values()),
    }


COLUMNS = [('repo', '%-42s'), ('files', '%5s'), ('found', '%5s'), ('grep', '%4s'),
           ('analyzable', '%10s'), ('degraded', '%8s'), ('not', '%3s'), ('missing', '%7s'),
           ('crashes', '%7s'), ('rc', '%2s'), ('wall', '%6s'), ('rss', '%6s'), ('rules', '%s')]


def fmt(r):
    cells = []
    for key, f in COLUMNS:
        v = r[key]
        if key == 'wall':
            v = '%.1f' % v
        elif key == 'rss':
            v = '%.0f' % v
        cells.append(f % v)
    return ' '.join(cells)


def details(out, names):
    errors, includes = collections.Counter(), collections.Counter()
    print('\nNot analyzable:')
    for name in names:
        d = os.path.join(out, name)
        for e in (load(os.path.join(d, 'entries.json')) or {}).get('entries', []):
            if state(e) == 'not-analyzable':
                print('  %s:%s %s' % (e['file'], e['line'], e.get('reason') or e.get('first_error') or ''))
        stderr = read(os.path.join(d, 'entries.stderr'))
        for m in re.finditer(r'cannot be analyzed: .*?\(\d+:\d+: (.*)\)$', stderr, re.M):
            errors[m.group(1)] += 1
        for m in re.finditer(r"the first: .*?:\d+:\d+: (.*)$", stderr, re.M):
            errors[m.group(1)] += 1
        for m in re.finditer(r"'([^']+)' not found", stderr):
            includes[os.path.basename(m.group(1).replace('\\', '/')).lower()] += 1
    print('\nFirst clang errors, most frequent first:')
    for msg, n in errors.most_common(40):
        print('  %4d  %s' % (n, msg))
    print('\nIncludes not found, most frequent first:')
    for inc, n in includes.most_common(40):
        print('  %4d  %s' % (n, inc))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    out = args[0] if args else '/tmp/realworld-out'
    names = sorted(n for n in os.listdir(out) if os.path.isdir(os.path.join(out, n)))
    rows = [row(n, os.path.join(out, n)) for n in names]
    header = dict((k, k) for k, _ in COLUMNS)
    print(' '.join(f.replace('d', 's').replace('.1f', 's') % header[k] for k, f in COLUMNS))
    total = collections.Counter()
    rules = collections.Counter()
    with open(os.path.join(out, 'summary.tsv'), 'w', encoding='utf-8') as tsv:
        tsv.write('\t'.join(k for k, _ in COLUMNS) + '\n')
        for r in rows:
            print(fmt(r))
            tsv.write('\t'.join(str(r[k]) for k, _ in COLUMNS) + '\n')
            for k in ('files', 'found', 'grep', 'analyzable', 'degraded', 'not', 'missing',
                      'crashes', 'wall', 'nfind'):
                total[k] += r[k]
            for part in r['rules'].split():
                if ':' in part:
                    rid, n = part.split(':')
                    rules[rid] += int(n)
    t = dict(total)
    t.update(repo='total (%d repositories)' % len(rows), rc='', rss=max([r['rss'] for r in rows] or [0]),
             rules=' '.join('%s:%d' % kv for kv in sorted(rules.items())) or '-')
    print(fmt(t))
    if total['found']:
        ok = total['analyzable'] + total['degraded']
        print('analyzable or degraded: %d of %d (%.1f%%); analyzable: %.1f%%; warnings and errors: %d'
              % (ok, total['found'], 100.0 * ok / total['found'],
                 100.0 * total['analyzable'] / total['found'], total['nfind']))
    if '--details' in sys.argv:
        details(out, names)


if __name__ == '__main__':
    main()
