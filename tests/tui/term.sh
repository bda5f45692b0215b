#!/bin/bash
# TERM=dumb, an unknown TERM or no TERM: one clear line and exit 2 (the man
# page's "bad usage"), before any scan; a known TERM starts the screen.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"

# run_term VALUE: vmatop under tmux with TERM=VALUE ("-" = unset); sets OUT.
run_term() {
	local env="TERM=$1"
	[ "$1" = "-" ] && env="-u TERM"
	t_tmux_start 100 10 "env $env $VMATOP -d 0.5 2>$T_TMP/err"
	t_tmux_wait '\[exit [0-9]+\]' 10 >/dev/null
	OUT=$(t_tmux_capture)
	tmux -L "$T_TMUX" kill-server 2>/dev/null
	T_TMUX=""
}

for term in dumb nosuchterm-xyz -; do
	run_term "$term"
	t_check "TERM=$term exits 2" grep -q '^\[exit 2\]' <<<"$OUT"
	t_check "TERM=$term: one line on stderr" test "$(wc -l <"$T_TMP/err")" -eq 1
	t_check "TERM=$term: the message says TERM and -b" grep -q 'TERM.*-b' "$T_TMP/err"
	echo "TERM=$term: $(cat "$T_TMP/err")"
done

# A known terminal type still starts the screen.
t_tmux_start 100 10 "env TERM=xterm $VMATOP -d 0.5"
t_check "TERM=xterm starts the screen" t_tmux_wait 'Worst' 10
t_tmux_keys q
t_check "and q leaves it with 0" t_tmux_wait '\[exit 0\]' 10
t_done
