#!/usr/bin/env python3
"""The architecture's rules, checked on the built objects and the sources.

  layers.py LIBVMATOP.a LIBVMATOP_TUI.a MAIN_OBJECT_DIR SRCROOT

1. No circles: between the object files of each library, "A calls B" (A
   has an undefined symbol B defines) forms no cycle.
2. One direction: the core (libvmatop) calls nothing in the program; in the
   program main.c calls commands, nothing calls main.c.
3. The core never draws: no object of libvmatop uses ncurses.
4. The program builds no JSON and opens no /proc: no object of
   libvmatop_tui calls jansson's json_* builders, no tui/*.c names "/proc".
Each broken rule is printed on one line; exit 1 if any.
"""
import os
import re
import subprocess
import sys

CURSES = re.compile(r'^(initscr|newterm|endwin|wrefresh|refresh|mvw?addn?w?str|wattr_?on|'
                    r'attr_?on|mvw?printw|getch|wgetch|keypad|start_color|init_pair)$')


def members(archive):
    """{member: (defined set, undefined set)} from nm of a static archive."""
    out = subprocess.run(['nm', '-A', archive], capture_output=True, text=True, check=True).stdout
    objs = {}
    for line in out.splitlines():
        # archive:member.o:  U sym   or   archive:member.o:0000 T sym
        m = re.match(r'^[^:]+:([^:]+):\s*(?:[0-9a-f]+\s+)?([A-Za-z])\s+(\S+)$', line)
        if not m:
            continue
        member, kind, sym = m.groups()
        name = re.sub(r"\.c\.o$|\.o$", "", os.path.basename(member))
        d, u = objs.setdefault(name, (set(), set()))
        if kind == 'U':
            u.add(sym)
        elif kind in 'TDBRCGSVW' and kind.isupper():
            d.add(sym)
    return objs


def graph(objs):
    owner = {}
    for name, (d, _) in objs.items():
        for s in d:
            owner.setdefault(s, name)
    edges = {n: set() for n in objs}
    for name, (_, u) in objs.items():
        for s in u:
            o = owner.get(s)
            if o and o != name:
                edges[name].add(o)
    return edges


def cycles(edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    if len(sys.argv) != 4:
        print('usage: layers.py LIBVMATOP.a LIBVMATOP_TUI.a SRCROOT', file=sys.stderr)
        return 2
    core_a, tui_a, root = sys.argv[1:]
    core, tui = members(core_a), members(tui_a)
    broken = 0

    def fail(msg):
        nonlocal broken
        broken += 1
        print('FAIL: ' + msg)

    for label, objs in (('src', core), ('tui', tui)):
        comps = cycles(graph(objs))
        for c in comps:
            fail('%s/ files call each other in a circle: %s' % (label, ' <-> '.join(c)))
        if not comps:
            print('ok: no circles among the %d files of %s/' % (len(objs), label))

    tui_defs = set().union(*(d for d, _ in tui.values()))
    for name, (_, u) in sorted(core.items()):
        up = sorted(u & tui_defs)
        if up:
            fail('src/%s calls the program (tui/): %s' % (name, ', '.join(up[:5])))
        drawn = sorted(s for s in u if CURSES.match(s))
        if drawn:
            fail('src/%s uses ncurses: %s' % (name, ', '.join(drawn[:5])))
    print('ok: the core calls nothing in tui/ and nothing of ncurses')

    for name, (_, u) in sorted(tui.items()):
        js = sorted(s for s in u if s.startswith('json_'))
        if js:
            fail('tui/%s builds JSON itself (%s): writers belong in src/' % (name, ', '.join(js[:5])))
    tui_dir = os.path.join(root, 'tui')
    for f in sorted(os.listdir(tui_dir)):
        if not f.endswith(('.c', '.h')):
            continue
        with open(os.path.join(tui_dir, f), encoding='utf-8', errors='replace') as fh:
            for no, line in enumerate(fh, 1):
                code = line.split('//')[0]
                if re.search(r'"/proc[/"]', code):
                    fail('tui/%s:%d names /proc: reading /proc belongs in src/' % (f, no))
    print('ok: checked tui/ for JSON building and /proc')
    if broken:
        print('%d rule(s) broken' % broken)
        return 1
    print('all architecture rules hold')
    return 0


if __name__ == '__main__':
    sys.exit(main())
