#!/usr/bin/env python3
"""Lists DriverEntry *definitions* found by text alone, as FILE:LINE, to compare
with what entrycheck finds. Comments and strings are blanked first; a definition
is the name followed by a parameter list and then '{' (not ';' or ',')."""
import os
import re
import sys

SOURCES = ('.c', '.cpp', '.cc', '.cxx', '.c++')
NAMES = sys.argv[2:] or ['DriverEntry']


def blank_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (min(j, n) - i - 1) + (c if j < n else '')); i = j + 1
        else:
            out.append(c); i += 1
    return ''.join(out)


def definitions(path):
    try:
        raw = open(path, 'rb').read()
    except OSError:
        return []
    if raw[:2] in (b'\xff\xfe', b'\xfe\xff'):
        text = raw.decode('utf-16', 'replace')
    else:
        text = raw.decode('utf-8', 'replace')
    text = blank_comments(text)
    found = []
    for name in NAMES:
        for m in re.finditer(r'\b%s\s*\(' % re.escape(name), text):
            depth, j = 1, m.end()
            while j < len(text) and depth:
                depth += {'(': 1, ')': -1}.get(text[j], 0)
                j += 1
            rest = text[j:].lstrip()[:400]
            # SAL or attributes may sit between ')' and '{' in rare cases: allow identifiers.
            rest = re.sub(r'^(\w+(\s*\([^)]*\))?\s*)*', '', rest)
            before = text[max(0, m.start() - 2):m.start()].rstrip()
            if rest.startswith('{') and not before.endswith(('.', '>', '=')):
                found.append((path, text.count('\n', 0, m.start()) + 1))
    return found


def main():
    root = sys.argv[1]
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
        for f in sorted(filenames):
            if f.lower().endswith(SOURCES):
                for path, line in definitions(os.path.join(dirpath, f)):
                    print('%s:%d' % (path, line))


if __name__ == '__main__':
    main()
