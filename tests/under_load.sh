#!/bin/bash
# Run the whole suite while another process sits at vm.max_map_count beside it
# (tests must assert only about the processes they start).  Usage:
#   tests/under_load.sh [BUILD_DIR]      (default: build)
# Starts `vmahelper --grow` (grows until ENOMEM, then waits at the limit), and a
# second one growing at 2000 VMAs/s, runs `meson test -C BUILD_DIR`, stops both,
# and exits with the suite's status.  Not a meson test itself (it runs them).
set -u
build=${1:-build}
helper="$build/tests/vmahelper"
[ -x "$helper" ] || { echo "no $helper: build first (ninja -C $build)" >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/vmatop-load.XXXXXX")
"$helper" --grow --name vtloadfull >"$out/full" 2>&1 &
full=$!
"$helper" --rate 2000 --name vtloadgrow >"$out/grow" 2>&1 &
grow=$!
trap 'kill "$full" "$grow" 2>/dev/null; wait "$full" "$grow" 2>/dev/null; rm -rf "$out"' EXIT
for i in $(seq 600); do grep -q '^READY' "$out/full" && break; sleep 0.1; done
limit=$(cat /proc/sys/vm/max_map_count)
count=$(awk 'END { n = NR; if ($NF == "[vsyscall]") n--; print n }' "/proc/$full/maps")
echo "beside the suite: pid $full at $count VMAs (limit $limit), pid $grow growing at 2000/s"
meson test -C "$build" --print-errorlogs --num-processes 2
rc=$?
count=$(awk 'END { n = NR; if ($NF == "[vsyscall]") n--; print n }' "/proc/$full/maps")
echo "after the suite: pid $full at $count VMAs; pid $grow at $(awk 'END {print NR}' /proc/$grow/maps 2>/dev/null || echo gone) VMAs"
echo "suite exit status: $rc"
exit $rc
