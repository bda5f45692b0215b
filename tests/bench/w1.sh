#!/usr/bin/env bash
# Benchmark: the reference workload W1 of DESIGN.md (the live system plus 4
# processes with 60,000 VMAs each and 300 small processes), then the median
# time of `vmatop -b -n 1` against the kernel's floor, `cat /proc/[0-9]*/maps`,
# measured in the same run.  Prints the ratio (target <= 1.1).  Not a pass/fail
# test: it fails only if the workload cannot be built.
#   usage: w1.sh [RUNS] [extra vmatop args...]
. "$TESTS_DIR/lib.sh"

runs=${1:-11}
shift || true
big=60000
limit=$(t_max_map_count)
[ "$limit" -gt "$big" ] || t_skip "vm.max_map_count $limit is below $big"

echo "building W1: 4 x $big VMAs + 300 small processes ..."
for _ in 1 2 3 4; do t_helper p --vmas "$big"; done
for _ in $(seq 300); do
	"$VMAHELPER" --vmas 0 >/dev/null 2>&1 &
	T_PIDS="$T_PIDS $!"
done
sleep 1
procs=$(ls -d /proc/[0-9]* | wc -l)
vmas=$(cat /proc/[0-9]*/maps 2>/dev/null | wc -l)
echo "workload: $procs processes, ~$vmas maps lines"

now_ns() { date +%s%N; }
# median_ms CMD...: run CMD $runs times (after one warm-up), print the median in ms.
median_ms() {
	local t=() i s e
	"$@" >/dev/null 2>&1
	for ((i = 0; i < runs; i++)); do
		s=$(now_ns); "$@" >/dev/null 2>&1; e=$(now_ns)
		t+=($(( (e - s) / 1000 )))
	done
	printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)] / 1000}'
}

floor_cmd() { cat /proc/[0-9]*/maps >/dev/null 2>&1; }
floor=$(median_ms floor_cmd)
scan=$(median_ms "$VMATOP" -b -n 1 "$@")
floor2=$(median_ms floor_cmd)
echo "median of $runs runs:"
echo "  cat /proc/[0-9]*/maps > /dev/null : $floor ms (again after: $floor2 ms)"
echo "  vmatop -b -n 1 $*                 : $scan ms"
awk -v s="$scan" -v f="$floor" -v g="$floor2" 'BEGIN {
	m = (f + g) / 2
	printf "  ratio vmatop / floor            : %.3f (target <= 1.1)\n", s / m }'
T_CHECKS=1
t_done
