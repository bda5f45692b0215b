#!/bin/bash
# What a newcomer presses: a search that matches nothing says so, a key that
# does nothing gives a short "F1 for help" hint, Left/Right scroll a long
# command line horizontally.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
long="vtfk$$-$(printf 'x%.0s' $(seq 150))-ENDMARK"
t_helper hp --vmas 5 --name "$long"
t_tmux_start 80 24 "env TERM=xterm $VMATOP -d 1 -p $hp"
t_tmux_wait 'Worst' 10 >/dev/null
t_tmux_keys Escape                     # -p opened the detail: back to the list
t_tmux_wait '^ *PID +USER' 10 >/dev/null

# Search: nothing matches -> the bottom line says so.
t_tmux_keys / ; t_tmux_keys -l "nosuchprocess$$"
t_check "search: 'not found' while typing" t_tmux_wait "^Search \(not found\): nosuchprocess$$" 5
t_tmux_keys Enter
t_check "search: 'not found' after Enter" t_tmux_wait "not found: nosuchprocess$$" 5
t_tmux_keys n
t_check "search: n says it again" t_tmux_wait "not found: nosuchprocess$$" 5
# An unbound key: a hint, not silence.
t_tmux_keys j
t_check "unknown key: the hint names F1" t_tmux_wait "key j does nothing here: F1 for help" 5

# Left/Right: the end of the long command line comes into view, then goes back.
t_check "the command line is cut at first" bash -c '! grep -q ENDMARK <<<"$1"' _ "$(t_tmux_capture)"
# about 240 columns of name and command line in a 25-column COMMAND cell: Right
# until the end shows (8 columns a press), at most 40 presses.
presses=0
while [ $presses -lt 40 ] && ! t_tmux_capture | grep -Eq "^ *$hp .*-ENDMARK"; do
	t_tmux_keys Right; presses=$((presses + 1)); sleep 0.1
done
t_check "Right scrolls to the end of the command line ($presses presses)" t_tmux_wait "^ *$hp .*-ENDMARK" 5
t_check "it took several presses (it was cut)" test "$presses" -ge 20
t_check "the other columns stay in place" t_tmux_wait "^ *$hp +[^ ]+ +[0-9]+ " 5
for i in $(seq 45); do t_tmux_keys Left; done
t_check "Left scrolls back to the name" t_tmux_wait "^ *$hp .* vmahelper|^ *$hp .* vtfk" 5
t_check "and the end is cut again" bash -c '! grep -q ENDMARK <<<"$1"' _ "$(t_tmux_capture)"
t_tmux_keys q
t_done
