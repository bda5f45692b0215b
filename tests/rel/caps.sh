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

if command -v tmux >/dev/null 2>&1; then
	t_tmux_start 120 30 "$VMATOP -d 0.5 --backend text -p $h"
	t_check "the screen is up" t_tmux_wait 'VMAs'
	vp=$(pgrep -P "$(tmux -L "$T_TMUX" display -p '#{pane_pid}')" -x vmatop)
	t_eq "the screen keeps CAP_KILL for k as well" "$(mask $PTRACE $KILL)" \
		"$(awk '/^CapEff:/ { print $2 }' "/proc/$vp/status")"
fi
t_done
