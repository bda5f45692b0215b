#!/usr/bin/env bash
# The whole of issue 12 as a hostile user would try it: the Low points here,
# then every other reliability script of this folder (each must pass or skip).
. "$TESTS_DIR/lib.sh"
T_KEY_PAUSE=0.2
command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
here=$(dirname "${BASH_SOURCE[0]}")
ESC=$'\e'

# Invisible, format and tag characters in a name: replaced on screen and in JSON.
t_helper inv --vmas 3 --name $'vt\u200binv\U000e0041'
json=$("$VMATOP" -b -n 1 --json -p "$inv")
t_check "JSON: zero-width and tag characters replaced" \
	python3 -c 'import json,sys; c=json.loads(sys.stdin.read())["processes"][0]["comm"]; sys.exit(c != "vt\ufffdinv\ufffd")' <<<"$json"
t_eq "JSON comm is the same bytes in the C locale" "$(grep -o '"comm":"[^"]*"' <<<"$json")" \
	"$(LC_ALL=C "$VMATOP" -b -n 1 --json -p "$inv" | grep -o '"comm":"[^"]*"')"
zwsp=$'\u200b'
t_check "text: no zero-width space reaches stdout" sh -c "! '$VMATOP' -b -n 1 -p $inv | grep -qF '$zwsp'"

# Error messages never echo raw control bytes.
err=$("$VMATOP" -p "1${ESC}[31m" 2>&1); rc=$?
t_eq "-p with an ESC: exit 2" 2 "$rc"
t_check "the ESC is not echoed raw" sh -c "! printf '%s' \"\$1\" | grep -q \"\$(printf '\\033')\"" _ "$err"
err=$("$VMATOP" -u $'x\e]0;pwned\a' 2>&1)
t_check "-u with OSC and BEL: no raw control bytes ($err)" sh -c "! printf '%s' \"\$1\" | LC_ALL=C grep -q '[[:cntrl:]]'" _ "$err"

# --openmetrics -n N>1 onto one stream is refused; with --output it is rewritten.
"$VMATOP" --openmetrics -n 2 >/dev/null 2>"$T_TMP/err"; rc=$?
t_eq "--openmetrics -n 2 to stdout: exit 2" 2 "$rc"
t_check "says why" grep -q "expositions into one stream" "$T_TMP/err"
"$VMATOP" --openmetrics -n 2 -d 0.05 -p "$inv" --output "$T_TMP/m.prom"; rc=$?
t_eq "--openmetrics -n 2 --output: exit 0" 0 "$rc"
t_eq "the file holds one exposition" 1 "$(grep -c '^# EOF' "$T_TMP/m.prom")"

# Conflicting modes: one line, exit 2 (with --check: 3, a monitoring plugin's UNKNOWN).
for args in "--check --maps 1" "--advise --json" "--check --openmetrics" "--maps 1 --openmetrics"; do
	want=2; case $args in --check*) want=3 ;; esac
	# shellcheck disable=SC2086
	out=$("$VMATOP" $args 2>&1 >/dev/null); rc=$?
	t_eq "$args: exit $want" "$want" "$rc"
	t_eq "$args: a one-line error and the hint" 2 "$(wc -l <<<"$out")"
done

# Thousands of -p pids work; too many get a clear message.
"$VMATOP" -b -n 1 -p "$inv,$(seq -s, 4000000 4003000)" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
t_eq "-p with 3002 pids, 3001 missing: exit 1" 1 "$rc"
t_check "the missing ones are summed up, not 3001 lines" test "$(wc -l <"$T_TMP/err")" -le 11
"$VMATOP" -b -n 1 -p "$(yes "$inv" | head -n 5000 | paste -sd,)" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
t_eq "-p with 5000 pids (all existing): exit 0" 0 "$rc"
t_check "the process is listed" grep -Eq "^ *$inv " "$T_TMP/out"
"$VMATOP" -b -n 1 -p "$(seq -s, 1 9000)" 2>"$T_TMP/err"; rc=$?
t_eq "-p with 9000 pids: exit 2" 2 "$rc"
t_check "says the limit" grep -q "9000 pids given, at most 8192" "$T_TMP/err"

# Write errors on stdout exit non-zero with a message.
for args in "--help" "-V" "-b -n 1 -p $inv"; do
	# shellcheck disable=SC2086
	"$VMATOP" $args >/dev/full 2>"$T_TMP/err"; rc=$?
	t_check "$args > /dev/full: non-zero exit ($rc)" test "$rc" -ne 0
	t_check "$args > /dev/full: says so" grep -q "write error" "$T_TMP/err"
done

# The summary's grammar (a process of another user is unreadable without privilege).
if command -v setpriv >/dev/null; then
	out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$VMATOP" -b -n 1 -p "$inv" 2>/dev/null)
	t_check "one unreadable: \"1 process's maps is\"" grep -q "Note: 1 process's maps is not readable" <<<"$out"
fi

# -p 2, a kernel thread: the pane says so, and never that it exited.
t_tmux_start 120 30 "$VMATOP -d 0.3 -p 2"
t_check "-p 2: the pane says a kernel thread has no VMAs" t_tmux_wait 'a kernel thread: no memory map, no VMAs'
sleep 1
t_check "-p 2: never 'process exited'" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q 'process exited'"
keys q
tmux -L "$T_TMUX" kill-server; T_TMUX=""
t_check "--maps 2: says it is a kernel thread" sh -c "'$VMATOP' --maps 2 | grep -qx 'a kernel thread: no memory map, no VMAs'"
t_check "--maps of a process: no kernel-thread line" sh -c "! '$VMATOP' --maps $$ | grep -q 'a kernel thread'"

# Every other point of the issue: its own script.
for s in "leader.sh text" "leader.sh bpf" detail.sh reuse.sh output.sh pidns.sh signals.sh caps.sh; do
	# shellcheck disable=SC2086
	bash "$here/"$s >"$T_TMP/sub.out" 2>&1; rc=$?
	[ "$rc" = 77 ] && { echo "skipped: $s: $(grep SKIP "$T_TMP/sub.out")"; continue; }
	t_eq "$s passes" 0 "$rc" || cat "$T_TMP/sub.out"
done
t_done
