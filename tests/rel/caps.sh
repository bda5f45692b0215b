#!/usr/bin/env bash
# Run as root, vmatop keeps only what each refresh uses (libcap) and sets
# no_new_privs, while it still counts exactly, other users' processes too:
#   text: CAP_SYS_PTRACE   bpf: + CAP_BPF, CAP_PERFMON   the screen: + CAP_KILL
. "$TESTS_DIR/lib.sh"
[ "$(id -u)" = 0 ] || t_skip "needs root (nothing to drop otherwise)"
command -v setpriv >/dev/null || t_skip "setpriv (util-linux) is missing"
bit() { printf '%016x' $((1 << $1)); }
mask() { local m=0 b; for b in "$@"; do m=$((m | (1 << b))); done; printf '%016x' "$m"; }
PTRACE=19 KILL=5 PERFMON=38 BPF=39

# A helper of another user: reading its maps needs CAP_SYS_PTRACE.
out="$T_TMP/nobody.out"
setpriv --reuid 65534 --regid 65534 --clear-groups "$VMAHELPER" --vmas 30 >"$out" 2>&1 &
T_PIDS="$T_PIDS $!"; nb=$!
i=0; while ! grep -q READY "$out" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
t_helper h --vmas 40

# caps_of BACKEND WANT-MASK: a run of -b that stays up a while; its status
# after the first refresh, and the exact counts of its last refresh.
caps_of() {
	local backend=$1 want=$2
	"$VMATOP" -b -d 1 -n 3 --json --backend "$backend" -p "$h,$nb" >"$T_TMP/j" 2>"$T_TMP/e" &
	local vt=$! i=0
	while [ "$(wc -l <"$T_TMP/j")" -lt 1 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	local st; st=$(cat "/proc/$vt/status")
	wait "$vt"
	t_eq "$backend: CapEff keeps only what it uses" "$want" "$(awk '/^CapEff:/ { print $2 }' <<<"$st")"
	t_eq "$backend: CapPrm too" "$want" "$(awk '/^CapPrm:/ { print $2 }' <<<"$st")"
	t_eq "$backend: the bounding set too" "$want" "$(awk '/^CapBnd:/ { print $2 }' <<<"$st")"
	t_eq "$backend: no_new_privs" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' <<<"$st")"
	local got; got=$(tail -n 1 "$T_TMP/j" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(str(p["vmas"]) for p in sorted(d["processes"], key=lambda p: p["pid"])))')
	local w1 w2; w1=$(t_kernel_count "$h"); w2=$(t_kernel_count "$nb")
	t_eq "$backend: the last refresh still counts exactly (also another user's process)" \
		"$(printf '%s\n' "$h $w1" "$nb $w2" | sort -n | awk '{ printf "%s%s", s, $2; s = " " }')" "$got"
}
caps_of text "$(mask $PTRACE)"
if "$VMATOP" -b -n 1 -p $$ --backend bpf >/dev/null 2>&1; then
	caps_of bpf "$(mask $PTRACE $PERFMON $BPF)"
else
	echo "note: the BPF backend cannot load here: its case is not exercised"
fi

# The recorder keeps what its backend needs, and still records exactly.
if "$VMATOP" -b -n 1 -p $$ --backend bpf >/dev/null 2>&1; then rb=bpf; rmask=$(mask $PTRACE $PERFMON $BPF); else rb=text; rmask=$(mask $PTRACE); fi
"$VMATOP" record --db "$T_TMP/r.db" -d 0.3 --backend "$rb" >"$T_TMP/r.out" 2>&1 &
rp=$!; T_PIDS="$T_PIDS $rp"
sleep 1.5
st=$(cat "/proc/$rp/status")
kill -TERM "$rp"; wait "$rp"
t_eq "record: SIGTERM ends it with 0" 0 $?
t_eq "record ($rb): CapEff keeps only what it uses" "$rmask" "$(awk '/^CapEff:/ { print $2 }' <<<"$st")"
t_eq "record: no_new_privs" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' <<<"$st")"
got=$("$VMATOP" -b --db "$T_TMP/r.db" --at "@$(date +%s)" --json -p "$h,$nb" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(str(p["vmas"]) for p in sorted(d["processes"], key=lambda p: p["pid"])))')
w1=$(t_kernel_count "$h"); w2=$(t_kernel_count "$nb")
t_eq "record: the recorded counts are exact (also another user's process)" \
	"$(printf '%s\n' "$h $w1" "$nb $w2" | sort -n | awk '{ printf "%s%s", s, $2; s = " " }')" "$got"

# The catcher keeps nothing once loaded, and still catches.
t_helper fa --fail-as --on-usr1
"$VMATOP" events --json -p "$fa" >"$T_TMP/ev" 2>"$T_TMP/ev.err" &
ep=$!; T_PIDS="$T_PIDS $ep"
i=0; until ls -l "/proc/$ep/fd" 2>/dev/null | grep -q bpf_link || [ $i -gt 200 ]; do sleep 0.05; i=$((i + 1)); done
if ls -l "/proc/$ep/fd" 2>/dev/null | grep -q bpf_link; then
	sleep 0.2
	t_eq "events: CapEff is empty once the catcher is loaded" "$(mask)" "$(awk '/^CapEff:/ { print $2 }' "/proc/$ep/status")"
	t_eq "events: the bounding set is empty too" "$(mask)" "$(awk '/^CapBnd:/ { print $2 }' "/proc/$ep/status")"
	kill -USR1 "$fa"
	for _ in $(seq 100); do [ -s "$T_TMP/ev" ] && break; sleep 0.05; done
	t_eq "events: still catches the helper's ENOMEM" "$fa memory" "$(head -n 1 "$T_TMP/ev" | jq -r '"\(.pid) \(.cause)"')"
	kill -TERM "$ep" 2>/dev/null; wait "$ep"
else
	echo "note: the ENOMEM catcher cannot load here ($(cat "$T_TMP/ev.err")): its case is not exercised"
fi

if command -v tmux >/dev/null 2>&1; then
	t_tmux_start 120 30 "$VMATOP -d 0.5 --backend text -p $h"
	t_check "the screen is up" t_tmux_wait 'VMAs'
	vp=$(pgrep -P "$(tmux -L "$T_TMUX" display -p '#{pane_pid}')" -x vmatop)
	t_eq "the screen keeps CAP_KILL for k as well" "$(mask $PTRACE $KILL)" \
		"$(awk '/^CapEff:/ { print $2 }' "/proc/$vp/status")"
fi
t_done
