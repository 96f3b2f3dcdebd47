#!/usr/bin/env python3
"""List C function definitions by length, longest first.

Usage: scripts/func-lengths.py [--over N] [FILE|DIR ...]   (default: src)

A definition is counted the way this project writes them (the project's style: the
name at the start of a line, the body's braces in column 0), from the line
of its name to its closing brace.  Good enough to find the long ones; not a
C parser.
"""
import os
import re
import signal
import sys

HEAD = re.compile(r'^[A-Za-z_][\w\s\*,()\[\]]*?\b(\w+)\s*\(')


def functions(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        m = HEAD.match(lines[i])
        if m and not lines[i].rstrip().endswith(';') and not lines[i].startswith(('typedef', 'struct', 'enum', 'static const', 'const')) or (m and lines[i].startswith(('static const', 'const')) and '(' in lines[i] and not '=' in lines[i]):
            j = i
            while j < len(lines) and lines[j] != '{' and not lines[j].rstrip().endswith(';') and j - i < 8:
                j += 1
            if j < len(lines) and lines[j] == '{':
                k = j + 1
                while k < len(lines) and lines[k] != '}':
                    k += 1
                yield m.group(1), i + 1, k - i + 1
                i = k
        i += 1


def main(argv):
    over = 0
    if len(argv) > 1 and argv[0] == '--over':
        over = int(argv[1])
        argv = argv[2:]
    paths = argv or ['src']
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith('.c')]
        else:
            files.append(p)
    rows = [(n, path, line, name) for path in sorted(files)
            for name, line, n in functions(path)]
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    for n, path, line, name in rows:
        if n > over:
            print(f'{n:5d}  {path}:{line}  {name}')


if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under head
    main(sys.argv[1:])
