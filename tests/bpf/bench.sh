#!/usr/bin/env bash
# Benchmark: text vs BPF counting on the reference workload W1 of DESIGN.md
# (the live system plus 4 processes x 60,000 VMAs and 300 small processes).
# In the same run, medians of: one count pass with each backend (core API,
# bench-bpf), `vmatop -b -n 1 --backend text|bpf`, the CPU of each further
# refresh (-n 11 against -n 1), and the kernel's text floor
# `cat /proc/[0-9]*/maps > /dev/null`.  The BPF one-shot runs twice: without
# the BTF cache (VMATOP_CACHE_DIR empty: libbpf parses the whole vmlinux BTF)
# and with it warm (a cache directory of this run, filled by one cold run).  Prints figures and ratios; the checks
# are only that W1 was built and both backends count its helpers exactly.
#   usage: bench.sh BENCH_BPF [RUNS]
. "$TESTS_DIR/lib.sh"

bench_bpf=$1
runs=${2:-11}
big=60000
small=300
limit=$(t_max_map_count)
[ "$limit" -gt "$big" ] || t_skip "vm.max_map_count $limit is below $((big + 1))"

echo "building W1: 4 x $big VMAs + $small small processes ..."
bigs=()
for _ in 1 2 3 4; do t_helper p --vmas "$big"; bigs+=("$p"); done
for _ in $(seq "$small"); do
	"$VMAHELPER" --vmas 0 >>"$T_TMP/small" 2>&1 &
	T_PIDS="$T_PIDS $!"
done
for _ in $(seq 600); do
	[ "$(grep -c '^READY ' "$T_TMP/small")" -ge "$small" ] && break
	sleep 0.05
done
t_eq "W1: all $small small helpers are up" "$small" "$(grep -c '^READY ' "$T_TMP/small")"
echo "workload: $(ls -d /proc/[0-9]* 2>/dev/null | wc -l) processes, $(cat /proc/[0-9]*/maps 2>/dev/null | wc -l) maps lines"

export VMATOP_CACHE_DIR=$T_TMP/btfcache
mkdir -m 700 "$VMATOP_CACHE_DIR"
for be in text bpf; do
	out=$("$VMATOP" -b -n 1 --backend "$be" 2>&1)
	got=$(awk -v p="${bigs[0]}" '$1 == p { print $3 }' <<<"$out")
	case $out in
	*"not permitted"*|*"without BPF"*) echo "$be backend not available: $out" ;;
	*) t_eq "W1: $be backend counts a big helper exactly" "$(t_kernel_count "${bigs[0]}")" "$got" ;;
	esac
done

echo
"$bench_bpf" "$runs"

ms() { date +%s%N; }
# median_ms CMD...: wall time, median of $runs runs after one warm-up.
median_ms() {
	local t=() i s e
	"$@" >/dev/null 2>&1
	for ((i = 0; i < runs; i++)); do
		s=$(ms); "$@" >/dev/null 2>&1; e=$(ms)
		t+=($(((e - s) / 1000)))
	done
	printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)] / 1000}'
}
# cpu_ms CMD...: user+sys CPU time of CMD in ms (median of 3).
cpu_ms() {
	local t=() i
	for i in 1 2 3; do
		t+=($( { TIMEFORMAT='%3U %3S'; time "$@" >/dev/null 2>&1; } 2>&1 |
			awk '{printf "%d", ($1 + $2) * 1000}'))
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}
floor_cmd() { cat /proc/[0-9]*/maps >/dev/null 2>&1; }

floor=$(median_ms floor_cmd)
text=$(median_ms "$VMATOP" -b -n 1 --backend text)
bpf=$(median_ms "$VMATOP" -b -n 1 --backend bpf)
nocache=$(VMATOP_CACHE_DIR='' median_ms "$VMATOP" -b -n 1 --backend bpf)
floor2=$(median_ms floor_cmd)
[ -n "$(ls "$VMATOP_CACHE_DIR")" ] || echo "note: no BTF cache was stored (no bpftool?): both bpf runs are cold"
echo
echo "median of $runs runs (wall time, including process start):"
echo "  cat /proc/[0-9]*/maps > /dev/null  : $floor ms (again after: $floor2 ms)"
echo "  vmatop -b -n 1 --backend text      : $text ms"
echo "  vmatop -b -n 1 --backend bpf       : $bpf ms (BTF cache warm)"
echo "  same, without the BTF cache        : $nocache ms"
awk -v t="$text" -v b="$bpf" -v n="$nocache" -v f="$floor" -v g="$floor2" 'BEGIN {
	m = (f + g) / 2
	printf "  ratio text / floor                 : %.3f\n", t / m
	printf "  ratio bpf / floor                  : %.3f (target: at most 0.3)\n", b / m
	printf "  ratio bpf without cache / floor    : %.3f\n", n / m
	printf "  ratio text / bpf                   : %.1fx\n", t / b }'

echo
echo "CPU of one further refresh, (cpu(-n 11 -d 0.05) - cpu(-n 1)) / 10, median of 3:"
for be in text bpf; do
	one=$(cpu_ms "$VMATOP" -b -n 1 --backend "$be")
	eleven=$(cpu_ms "$VMATOP" -b -n 11 -d 0.05 --backend "$be")
	awk -v be="$be" -v a="$one" -v b="$eleven" 'BEGIN {
		printf "  %-4s: %.1f ms per refresh (one-shot -n 1: %d ms CPU)\n", be, (b - a) / 10, a }'
done
t_done
