#!/usr/bin/env bash
# run.sh FUZZER SEED_DIR RUNS: a bounded libFuzzer run in a scratch corpus
# (the seeds in the tree are never written to); a crash fails the test.
set -u
fuzzer=$1 seeds=$2 runs=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/vmatop-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$seeds"/* "$work/corpus/"
"$fuzzer" -runs="$runs" -max_total_time=120 -max_len=8192 -timeout=10 \
	-artifact_prefix="$work/" "$work/corpus" 2>&1 | tail -n 20
rc=${PIPESTATUS[0]}
for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
	[ -e "$crash" ] || continue
	echo "reproducer $(basename "$crash") (base64):"
	base64 "$crash"
done
exit "$rc"
