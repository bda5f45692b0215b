#!/usr/bin/env bash
# The detail pane acts on its own process only (pid + start time).  After that
# process exits and its pid goes to another program, the pane says it exited,
# k says "process exited" (no signal chooser for whatever sits on the list's
# row), and the list says the pid belongs to another process now.
. "$TESTS_DIR/lib.sh"
T_KEY_PAUSE=0.2
command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
[ -w /proc/sys/kernel/ns_last_pid ] || t_skip "needs root (ns_last_pid) to hand a pid to a new process"
TAG=$(printf '%05d' $((RANDOM % 100000)))

t_helper A --vmas 300 --name vtpane$TAG
t_helper C --vmas 10 --name vtother$TAG
t_tmux_start 220 40 "$VMATOP -d 0.3 -p $A,$C"
wait_for "-p opens the pane of the first pid" "vtpane$TAG"
wait_for "the pane shows its count" "$(t_kernel_count "$A") VMAs"
kill -KILL "$A"; wait "$A" 2>/dev/null
t_helper_on_pid B "$A" --vmas 0 --name vtreuse$TAG
[ -n "$B" ] || echo "note: pid $A could not be handed to a new process: reuse not exercised"
wait_for "the pane says its process exited" 'process exited'
[ -n "$B" ] && wait_for "... and that its pid names another process now" \
	'process exited, its pid now names another'
keys k
wait_for "k says process exited" "process exited: $A"
t_check "k opened no signal chooser (for the process on the list's row)" \
	sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q 'Send a signal to'"
t_check "the other helper is alive" kill -0 "$C"
if [ -n "$B" ]; then
	t_check "the process now holding pid $A is alive" kill -0 "$B"
fi
keys q
wait_for "q exits" '^\[exit 0\]'
t_done
