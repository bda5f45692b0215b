#!/usr/bin/env bash
# The BPF agreement test again, inside a new pid namespace with its own /proc:
# the iterator must record the namespace's pids (what libproc2 and /proc show
# there), not the initial namespace's.  Exit status of the C test; 77 (skip)
# when a pid namespace cannot be made here.
#   usage: pidns.sh TEST_BPF
test_bpf=$1
command -v unshare >/dev/null || { echo "SKIP: unshare (util-linux) is missing"; exit 77; }
unshare --pid --fork --mount-proc true 2>/dev/null ||
	{ echo "SKIP: cannot create a pid namespace here (needs root or user namespaces)"; exit 77; }
# bash stays pid 1 of the namespace: the test and its helpers are never orphans of it.
unshare --pid --fork --mount-proc bash -c '"$1"; exit $?' _ "$test_bpf"
