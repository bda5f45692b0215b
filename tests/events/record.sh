#!/usr/bin/env bash
# The recorder keeps ENOMEM events: `vmatop record` with the catcher stores
# the failures of helpers this test starts (exact pids, calls, causes and
# counts), `-b --db --events` lists them (JSON and text, --since, -p), and the
# --openmetrics file's vmatop_enomem_events_total equals the store's count per
# cause (the catcher sees the whole machine: other tests' events count too).
. "$TESTS_DIR/lib.sh"

"$VMATOP" --version | grep -q '^counting backends: .*bpf' || t_skip "vmatop is built without BPF"
DB=$T_TMP/history.db
OM=$T_TMP/vmatop.prom

"$VMATOP" -b --events >/dev/null 2>"$T_TMP/err"
t_eq "--events without --db exits 2" 2 $?
t_check "--events without --db: says so" grep -q -- "--events: only with --db PATH" "$T_TMP/err"
"$VMATOP" --db "$DB" --events --at -1m >/dev/null 2>"$T_TMP/err"
t_eq "--events with --at exits 2" 2 $?

t_helper a --fail-as --on-usr1
t_helper g --grow --fail-mmap --on-usr1
"$VMATOP" record --db "$DB" -d 0.2 --openmetrics "$OM" 2>"$T_TMP/rec.err" &
rec=$!
T_PIDS="$T_PIDS $rec"
for _ in $(seq 200); do
	ls -l "/proc/$rec/fd" 2>/dev/null | grep -q 'anon_inode:\[eventpoll\]' && break
	kill -0 "$rec" 2>/dev/null || break
	sleep 0.05
done
if ! ls -l "/proc/$rec/fd" 2>/dev/null | grep -q 'anon_inode:\[eventpoll\]'; then
	err=$(cat "$T_TMP/rec.err")
	[ "$(id -u)" -ne 0 ] && t_skip "the catcher cannot load here: $err"
	echo "FAIL: root, and record's catcher did not start: $err"; exit 1
fi
count=$(t_kernel_count "$a")
LIMIT=$(t_max_map_count)
kill -USR1 "$a" "$g"
events() { "$VMATOP" --json --db "$DB" --events "$@"; }
for _ in $(seq 100); do
	[ "$(events | jq -r "select(.pid == $a or .pid == $g) | .pid" | wc -l)" -ge 4 ] && break
	sleep 0.1
done
sleep 0.5        # one more sample: the OpenMetrics file after the events
kill -TERM "$rec"
wait "$rec"
t_eq "record: SIGTERM, exit 0" 0 $?
t_eq "record: nothing on stderr" "" "$(cat "$T_TMP/rec.err")"

events -p "$a" >"$T_TMP/a.json"
t_eq "-p a: its two events" "mmap:memory:$count brk:memory:$count" \
	"$(jq -r '"\(.syscall):\(.cause):\(.map_count)"' "$T_TMP/a.json" | xargs)"
t_eq "-p a: only its pid" "$a $a" "$(jq -r .pid "$T_TMP/a.json" | xargs)"
t_eq "-p a: the length asked" "268435456 268435456" "$(jq -r .len "$T_TMP/a.json" | xargs)"
t_check "-p a: the cgroup was resolved" test "$(jq -r .cgroup "$T_TMP/a.json" | head -1 | cut -c1)" = /
events -p "$g" >"$T_TMP/g.json"
t_eq "-p g: the split at the limit, then the mmap past it" \
	"mprotect:max_map_count:$LIMIT mmap:max_map_count:$((LIMIT + 1))" \
	"$(jq -r '"\(.syscall):\(.cause):\(.map_count)"' "$T_TMP/g.json" | xargs)"
t_eq "--since in the future: nothing" "" "$(events --since @$(($(date +%s) + 3600)))"
t_eq "--since -10m: ours are there" 4 \
	"$(events --since -10m | jq -r "select(.pid == $a or .pid == $g) | .pid" | wc -l)"
"$VMATOP" -b --db "$DB" --events -p "$g" >"$T_TMP/g.txt"
t_eq "text: one line per event" 2 "$(wc -l <"$T_TMP/g.txt")"
t_check "text: the mprotect line" grep -q "pid $g tid $g vmahelper: mprotect of 4096 bytes: ENOMEM at $LIMIT of $LIMIT VMAs: max_map_count" "$T_TMP/g.txt"

# The counter is the store's count by cause when the file was written (later
# events of other processes are stored, not yet counted).
mtime=$(stat -c '%.3Y' "$OM")
all=$(events | jq -c --argjson m "$mtime" \
	'select((.time[0:19] + "Z" | fromdate) + (.time[20:23] | tonumber) / 1000 <= $m)')
mem=$(jq -r 'select(.cause == "memory") | .pid' <<<"$all" | wc -l)
lim=$(jq -r 'select(.cause == "max_map_count") | .pid' <<<"$all" | wc -l)
cat "$OM" | grep enomem
t_eq "OpenMetrics: memory events" "$mem" \
	"$(sed -n 's/^vmatop_enomem_events_total{cause="memory"} //p' "$OM")"
t_eq "OpenMetrics: max_map_count events" "$lim" \
	"$(sed -n 's/^vmatop_enomem_events_total{cause="max_map_count"} //p' "$OM")"
t_check "OpenMetrics: at least ours" test "$mem" -ge 2 -a "$lim" -ge 2
t_check "OpenMetrics: a counter" grep -q '^# TYPE vmatop_enomem_events_total counter$' "$OM"
if command -v promtool >/dev/null; then
	t_check "promtool check metrics" promtool check metrics <"$OM"
fi
t_done
