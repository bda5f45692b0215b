#!/usr/bin/env bash
# Every signal that ends vmatop restores the terminal (stty, alternate screen,
# cursor, keypad, mouse) and ends it with that signal's status; SIGCONT
# repaints; Ctrl-Z (SIGTSTP) and fg work like top.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
t_helper h --vmas 3 --name vtsig
modes() { tmux -L "$T_TMUX" display -p 'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag} mouse=#{mouse_any_flag}'; }
vmatop_pid() { pgrep -P "$(tmux -L "$T_TMUX" display -p '#{pane_pid}')" -x vmatop; }

for sig in QUIT USR1 USR2 ALRM PIPE TERM HUP INT; do
	t_tmux_start 120 30 "stty -g >$T_TMP/stty.before; ulimit -c 0; $VMATOP -d 0.3 -p $h; st=\$?; stty -g >$T_TMP/stty.after; echo \"[status \$st]\""
	t_check "$sig: the screen is up" t_tmux_wait 'vtsig'
	num=$(kill -l "$sig")
	want=$((128 + num)); [ "$sig" = INT ] && want=0
	kill -"$sig" "$(vmatop_pid)"
	t_check "$sig: ends vmatop with status $want" t_tmux_wait "^\\[status $want\\]" 5
	t_eq "$sig: stty settings restored" "$(cat "$T_TMP/stty.before")" "$(cat "$T_TMP/stty.after" 2>/dev/null)"
	t_eq "$sig: terminal modes restored" "alt=0 cursor=1 keypad=0 mouse=0" "$(modes)"
	tmux -L "$T_TMUX" kill-server; T_TMUX=""
done

# SIGSTOP + garbage on the screen + SIGCONT: vmatop repaints by itself.
t_tmux_start 120 30 "$VMATOP -d 30 -p $h"
t_check "CONT: the screen is up" t_tmux_wait 'vtsig'
vp=$(vmatop_pid)
kill -STOP "$vp"
tmux -L "$T_TMUX" send-keys -l ''   # nothing reaches it while stopped
printf '\033[2J\033[HGARBAGE' >"$(tmux -L "$T_TMUX" display -p '#{pane_tty}')"
t_check "the screen was scribbled on" t_tmux_wait 'GARBAGE' 3
kill -CONT "$vp"
t_check "SIGCONT repaints (the pane is back, -d 30: not a refresh)" t_tmux_wait "^pid $h \\(vtsig\\)" 5
t_check "... and the garbage is gone" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q GARBAGE"
tmux -L "$T_TMUX" kill-server; T_TMUX=""

# Ctrl-Z and fg in an interactive shell.
t_tmux_start 120 30 "bash --norc -i"
sleep 0.5
t_tmux_keys -l "PS1='$ '; $VMATOP -d 0.3 -p $h"; t_tmux_keys Enter
t_check "TSTP: the screen is up" t_tmux_wait 'vtsig'
t_tmux_keys C-z
t_check "Ctrl-Z: back at the shell, stopped" t_tmux_wait 'Stopped'
t_eq "Ctrl-Z: the normal screen is back" 0 "$(tmux -L "$T_TMUX" display -p '#{alternate_on}')"
t_tmux_keys -l "fg"; t_tmux_keys Enter
t_check "fg: the screen is back" t_tmux_wait "^pid $h \\(vtsig\\)" 5
t_eq "fg: the alternate screen again" 1 "$(tmux -L "$T_TMUX" display -p '#{alternate_on}')"
t_tmux_keys q
t_check "q after fg: back at the shell" t_tmux_wait '^\$ ?$' 5
t_eq "q after fg: the normal screen" 0 "$(tmux -L "$T_TMUX" display -p '#{alternate_on}')"
t_done
