#!/usr/bin/env bash
# The ENOMEM events on the interactive screen (tmux): a helper watched with
# -p grows to vm.max_map_count after the screen started; then the detail pane
# lists its events, the header shows the latest, the list marks its row
# [ENOMEM], and e opens the events view with its rows.  Skips without tmux,
# or when BPF cannot be used and this is not root.
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
"$VMATOP" --version | grep -q '^counting backends: .*bpf' || t_skip "vmatop is built without BPF"
if [ "$(id -u)" -ne 0 ]; then
	"$VMATOP" events -p $$ >/dev/null 2>&1 & p=$!; sleep 0.5; kill $p 2>/dev/null
	wait $p; [ $? -eq 1 ] && t_skip "the catcher cannot load here (not root)"
fi
LIMIT=$(t_max_map_count)
TAG=$(printf '%05d' $((RANDOM % 100000)))
t_helper G --grow --fail-mmap --on-usr1 --name vtgrow$TAG

t_tmux_start 160 40 "$VMATOP" -d 0.5 -p "$G"
wait_for "the detail pane of the helper" "pid $G \\(vtgrow$TAG\\)"
# The screen's vmatop: the pane's shell's child; wait for its catcher.
vt=$(pgrep -P "$(tmux -L "$T_TMUX" list-panes -F '#{pane_pid}' | head -1)" vmatop)
for _ in $(seq 200); do
	ls -l "/proc/$vt/fd" 2>/dev/null | grep -q 'anon_inode:\[eventpoll\]' && break
	sleep 0.05
done
kill -USR1 "$G"
wait_for "detail: the process's events" "ENOMEM events of this process: 2, 2 at the limit" 20
wait_for "detail: the mprotect at the limit" "pid $G vtgrow$TAG mprotect at $LIMIT/$LIMIT VMAs: max_map_count"
wait_for "detail: the mmap at limit + 1" "pid $G vtgrow$TAG mmap at $((LIMIT + 1))/$LIMIT VMAs: max_map_count"
wait_for "header: the latest event" "ENOMEM [0-9:]{8} pid $G vtgrow$TAG mmap at $((LIMIT + 1))/$LIMIT VMAs: max_map_count \\(\\+1 more: e\\)"
t_tmux_keys Escape
wait_for "list: the row is marked" "^ *$G .*\\[ENOMEM\\] vtgrow$TAG"
t_tmux_keys e
wait_for "e: the events view" "ENOMEM events: 2 caught, the last 2 kept"
wait_for "e: titles" "TIME +PID +TID +CALL +LENGTH +VMAS +LIMIT +CAUSE +COMMAND"
wait_for "e: the newest first (mmap)" "^[0-9:.]{12} +$G +$G +mmap +4\\.0 KiB +$((LIMIT + 1)) +$LIMIT +max_map_count +vtgrow$TAG"
screen=$(t_tmux_capture)
t_eq "e: the mprotect below it" "mprotect" \
	"$(awk -v p="$G" '$2 == p { print $4 }' <<<"$screen" | sed -n 2p)"
t_tmux_keys e
wait_for "e again: back to the list" "^ *$G .*\\[ENOMEM\\] vtgrow$TAG"
t_tmux_keys q
wait_for "q quits" "\\[exit 0\\]"

# Without the privileges BPF needs the screen works and the view says why.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	tmux -L "$T_TMUX" kill-server 2>/dev/null
	t_tmux_start 160 40 setpriv --reuid=65534 --regid=65534 --clear-groups -- "$VMATOP" -d 0.5
	wait_for "unprivileged: the list" "^ *PID +USER"
	t_tmux_keys e
	wait_for "unprivileged e: says why" "ENOMEM catcher: .*not permitted \\(needs root or CAP_BPF\\+CAP_PERFMON\\)"
	wait_for "unprivileged e: no events" "no events: the catcher is off"
	t_tmux_keys Escape q
	wait_for "unprivileged: q quits" "\\[exit 0\\]"
fi
t_done
