#!/bin/bash
# vmatop record end to end: a helper grows, is killed, and its recorded last
# count equals the kernel's; looking back with --at, --since, --export; the
# lock, SIGTERM, kill -9 + integrity_check; bad arguments.
. "$TESTS_DIR/lib.sh"
command -v sqlite3 >/dev/null || t_skip "sqlite3 not installed"
command -v jq >/dev/null || t_skip "jq not installed"
db=$T_TMP/state/vmatop/history.db

"$VMATOP" record --db "$db" -d 0.2 --retention 1h --openmetrics "$T_TMP/vmatop.prom" \
	>"$T_TMP/rec.out" 2>&1 &
rec=$!
T_PIDS="$T_PIDS $rec"

t_helper h --rate 3000 --vmas 2400 --name vtrecgrow$$
t_wait_steady "$h" 2400                   # until it has stopped growing
expected=$(t_kernel_count "$h")
# vmatop's cgroup (cgroup.h): the v2 line unless it is "/", then name=systemd, then memory.
expected_cg=$(awk -F: '{ p = substr($0, length($1) + length($2) + 3) }
	$1 == "0" && $2 == "" { v2 = p } $2 ~ /(^|,)name=systemd(,|$)/ { sd = p }
	$2 ~ /(^|,)memory(,|$)/ { mem = p }
	END { if (v2 != "" && v2 != "/") print v2; else if (sd != "" && sd != "/") print sd;
	      else if (mem != "" && mem != "/") print mem; else print v2 }' "/proc/$h/cgroup")
sleep 1                                   # a few samples of the final count
before_kill=$(date +%s.%N)
kill -KILL "$h"
wait "$h" 2>/dev/null
exited=0
for i in $(seq 50); do
	exited=$(sqlite3 "$db" "SELECT exited FROM processes WHERE pid = $h ORDER BY first_seen DESC LIMIT 1" 2>/dev/null)
	[ "$exited" = 1 ] && break
	sleep 0.2
done
t_eq "the recorder saw the helper exit" 1 "$exited"

t_eq "its cgroup was recorded" "$expected_cg" \
	"$(sqlite3 "$db" "SELECT cgroup FROM processes WHERE pid = $h ORDER BY first_seen DESC LIMIT 1")"
json=$("$VMATOP" -b --db "$db" -p "$h" --since -10m --json)
t_eq "its last recorded count is the kernel's" "$expected" "$(jq .last_vmas <<<"$json")"
t_eq "recorded as exited" true "$(jq .exited <<<"$json")"
t_eq "the last sample holds that count" "$expected" "$(jq '.samples[-1].vmas' <<<"$json")"
t_check "the growth was recorded (several samples, rising)" \
	jq -e '(.samples | length) > 2 and .samples[0].vmas < .samples[-1].vmas' <<<"$json"
t_check "text form names the start time" \
	bash -c "'$VMATOP' -b --db '$db' -p $h --since -10m | grep -q '^pid $h (vtrecgrow$$) start time [0-9]'"

# the listing as it stood before the kill: the exited helper is in it, same schema as live -b
atj=$("$VMATOP" -b --db "$db" --at "@$before_kill" --json)
t_eq "--at lists the helper with its count" "$expected" \
	"$(jq --argjson p "$h" '.processes[] | select(.pid == $p) | .vmas' <<<"$atj")"
t_eq "--at JSON has the keys of live -b" \
	"$("$VMATOP" -b -n 1 --json -p $$ | jq -c 'keys')" "$(jq -c 'keys' <<<"$atj")"
t_eq "--at process objects have the keys of live -b" \
	"$("$VMATOP" -b -n 1 --json -p $$ | jq -c '.processes[0] | keys')" \
	"$(jq -c '.processes[0] | keys' <<<"$atj")"
t_check "--at text lists it" bash -c "'$VMATOP' -b --db '$db' --at '@$before_kill' -p $h | grep -q ' $expected .*vtrecgrow'"
t_eq "now (after its death) it is not listed" 0 \
	"$("$VMATOP" -b --db "$db" --at "@$(date +%s.%N)" --json |
	   jq --argjson p "$h" '[.processes[] | select(.pid == $p)] | length')"
t_check "--export csv has its final count" \
	bash -c "'$VMATOP' --db '$db' --export csv | grep -q ',$h,[0-9]*,\"root\",\"vtrecgrow$$\",$expected,'"
t_eq "--export json is JSON lines with its final count" "$expected" \
	"$("$VMATOP" --db "$db" --export json | jq -s --argjson p "$h" '[.[] | select(.pid == $p)] | .[-1].vmas')"
t_check "the OpenMetrics file is written each sample" grep -q '^# EOF' "$T_TMP/vmatop.prom"

# a second recorder on the same database: a clear error
out=$("$VMATOP" record --db "$db" 2>&1); rc=$?
t_eq "second recorder exits 1" 1 "$rc"
t_check "second recorder says why" grep -q "another vmatop record is writing this database" <<<"$out"

# SIGTERM: exit 0, database intact
kill -TERM "$rec"
wait "$rec"; rc=$?
t_eq "SIGTERM: exit 0" 0 "$rc"
t_eq "integrity_check after SIGTERM" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
t_eq "journal mode" wal "$(sqlite3 "$db" 'PRAGMA journal_mode')"
t_eq "schema version" 1 "$(sqlite3 "$db" 'PRAGMA user_version')"
t_check "no error was printed" test ! -s "$T_TMP/rec.out"

# kill -9 mid-run, three times: intact each time, the next recorder carries on
for round in 1 2 3; do
	"$VMATOP" record --db "$db" -d 0.05 >/dev/null 2>&1 &
	r=$!
	sleep 1.$round
	kill -KILL "$r"; wait "$r" 2>/dev/null
	t_eq "integrity_check after kill -9 ($round)" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
done
n1=$(sqlite3 "$db" 'SELECT count(*) FROM scans')
timeout --preserve-status 3 "$VMATOP" record --db "$db" -d 0.2 2>"$T_TMP/rec2.err"; rc=$?
t_eq "a recorder after the kills runs (until timeout's SIGTERM)" 0 "$rc"
t_check "and kept recording" test "$(sqlite3 "$db" 'SELECT count(*) FROM scans')" -gt "$n1"

# bad arguments: one line naming the argument, exit 2
bad() { # EXPECTED_WORD ARGS...
	local word=$1; shift
	local out rc
	out=$("$VMATOP" "$@" 2>&1 </dev/null); rc=$?
	t_eq "vmatop $* exits 2" 2 "$rc"
	t_check "vmatop $* names $word" grep -q -- "$word" <<<"$out"
}
bad --retention record --db "$db" --retention 5x
bad -d record --db "$db" -d 0
bad record record --db "$db" --bogus
bad record record --db "$db" extra
bad --at -b --db "$db" --at yesterday
bad --since -b --db "$db" --since 99:99 -p 1
bad --since -b --db "$db" --since -1h
bad --db -b --at -1h
bad --export --db "$db" --export xml
bad --start -b --db "$db" -p 1 --since -1h --start abc
out=$("$VMATOP" -b --db "$T_TMP/none.db" --at -1m 2>&1); rc=$?
t_eq "a missing database: exit 1" 1 "$rc"
t_check "and its name" grep -q "none.db" <<<"$out"
out=$("$VMATOP" -b --db "$db" --at @1000 2>&1); rc=$?
t_eq "a time before the recording: exit 1" 1 "$rc"
t_check "says nothing was recorded then" grep -q "nothing recorded" <<<"$out"
t_done
