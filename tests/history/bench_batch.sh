#!/usr/bin/env bash
# Benchmark: what the history allocates in a batch run, counted by valgrind
# (memcheck's allocation tree, every malloc with its stack): `-b -n 1` must
# allocate nothing in the history (one scan has no rate), `-b -n 3` allocates
# its entries and rings; prints the history's bytes per process scanned next
# to htop's ~1.0 KiB.  The check is what is allocated, never a time.
. "$TESTS_DIR/lib.sh"

command -v valgrind >/dev/null || t_skip "valgrind is not installed"
command -v callgrind_annotate >/dev/null || t_skip "callgrind_annotate is not installed"
for _ in $(seq 50); do
	"$VMAHELPER" --vmas 0 >>"$T_TMP/small" 2>&1 &
	T_PIDS="$T_PIDS $!"
done
for _ in $(seq 600); do
	[ "$(grep -c '^READY ' "$T_TMP/small")" -ge 50 ] && break
	sleep 0.05
done

# history_bytes N: bytes malloc'd under vt_history_new + vt_history_apply in -b -n N.
history_bytes() {
	valgrind --tool=memcheck --xtree-memory=full --xtree-memory-file="$T_TMP/xt.$1" \
		"$VMATOP" -b -n "$1" -d 0.05 --backend text >"$T_TMP/out.$1" 2>/dev/null
	callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$T_TMP/xt.$1" 2>/dev/null |
		awk '/history\.c:vt_history_(new|apply)$/ { gsub(",", "", $3); s += $3 } END { print s + 0 }'
}
procs=$(sed -n 's/^Processes: \([0-9]*\) scanned.*/\1/p' <(valgrind -q "$VMATOP" -b -n 1 --backend text 2>/dev/null))
one=$(history_bytes 1)
three=$(history_bytes 3)
t_eq "-b -n 1 allocates nothing in the history" 0 "$one"
t_check "-b -n 3 allocates its history (the count works)" test "$three" -gt 0
echo "history bytes allocated, -b -n 1: $one; -b -n 3: $three over $procs processes:" \
	"$(awk -v b="$three" -v p="$procs" 'BEGIN { printf "%.0f", b / p }') B per process" \
	"(ring grown to 4 samples; htop: about 1.0 KiB per process)"
t_done
