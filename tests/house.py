#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/house.py SRC_DIR — the house rules of calc/ (docs/architecture.md), checked from
the sources: every #include and every call to a ybp_/yb_ function defined in calc/ must
point to the same folder or a folder below it, and no two files may call each other in
a loop (a cycle of any length between files). cli/, bench/ and fuzz/ may include only the
public header and their own headers (and fuzz/, cli.h: fuzz_api drives the HTTP API). Prints each violation; exits 1 on any."""
import os, re, sys

src = sys.argv[1] if len(sys.argv) > 1 else '.'
# Floors: a folder may use its own and those of a lower floor; claim and compile are
# siblings (neither uses the other).
FLOOR = {'base': 0, 'model': 1, 'compile': 2, 'claim': 2, 'settle': 3, 'out': 4}
bad = []

def strip(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    return text

files = {}
for folder in FLOOR:
    d = os.path.join(src, 'calc', folder)
    for f in sorted(os.listdir(d)):
        if f.endswith(('.c', '.h')):
            files[f'{folder}/{f}'] = strip(open(os.path.join(d, f), encoding='utf-8').read())
stray = [f for f in os.listdir(os.path.join(src, 'calc')) if f.endswith(('.c', '.h'))]
for f in stray:
    bad.append(f'calc/{f}: a file outside the folders (every file belongs to a stage)')

def allowed(a, b):
    fa, fb = a.split('/')[0], b.split('/')[0]
    return fa == fb or (FLOOR[fb] < FLOOR[fa])

# Includes
for f, text in files.items():
    for inc in re.findall(r'#include\s+"([^"]+)"', open(os.path.join(src, 'calc', f), encoding='utf-8').read()):
        if inc == 'yibao.h':
            continue
        if inc not in files:
            bad.append(f'calc/{f}: includes "{inc}", which is not a calc/ header')
        elif not allowed(f, inc):
            bad.append(f'calc/{f}: includes {inc}, a floor above it')

# Definitions: function bodies at the top level of .c files
defined = {}
for f, text in files.items():
    if not f.endswith('.c'):
        continue
    for m in re.finditer(r'^[A-Za-z][^;{}()=]*?\b((?:ybp|yb)_[A-Za-z0-9_]+)\s*\([^;{]*\)\s*\{', text, flags=re.M):
        defined[m.group(1)] = f

# Calls
calls = {f: set() for f in files}
for f, text in files.items():
    if not f.endswith('.c'):
        continue
    for name in set(re.findall(r'\b((?:ybp|yb)_[A-Za-z0-9_]+)\s*\(', text)):
        g = defined.get(name)
        if g is None or g == f:
            continue
        calls[f].add(g)
        if not allowed(f, g):
            bad.append(f'calc/{f}: calls {name}() of calc/{g}, a floor above it (or a sibling)')

# Cycles between files (Tarjan's strongly connected components)
index, low, on, stack, out, n = {}, {}, set(), [], [], [0]
def connect(v):
    index[v] = low[v] = n[0]; n[0] += 1
    stack.append(v); on.add(v)
    for w in calls[v]:
        if w not in index:
            connect(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            out.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in calls:
    if v not in index:
        connect(v)
for comp in out:
    bad.append('a circle of calls between ' + ', '.join('calc/' + c for c in comp))

# The front ends see only the public header
for d in ('cli', 'bench', 'fuzz'):
    p = os.path.join(src, d)
    own = {f for f in os.listdir(p) if f.endswith('.h')}
    for f in sorted(os.listdir(p)):
        if not f.endswith(('.c', '.h')):
            continue
        for inc in re.findall(r'#include\s+"([^"]+)"', open(os.path.join(p, f), encoding='utf-8').read()):
            # fuzz_api fuzzes the HTTP API's answer function, which lives in cli/
            if inc != 'yibao.h' and inc not in own and not (d == 'fuzz' and inc == 'cli.h'):
                bad.append(f'{d}/{f}: includes "{inc}": only yibao.h and {d}/\'s own headers')

# Every source file names its licence; code cites the project's docs/, never a spec kept
# outside the repository.
for top, dirs, names in os.walk(src):
    dirs[:] = [d for d in dirs if not d.startswith(('.', 'build')) and d != 'node_modules']
    for f in names:
        p = os.path.join(top, f)
        rel = os.path.relpath(p, src)
        if f.endswith(('.c', '.h', '.sh', '.py')) or f == 'CMakeLists.txt':
            text = open(p, encoding='utf-8', errors='replace').read()
            if 'SPDX-License-Identifier: MIT' not in text[:300]:
                bad.append(f'{rel}: no SPDX-License-Identifier line')
            if rel.startswith(('calc', 'include', 'cli')) and re.search(r'spec/[A-Za-z]+\.md|\.\./shared/', text):
                bad.append(f'{rel}: cites a contract outside the repository (cite docs/)')

arrows = sum(len(v) for v in calls.values())
print(f'house: {len(files)} files in {len(FLOOR)} folders, {arrows} arrows between files, '
      f'{len(out)} circles, {len(bad)} violations')
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
