#!/bin/bash
# The help (F1) describes the columns from the one column table: every
# column the batch writer titles (the same table) has its line in the help,
# title then description, and the help names as many columns as Setup offers.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"

titles=$("$VMATOP" -b -n 1 --containers -s ppid -p $$ 2>/dev/null | awk '/^ +PID /{ print; exit }')
t_check "the batch writer titles its columns" test -n "$titles"

t_tmux_start 160 70 "$VMATOP" -d 5
t_check "the list is up" t_tmux_wait '^ *PID ' 10
t_tmux_keys F1
t_check "the help is up" t_tmux_wait '^Columns ' 5
screen=$(t_tmux_capture)
lines=$(awk '/^Columns /{ on = 1; next } on && /^  [^ ]/{ n++ } on && !/^  /{ exit } END { print n + 0 }' <<<"$screen")
for t in $titles; do
	t_check "the help has a line for $t" grep -Eq "^  $(sed 's/[][%/.^$*]/\\&/g' <<<"$t") +[a-z]" <<<"$screen"
done
# Setup's column chooser (F2) lists the same table: the same titles with the
# same descriptions, one row each.
t_tmux_keys Escape
t_check "back to the list" t_tmux_wait '^ *PID ' 5
t_tmux_keys F2
t_check "Setup is up" t_tmux_wait '^Setup: columns' 5
setup=$(t_tmux_capture)
help_cols=$(awk '/^Columns /{ on = 1; next } on && /^  [^ ]/{ $1 = $1; print; next } on { exit }' <<<"$screen" | sort)
setup_cols=$(sed -n 's/^ \[[x ]\] //p' <<<"$setup" | awk '{ $1 = $1; print }' | sort)
t_check "Setup offers columns" test "$(wc -l <<<"$setup_cols")" -ge 10
t_eq "the help and Setup describe the same columns alike" "$setup_cols" "$help_cols"
t_check "the help names every column the batch writer titles ($lines lines)" \
	test "$lines" -ge "$(wc -w <<<"$titles")"
# In a short window the help scrolls: Down by one line, End to its last
# page, Home back to its first line.
t_tmux_resize 160 20
t_tmux_keys Escape
t_check "back to the list (short window)" t_tmux_wait '^ *PID ' 5
t_tmux_keys F1
t_check "the help starts at its first line" t_tmux_wait '^A VMA ' 5
t_tmux_keys Down
t_check "Down scrolls one line" t_tmux_wait '^vm.max_map_count caps' 5
t_check "Down hid the first line" sh -c "! tmux -L '$T_TMUX' capture-pane -p | grep -q '^A VMA '"
t_tmux_keys End
t_check "End shows the last key" t_tmux_wait '^  L +replay: back to the live scan' 5
t_check "End hid the columns" sh -c "! tmux -L '$T_TMUX' capture-pane -p | grep -q '^Columns '"
t_tmux_keys Home
t_check "Home is back at the first line" t_tmux_wait '^A VMA ' 5
t_tmux_keys F10
t_done
