#!/bin/bash
# E2E: the tree view (t, F5) in tmux.  A shell starts two helpers as its
# children; in the tree they are indented under it, and its SUBTREE is the
# kernel's count of the shell plus both children, exactly.  Only these three
# processes are listed (-p).
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"

out1="$T_TMP/child1" out2="$T_TMP/child2"
bash -c "\"$VMAHELPER\" --vmas 300 --name vttreea >'$out1' 2>&1 & \"$VMAHELPER\" --vmas 100 --name vttreeb >'$out2' 2>&1 & wait" &
P=$!
T_PIDS="$T_PIDS $P"
i=0
until grep -q '^READY' "$out1" 2>/dev/null && grep -q '^READY' "$out2" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 400 ] && { echo "helpers did not start"; exit 1; }; sleep 0.05
done
C1=$(awk '/^READY/ { print $2 }' "$out1"); C2=$(awk '/^READY/ { print $2 }' "$out2")
[ -n "$C1" ] || C1=$(pgrep -P "$P" -f vttreea)
[ -n "$C2" ] || C2=$(pgrep -P "$P" -f vttreeb)
T_PIDS="$T_PIDS $C1 $C2"
WANT=$(( $(t_kernel_count "$P") + $(t_kernel_count "$C1") + $(t_kernel_count "$C2") ))

t_tmux_start 140 30 "$VMATOP -d 0.3 -s vmas -p $P,$C1,$C2"
wait_for "-p opens the shell's pane" "^pid $P "
keys Escape
wait_for "the list" '^ *PID +USER +VMAS'
keys t
wait_for "t shows the tree" '\[Tree\]'
wait_for "the tree shows the SUBTREE column" '^ *PID +USER +VMAS +SUBTREE'
rows=$(t_tmux_capture | awk '/^ *PID +USER/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print }')
t_eq "the shell comes first, its children (biggest first) under it" "$P $C1 $C2" \
	"$(awk '{ print $1 }' <<<"$rows" | tr '\n' ' ' | sed 's/ $//')"
t_eq "the shell's SUBTREE is the kernel's sum of the three" "$WANT" \
	"$(awk -v p="$P" '$1 == p { print $4 }' <<<"$rows")"
t_eq "a child's SUBTREE is its own count" "$(t_kernel_count "$C2")" \
	"$(awk -v p="$C2" '$1 == p { print $4 }' <<<"$rows")"
t_check "children are drawn as branches" grep -qE "^ *$C1 .*└─vttreea" <<<"$rows"
keys F5
wait_for "F5 leaves the tree" '^ *PID +USER +VMAS +%MAX'
t_done
