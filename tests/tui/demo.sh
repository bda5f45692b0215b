#!/usr/bin/env bash
# E2E: vmatop --demo=5000 in tmux.  The child climbs at 5,000 VMAs/s: two
# captures a second apart show a rising count and a positive rate; the ENOMEM
# banner names the count at vm.max_map_count, within the time the rate
# predicts; after the child releases and climbs again its row keeps the '^'
# mark of having crossed the limit; q leaves no child behind.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
limit=$(t_max_map_count)
[ "$limit" -le 300000 ] || t_skip "vm.max_map_count $limit: the demo would take too long"

rate=5000
t_tmux_start 120 40 "$VMATOP -d 0.5 --demo=$rate"
t_check "the screen is up" t_tmux_wait '^vmatop  host'
start=$(date +%s)
shell=$(tmux -L "$T_TMUX" display -p '#{pane_pid}')
vpid=$(pgrep -P "$shell" -x vmatop)
dpid=$(pgrep -P "$vpid" -x vmatop-demo)
t_check "a vmatop-demo child runs" test -n "$dpid"

# The detail pane of the child opens at start: "pid N (vmatop-demo) · N VMAs".
pane_count() { t_tmux_capture | sed -nE "s/^pid $dpid \\(vmatop-demo\\) · ([0-9]+) VMAs.*/\\1/p" | head -n 1; }
t_check "the child's detail pane is open" t_tmux_wait "^pid $dpid \\(vmatop-demo\\)"
sleep 1
c1=$(pane_count); sleep 1; c2=$(pane_count)
echo "counts a second apart: $c1 -> $c2"
t_check "the count rises ($c1 -> $c2)" test "${c2:-0}" -gt "${c1:-0}"
t_check "a positive rate is shown" t_tmux_wait '^rate \+[0-9]+/s'

# ENOMEM at the limit, within the time the rate predicts (limit / rate, doubled
# for a loaded machine, plus start-up).
predicted=$(( limit / rate * 2 + 10 ))
t_check "the ENOMEM banner names the limit" \
	t_tmux_wait "vmatop-demo: ENOMEM at $limit VMAs" "$predicted"
t_check "... within the predicted ${predicted}s" test $(( $(date +%s) - start )) -le "$predicted"

# The child holds, releases everything and climbs again: the list row keeps the
# mark of having crossed the limit while watched.
t_tmux_keys Escape
t_check "released and climbing again" t_tmux_wait 'released its VMAs, climbing again' 20
t_check "the row keeps the crossed mark '^'" \
	t_tmux_wait "^ *$dpid +[^ ]+ +[0-9]+ +[0-9.]+[ *!#]\\^ .*vmatop-demo" 10

t_tmux_keys q
t_check "q exits with status 0" t_tmux_wait '^\[exit 0\]'
t_check "no demo child is left" test ! -e "/proc/$dpid"
t_done
