#!/usr/bin/env python3
"""Every vmatop_* metric a contrib file queries is one vmatop writes.

usage: metrics.py VMATOP FILE...   (.json: a Grafana dashboard; .yml: Prometheus rules)

The list of metrics is vmatop's own output (the # TYPE lines of a real
`vmatop --openmetrics`, which lists every family even when it has no sample),
not a copy kept here.  vmatop_enomem_events_total comes from the recorder
(`vmatop record --openmetrics FILE`); it is accepted when this build's
recorder does not write it yet.  Series of node_exporter (node_*) are allowed.
Exit 0, or 1 naming each unknown metric."""
import json
import os
import re
import subprocess
import sys

import yaml

RECORDER = {"vmatop_enomem_events_total"}


def written(vmatop):
    out = subprocess.run([vmatop, "--openmetrics", "-p", str(os.getpid())],
                         check=True, capture_output=True, text=True).stdout
    names = {l.split()[2] for l in out.splitlines() if l.startswith("# TYPE ")}
    if not names:
        sys.exit("vmatop --openmetrics wrote no metric families")
    return names


def exprs_json(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("expr", "definition") and isinstance(v, str):
                yield v
            elif k == "query" and isinstance(v, dict) and "query" in v:
                yield v["query"]
            else:
                yield from exprs_json(v)
    elif isinstance(node, list):
        for v in node:
            yield from exprs_json(v)


def exprs_rules(doc):
    for g in doc["groups"]:
        for r in g["rules"]:
            yield r["expr"]


def main():
    vmatop, files = sys.argv[1], sys.argv[2:]
    known = written(vmatop)
    bad = 0
    for path in files:
        with open(path) as f:
            if path.endswith(".json"):
                exprs = list(exprs_json(json.load(f)))
            else:
                exprs = list(exprs_rules(yaml.safe_load(f)))
        if not exprs:
            print(f"{path}: no query found")
            bad += 1
        used = set()
        for e in exprs:
            used |= set(re.findall(r"(?<![\w:])vmatop_[a-z0-9_]+", e))
        for m in sorted(used):
            if m in known:
                print(f"ok: {path}: {m} is written by vmatop --openmetrics")
            elif m in RECORDER:
                print(f"ok: {path}: {m} is the recorder's (vmatop record --openmetrics)")
            else:
                print(f"FAIL: {path}: {m} is not a metric vmatop writes")
                bad += 1
        print(f"{path}: {len(exprs)} queries, {len(used)} vmatop metrics")
    return 1 if bad else 0


sys.exit(main())
