#!/bin/bash
# Benchmark: CPU used by the interactive screen at a 1 s refresh, next to htop
# at the same delay (htop -d 10: tenths of a second), both running in tmux over
# the same window, from utime+stime in /proc/PID/stat; and batch mode
# (vmatop -b -d 1) over the same window, the cost of the scans alone, so the
# difference is what the screen costs.  Not pass/fail.
#   usage: bench_cpu.sh [idle|w1] [SECONDS] [extra vmatop args, e.g. --backend text]
#   w1: the reference workload of DESIGN.md (4 x 60,000 VMAs + 300 small processes).
. "$TESTS_DIR/lib.sh"

mode=${1:-idle}
secs=${2:-60}
shift 2 || shift $#
extra="$*"
command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
command -v htop >/dev/null 2>&1 || t_skip "htop is not installed"

if [ "$mode" = w1 ]; then
	[ "$(t_max_map_count)" -gt 60000 ] || t_skip "vm.max_map_count is below 60000"
	for _ in 1 2 3 4; do t_helper p --vmas 60000; done
	for _ in $(seq 300); do
		"$VMAHELPER" --vmas 0 >/dev/null 2>&1 &
		T_PIDS="$T_PIDS $!"
	done
	sleep 1
fi
echo "workload $mode: $(ls -d /proc/[0-9]* | wc -l) processes, ~$(cat /proc/[0-9]*/maps 2>/dev/null | wc -l) maps lines"

SERVERS=""
start() {  # start NAME COMMAND: a tmux server running COMMAND (exec'd: the pane pid is it)
	local name="vmatop-bench-$1-$$"
	SERVERS="$SERVERS $name"
	tmux -L "$name" -f /dev/null new-session -d -x 160 -y 50 "exec $2"
	tmux -L "$name" display -p '#{pane_pid}'
}
trap 'for s in $SERVERS; do tmux -L "$s" kill-server 2>/dev/null; done; t_cleanup' EXIT

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
vpid=$(start vmatop "$VMATOP -d 1 $extra")
hpid=$(start htop "htop -d 10")
"$VMATOP" -b -d 1 $extra >/dev/null 2>&1 &
bpid=$!
T_PIDS="$T_PIDS $bpid"
sleep 3                                   # past start-up: measure the steady state
v0=$(ticks "$vpid"); h0=$(ticks "$hpid"); b0=$(ticks "$bpid")
sleep "$secs"
v1=$(ticks "$vpid"); h1=$(ticks "$hpid"); b1=$(ticks "$bpid")
hz=$(getconf CLK_TCK)
report() {
	awk -v n="$1" -v a="$2" -v b="$3" -v hz="$hz" -v s="$secs" 'BEGIN {
		c = (b - a) / hz; printf "  %-30s %6.2f s CPU in %d s = %5.2f%%\n", n, c, s, c * 100 / s }'
}
echo "CPU over $secs s at a 1 s refresh ($mode):"
report "vmatop -d 1 $extra" "$v0" "$v1"
report "vmatop -b -d 1 $extra" "$b0" "$b1"
report "htop -d 10" "$h0" "$h1"
T_CHECKS=1
t_done
