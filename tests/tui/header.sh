#!/bin/bash
# The header at 60x20, 80x24 and 200x50: whole items dropped by priority, the
# limit and the worst process kept longest, never a number or word cut.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
limit=$(t_max_map_count)
t_helper hp --vmas 300 --name vthdr$$
count=$(t_kernel_count "$hp")

for size in 60x20 80x24 200x50; do
	cols=${size%x*} rows=${size#*x}
	t_tmux_start "$cols" "$rows" "env TERM=xterm $VMATOP -d 5 -p $hp"
	t_tmux_wait 'Worst' 10 >/dev/null
	scr=$(t_tmux_capture)
	tmux -L "$T_TMUX" kill-server 2>/dev/null; T_TMUX=""
	l1=$(sed -n 1p <<<"$scr"); l2=$(sed -n 2p <<<"$scr"); l3=$(sed -n 3p <<<"$scr")
	echo "$size: |$l1|"; echo "$size: |$l2|"; echo "$size: |$l3|"
	t_check "$size: the limit whole on line 1" grep -Eq "vm\.max_map_count $limit( |$)" <<<"$l1"
	t_check "$size: the worst count whole" grep -Eq "(^| )$count VMAs( |$)" <<<"$l2"
	t_check "$size: no line wider than the screen" test "$(wc -L <<<"$scr")" -le "$cols"
	# every label shown is followed by its whole value
	for lab in host kernel delay backend; do
		if grep -q "$lab" <<<"$l1"; then
			t_check "$size: '$lab' has its value" grep -Eq "$lab [^ ]+(  |$)" <<<"$l1"
		fi
	done
	t_check "$size: backend is never cut" bash -c '! grep -Eq "backend (b|bp|t|te|tex)$" <<<"$1"' _ "$l1"
	t_check "$size: line 3 ends on a whole item" grep -Eq "(Total VMAs [0-9]+|unreadable|\))$" <<<"$(sed 's/ *$//' <<<"$l3")"
	[ "$size" = 200x50 ] && t_check "200x50: nothing dropped" \
		grep -Eq "^vmatop  host .* kernel .* vm\.max_map_count $limit  delay 5s  backend (bpf|text)$" <<<"$l1"
	[ "$size" = 60x20 ] && t_check "60x20: backend and delay dropped, not cut" \
		bash -c '! grep -Eq "backend|delay" <<<"$1"' _ "$l1"
done
# Under 40 columns the limit keeps its number under a short label.
t_tmux_start 20 5 "env TERM=xterm $VMATOP -d 5 -p $hp"
t_tmux_wait 'limit' 10 >/dev/null
l1=$(t_tmux_capture | sed -n 1p)
echo "20x5: |$l1|"
t_tmux_keys q
t_check "20x5: the limit whole" grep -Eq "limit $limit( |$)" <<<"$l1"
t_done
