#!/bin/bash
# The advisor on a narrow screen (50 columns): a command longer than the line
# wraps onto the next row instead of being cut, so all of it can be read.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
t_helper hp --vmas 10
t_tmux_start 50 60 "env TERM=xterm $VMATOP -d 5 -p $hp"
t_tmux_wait 'Worst' 10 >/dev/null
t_tmux_keys Escape
# the list first: an Esc followed at once by a would arrive as Alt-a
t_check "Esc shows the list" t_tmux_wait '^ *PID ' 10
t_tmux_keys a
t_check "the advisor opens" t_tmux_wait '^How high should' 10
t_tmux_wait '^    echo "vm\.max_map_count=' 10 >/dev/null
scr=$(t_tmux_capture)
# the persistent command, 70+ columns: its start on one row, its end on the next
first=$(grep -n '^    echo "vm\.max_map_count=' <<<"$scr" | head -1 | cut -d: -f1)
t_check "the tee command starts on a row" test -n "$first"
next=$(sed -n "$((first + 1))p" <<<"$scr")
echo "wrapped: |$(sed -n "${first}p" <<<"$scr")|"; echo "         |$next|"
t_check "and its end is on the next row, indented" grep -Eq '^      .*99-vmatop\.conf *$' <<<"$next"
joined=$(sed -n "${first}p" <<<"$scr" | sed 's/^ *//; s/ *$//')$(sed 's/^ *//; s/ *$//' <<<"$next")
t_check "joined, the rows are the whole command" \
	grep -Eq '^echo "vm\.max_map_count=[0-9]+" \| sudo tee /etc/sysctl\.d/99-vmatop\.conf$' <<<"$joined"
t_check "no row wider than 50" test "$(wc -L <<<"$scr")" -le 50
t_tmux_keys q q
t_done
