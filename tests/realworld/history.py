#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# The history set: older versions of the development repositories' DriverEntry files. Their code is
# code the rules were not tuned on (other shapes, and the bugs their authors fixed later), so it
# measures whether precision and recall generalize. Prints a list for run.sh -r, one line per tree:
#
#   tests/realworld/history.py [-k PER_REPO] MIRRORS REPOS... > repos3.txt
#
# MIRRORS holds OWNER+NAME/repo git directories (the search tool's fetch); REPOS are lists of
# (repository, commit), the measured commits. For each repository it takes the commits before the
# measured one that changed a file defining DriverEntry, and picks PER_REPO of them evenly spaced,
# oldest last. The tree name is OWNER/NAME@SHORT so run.sh keeps each version apart.
import argparse
import os
import subprocess
import sys


def git(gitdir, *args):
    r = subprocess.run(['git', '--git-dir', gitdir, *args], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else ''


def entry_files(gitdir, commit):
    out = git(gitdir, 'grep', '-l', '-E', r'\bDriverEntry[[:space:]]*\(', commit, '--',
              '*.c', '*.cpp', '*.cc', '*.cxx', '*.h')
    return sorted({line.split(':', 1)[1] for line in out.splitlines() if ':' in line})


def pick(commits, k):
    # Evenly spaced over the older history, never the measured version (the first).
    older = commits[1:]
    if not older or k <= 0:
        return []
    if len(older) <= k:
        return older
    step = len(older) / k
    return [older[int(step * i + step / 2)] for i in range(k)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-k', type=int, default=2)
    ap.add_argument('mirrors')
    ap.add_argument('repos', nargs='+')
    a = ap.parse_args()
    for lst in a.repos:
        for line in open(lst):
            parts = line.split()
            if len(parts) < 2:
                continue
            repo, commit = parts[0], parts[1]
            gitdir = os.path.join(a.mirrors, repo.replace('/', '+'), 'repo')
            if not os.path.isdir(gitdir):
                print(f'# {repo}: no mirror at {gitdir}', file=sys.stderr)
                continue
            files = entry_files(gitdir, commit)
            if not files:
                print(f'# {repo}: no DriverEntry file at {commit[:12]}', file=sys.stderr)
                continue
            # The newest commit that changed them gives the measured files themselves.
            commits = git(gitdir, 'log', '--format=%H', commit, '--', *files).split()
            for c in pick(commits, a.k):
                print(f'{repo}@{c[:10]} {c}')


if __name__ == '__main__':
    main()
