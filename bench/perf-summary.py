#!/usr/bin/env python3
"""Summarises `perf script -F comm,tid,ip,sym,dso` of a .NET process (bench/profile.sh perf): where on-CPU samples
land by module (kernel, runtime, managed assembly), the top leaf methods, and the top frames inclusive."""
import collections, re, sys

def simplify(sym, dso):
    m = re.search(r'\[([\w.]+)\] ([\w.`+<>|,\[\]]+?)::([\w<>|`.]+)', sym)
    if m:
        return m.group(1), f'{m.group(2)}::{m.group(3)}'
    if 'kernel.kallsyms' in dso:
        return 'kernel', sym
    module = dso.rsplit('/', 1)[-1].rstrip(')')
    return module, sym if sym != '[unknown]' else module

samples = []
current = []
for line in open(sys.argv[1], errors='replace'):
    line = line.rstrip('\n')
    if not line.strip():
        if current:
            samples.append(current)
        current = []
        continue
    if line.startswith('\t') or line.startswith(' '):
        parts = line.strip().split(' ', 1)
        if len(parts) < 2:
            continue
        rest = parts[1]
        dso = rest[rest.rfind('(') + 1:] if '(' in rest else ''
        sym = rest[:rest.rfind('(')].strip() if '(' in rest else rest
        current.append(simplify(sym, dso))
if current:
    samples.append(current)

total = len(samples)
by_module = collections.Counter()
leaf = collections.Counter()
inclusive = collections.Counter()
for frames in samples:
    if not frames:
        continue
    by_module[frames[0][0]] += 1
    leaf[frames[0][1]] += 1
    for name in {f[1] for f in frames}:
        inclusive[name] += 1

def show(title, counter, n):
    print(f'== {title}')
    for name, count in counter.most_common(n):
        print(f'{100 * count / total:6.2f}%  {name[:150]}')

print(f'{total} on-CPU samples')
show('by module of the leaf frame', by_module, 20)
show('leaf frames (exclusive)', leaf, 30)
show('frames, inclusive', inclusive, int(sys.argv[2]) if len(sys.argv) > 2 else 60)
