#!/bin/bash
# E2E: tagging in tmux.  Space tags two helpers, k signals both after one
# confirmation (each checked by pid and start time), the third helper is
# untouched; U untags.  c tags a helper and its two children, and k signals
# the three after one confirmation.  Only the helpers started here are listed (-p).
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"

t_helper A --vmas 300 --name vttaga
t_helper B --vmas 200 --name vttagb
t_helper C --vmas 100 --name vttagc
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{ print $3 }' "/proc/$1/stat")" != Z ]; }

t_tmux_start 120 30 "$VMATOP -d 0.3 -s vmas -p $A,$B,$C"
wait_for "-p opens the first helper's pane" "^pid $A "
keys Escape
wait_for "the three helpers, by VMAs" "^ *$C "
keys Home
keys Space; keys Space; keys Space
wait_for "Space tags three rows" 'Tagged 3'
keys U
sleep 0.3
t_check "U untags all" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q Tagged"
keys Home
keys Space; keys Space
wait_for "Space tags the first two rows" 'Tagged 2'
keys k
wait_for "k offers the signal for the tagged processes" 'Send a signal to 2 tagged processes'
keys Enter
wait_for "one confirmation for all" 'Send SIGTERM\? y to confirm'
keys y
wait_for "both were signalled" 'sent SIGTERM to 2 of 2 tagged processes \(0 gone\)'
i=0
while { alive "$A" || alive "$B"; } && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t_check "the first tagged helper got SIGTERM" sh -c "! kill -0 $A 2>/dev/null || grep -q '^[^ ]* ([^)]*) Z' /proc/$A/stat"
t_check "the second tagged helper got SIGTERM" sh -c "! kill -0 $B 2>/dev/null || grep -q '^[^ ]* ([^)]*) Z' /proc/$B/stat"
t_check "the untagged helper still runs" alive "$C"
t_check "the tags are gone after sending" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q Tagged"
tmux -L "$T_TMUX" kill-server 2>/dev/null

# c: a parent with two children (vmahelper --children 2) and an unrelated helper.
t_helper P --vmas 50 --children 2 --name vttagp
t_helper X --vmas 40 --name vttagx
read -r K1 K2 <<<"$(sed -n 's/^CHILD //p' "$T_TMP/helper.$P.out" | tr '\n' ' ')"
T_PIDS="$T_PIDS $K1 $K2"
t_check "the parent's children are its own ($K1 $K2)" test "$(awk '{ print $4 }' "/proc/$K1/stat") $(awk '{ print $4 }' "/proc/$K2/stat")" = "$P $P"
t_tmux_start 120 30 "$VMATOP -d 0.3 -s pid -p $P,$K1,$K2,$X"
wait_for "-p opens the parent's pane" "^pid $P "
keys Escape
wait_for "the four processes, by pid" "^ *$X "
keys Home
keys c
wait_for "c tags the parent and its two children" 'Tagged 3'
keys k
wait_for "k offers the signal for the three" 'Send a signal to 3 tagged processes'
keys Enter
wait_for "one confirmation for the three" 'Send SIGTERM\? y to confirm'
keys y
wait_for "the three were signalled" 'sent SIGTERM to 3 of 3 tagged processes \(0 gone\)'
i=0
while { alive "$P" || alive "$K1" || alive "$K2"; } && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
for p in "$P" "$K1" "$K2"; do
	t_check "tagged $p got SIGTERM and exited" sh -c "! kill -0 $p 2>/dev/null || grep -q '^[^ ]* ([^)]*) Z' /proc/$p/stat"
done
t_check "the unrelated helper still runs" alive "$X"
t_done
