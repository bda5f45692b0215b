#!/usr/bin/env bash
# `vmatop events` end to end: with -p it prints exactly the watched helper's
# ENOMEMs (JSON Lines with the DESIGN.md fields, cause memory under a small
# RLIMIT_AS), not another helper's; the text form is one line per event; it
# ends by itself when the watched process exits; bad arguments exit 2, a
# missing pid 1, and without privileges one line and exit 1.
. "$TESTS_DIR/lib.sh"

"$VMATOP" --version | grep -q '^counting backends: .*bpf' || t_skip "vmatop is built without BPF"

"$VMATOP" events --bogus >/dev/null 2>"$T_TMP/err"
t_eq "events --bogus exits 2" 2 $?
t_check "events --bogus names the option" grep -q "unknown option '--bogus'" "$T_TMP/err"
"$VMATOP" events -p x >/dev/null 2>"$T_TMP/err"
t_eq "events -p x exits 2" 2 $?
"$VMATOP" events -p 2147483646 >/dev/null 2>"$T_TMP/err"
t_eq "events -p (no such process) exits 1" 1 $?
t_check "events -p: says which pid" grep -q "no process with pid 2147483646" "$T_TMP/err"

# attached PID: wait until vmatop PID holds the catcher's tracepoint link and
# its ring buffer (what it opens last).
attached() {
	local i
	for i in $(seq 200); do
		ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'anon_inode:\[eventpoll\]' &&
			ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'bpf_link' && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

t_helper a --fail-as --on-usr1
t_helper b --fail-as --on-usr1
"$VMATOP" events --json -p "$a" >"$T_TMP/json" 2>"$T_TMP/json.err" &
ev=$!
T_PIDS="$T_PIDS $ev"
if ! attached "$ev"; then
	err=$(cat "$T_TMP/json.err")
	case $err in *"not permitted"*|*BTF*) [ "$(id -u)" -ne 0 ] && t_skip "BPF not usable here: $err" ;; esac
	echo "FAIL: the catcher did not attach: $err"; exit 1
fi
kill -USR1 "$b" "$a"
for _ in $(seq 100); do [ "$(wc -l <"$T_TMP/json")" -ge 2 ] && break; sleep 0.05; done
count=$(t_kernel_count "$a")
kill -TERM "$a"
wait "$ev"
t_eq "events -p: ends with exit 0 when the process is gone" 0 $?
cat "$T_TMP/json"
t_eq "two events, both of pid $a" "$a $a" "$(jq -r .pid "$T_TMP/json" | xargs)"
t_eq "the calls" "mmap brk" "$(jq -r .syscall "$T_TMP/json" | xargs)"
t_eq "cause memory" "memory memory" "$(jq -r .cause "$T_TMP/json" | xargs)"
t_eq "the requested length" "268435456 268435456" "$(jq -r .len "$T_TMP/json" | xargs)"
t_eq "map_count is the kernel's" "$count $count" "$(jq -r .map_count "$T_TMP/json" | xargs)"
t_eq "the limit" "$(t_max_map_count)" "$(jq -r .max_map_count "$T_TMP/json" | head -1)"
t_eq "the fields of DESIGN.md, in order" \
	"time,pid,tid,comm,syscall,len,map_count,max_map_count,cause,cgroup" \
	"$(jq -r 'keys_unsorted | join(",")' "$T_TMP/json" | head -1)"
t_check "time is RFC 3339 UTC" grep -Eq '"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z"' "$T_TMP/json"
t_eq "nothing on stderr" "" "$(cat "$T_TMP/json.err")"

# The text form: one line per event.
t_helper c --fail-as --on-usr1
"$VMATOP" events -p "$c" >"$T_TMP/text" 2>&1 &
ev=$!
T_PIDS="$T_PIDS $ev"
attached "$ev" || { echo "FAIL: not attached: $(cat "$T_TMP/text")"; exit 1; }
kill -USR1 "$c"
for _ in $(seq 100); do [ "$(wc -l <"$T_TMP/text")" -ge 2 ] && break; sleep 0.05; done
kill -TERM "$ev"
wait "$ev"
t_eq "SIGTERM: exit 0" 0 $?
cat "$T_TMP/text"
t_eq "text: two lines" 2 "$(wc -l <"$T_TMP/text")"
t_check "text: the mmap line" grep -q "pid $c tid $c vmahelper: mmap of 268435456 bytes: ENOMEM at [0-9]* of [0-9]* VMAs: memory" "$T_TMP/text"

# Without privileges: one line, exit 1.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$VMATOP" events >"$T_TMP/out" 2>"$T_TMP/err"
	t_eq "unprivileged: exit 1" 1 $?
	t_eq "unprivileged: one line on stderr" 1 "$(wc -l <"$T_TMP/err")"
	t_check "unprivileged: says what is needed" grep -q "^vmatop: ENOMEM catcher: .*not permitted (needs root or CAP_BPF+CAP_PERFMON)" "$T_TMP/err"
	t_eq "unprivileged: nothing on stdout" "" "$(cat "$T_TMP/out")"
fi
t_done
