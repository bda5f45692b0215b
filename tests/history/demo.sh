#!/usr/bin/env bash
# vmatop -b --demo: the child reaches ENOMEM at max_map_count and never outlives vmatop.
. "$TESTS_DIR/lib.sh"

# tests/maps/million.sh raises vm.max_map_count for a moment under an exclusive
# lock: hold it shared so the limit stays the machine's while we compare with it.
exec 9>"${TMPDIR:-/tmp}/vmatop-max-map-count.lock"
flock -s -w 600 9 || t_skip "the vm.max_map_count lock is held elsewhere"
limit=$(t_max_map_count)

# The demo child's pid, from the first line vmatop prints ("... child PID adds ...").
demo_child_of() { awk '/^vmatop demo: child / { print $4; exit }' "$1"; }

# wait_line FILE PATTERN SECONDS: until a line of FILE matches (grep -E).
wait_line() {
	local i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt $(($3 * 20)) ] && return 1
		sleep 0.05
	done
}

# Gone: no such process, or only a zombie left for init to reap (it cannot run).
is_running() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
is_gone() { ! is_running "$1"; }

# 1. ENOMEM at the limit, then SIGTERM: vmatop stops and reaps the child.
out="$T_TMP/enomem.out"
"$VMATOP" -b --demo=200000 -d 0.2 >"$out" 2>&1 &
vt=$!
T_PIDS="$T_PIDS $vt"
t_check "demo header printed" wait_line "$out" '^vmatop demo: child [0-9]+ ' 30
child=$(demo_child_of "$out")
t_check "child is running" is_running "$child"
t_eq "child is vmatop's child" "$vt" "$(awk '{print $4}' "/proc/$child/stat")"
t_eq "child is named vmatop-demo" "vmatop-demo" "$(cat "/proc/$child/comm")"
t_check "child reaches ENOMEM" wait_line "$out" 'ENOMEM at [0-9]+' 120
line=$(grep -m1 'ENOMEM at' "$out")
at=$(sed -E 's/.*ENOMEM at ([0-9]+).*/\1/' <<<"$line")
t_check "ENOMEM count $at >= max_map_count $limit" test "$at" -ge "$limit"
shown=$(awk '{print $3}' <<<"$line")
t_check "count shown at that moment $shown >= max_map_count $limit" test "$shown" -ge "$limit"
pct=$(awk '{print $4}' <<<"$line")
t_check "percent shown at that moment ($pct) >= 100" awk -v p="$pct" 'BEGIN { exit !(p >= 100) }'
t_eq "the row is the child's" "$child" "$(awk '{print $2}' <<<"$line")"
kill -TERM "$vt"
wait "$vt"
rc=$?
t_eq "vmatop dies by SIGTERM after cleaning up" 143 "$rc"
t_check "child reaped after SIGTERM" test ! -e "/proc/$child"

# 2. Normal exit after -n: the child is reaped before vmatop returns.
out2="$T_TMP/normal.out"
"$VMATOP" -b --demo=2000 -n 3 -d 0.3 >"$out2" 2>&1
t_eq "normal exit status" 0 "$?"
child2=$(demo_child_of "$out2")
t_check "normal run named a child ($child2)" test -n "$child2"
t_check "child reaped after a normal exit" test ! -e "/proc/$child2"
t_eq "three data lines" 3 "$(awk -v p="$child2" '$2 == p' "$out2" | wc -l)"
first=$(awk -v p="$child2" '$2 == p {print $3; exit}' "$out2")
last=$(awk -v p="$child2" '$2 == p {v = $3} END {print v}' "$out2")
t_check "count rises ($first -> $last)" test "$last" -gt "$first"
rate=$(awk -v p="$child2" '$2 == p {v = $5} END {print v}' "$out2")
t_check "rate is positive ($rate)" awk -v r="$rate" 'BEGIN { exit !(r + 0 > 0) }'

# 3. SIGINT: same as SIGTERM.  (A background job starts with SIGINT ignored:
# give it the default disposition, as in a foreground terminal.)
out3="$T_TMP/int.out"
env --default-signal=INT "$VMATOP" -b --demo=1000 -d 0.2 >"$out3" 2>&1 &
vt=$!
T_PIDS="$T_PIDS $vt"
t_check "SIGINT run started" wait_line "$out3" '^vmatop demo: child [0-9]+ ' 30
child3=$(demo_child_of "$out3")
t_check "SIGINT run's child is running" is_running "$child3"
kill -INT "$vt"
wait "$vt"
t_eq "vmatop dies by SIGINT" 130 "$?"
t_check "child reaped after SIGINT" test ! -e "/proc/$child3"

# 4. SIGKILL of vmatop: PR_SET_PDEATHSIG kills the child.
out4="$T_TMP/kill.out"
"$VMATOP" -b --demo=1000 -d 0.2 >"$out4" 2>&1 &
vt=$!
T_PIDS="$T_PIDS $vt"
t_check "SIGKILL run started" wait_line "$out4" '^vmatop demo: child [0-9]+ ' 30
child4=$(demo_child_of "$out4")
t_check "SIGKILL run's child is running" is_running "$child4"
kill -KILL "$vt"
wait "$vt" 2>/dev/null
i=0
while is_running "$child4" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
t_check "child dies with vmatop on SIGKILL" is_gone "$child4"

# 5. The reader of the pipe goes away (| head): the child is reaped too.
"$VMATOP" -b --demo=1000 -d 0.1 | head -n 3 >"$T_TMP/pipe.out"
t_eq "vmatop dies by SIGPIPE" 141 "${PIPESTATUS[0]}"
child5=$(demo_child_of "$T_TMP/pipe.out")
t_check "pipe run named a child ($child5)" test -n "$child5"
t_check "child reaped after SIGPIPE" test ! -e "/proc/$child5"

# 6. Machine output is refused with --demo.
"$VMATOP" -b --json --demo >/dev/null 2>"$T_TMP/err"
t_eq "--demo --json exits 2" 2 "$?"
t_check "the error names --demo" grep -q -- '--demo' "$T_TMP/err"
t_done
