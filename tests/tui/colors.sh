#!/bin/bash
# The header's Worst bar at each threshold (15%, 60%, 90%, at the limit), with
# colours: the filled cells' foreground must differ from their background and
# each threshold has its own colour (tmux capture-pane -e shows the SGR codes).
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
limit=$(t_max_map_count)
[ "$limit" -le 200000 ] || t_skip "vm.max_map_count is $limit: too many VMAs to build the thresholds"

# bar_sgr PID: the SGR parameters in force at the bar's first '|', as "fg bg"
# (39/49 = the terminal's default), from vmatop -p PID in tmux.
bar_sgr() {
	t_tmux_start 120 30 "env TERM=xterm-256color $VMATOP -d 5 -p $1"
	t_tmux_wait "Worst \[\|" 10 >/dev/null
	tmux -L "$T_TMUX" capture-pane -e -p | grep 'Worst \[' | head -1 >"$T_TMP/line"
	tmux -L "$T_TMUX" kill-server 2>/dev/null; T_TMUX=""
	# walk the escapes up to the first '|', keeping the last fg and bg set
	perl -ne '
		my ($fg, $bg, $rev) = (39, 49, 0);
		my $pre = (split /\|/, $_, 2)[0];
		while ($pre =~ /\e\[([0-9;]*)m/g) {
			for my $p (split /;/, ($1 eq "" ? "0" : $1)) {
				if ($p == 0) { ($fg, $bg, $rev) = (39, 49, 0) }
				elsif ($p == 7) { $rev = 1 }
				elsif (($p >= 30 && $p <= 39) || ($p >= 90 && $p <= 97)) { $fg = $p }
				elsif (($p >= 40 && $p <= 49) || ($p >= 100 && $p <= 107)) { $bg = $p }
			}
		}
		($fg, $bg) = ($bg - 10, $fg + 10) if $rev;
		print "$fg $bg\n";' "$T_TMP/line"
}

declare -A seen
for pct in 15 60 90 limit; do
	if [ "$pct" = limit ]; then
		t_helper hp --grow
	else
		t_helper hp --vmas $((limit * pct / 100))
	fi
	sgr=$(bar_sgr "$hp")
	echo "$pct%: bar fg/bg = $sgr  ($(sed 's/\x1b\[[0-9;]*m//g' "$T_TMP/line" | cut -c1-70))"
	read -r fg bg <<<"$sgr"
	t_check "$pct%: the bar is drawn (SGR found)" test -n "$fg"
	# 39 fg on 49 bg is the terminal's own pair (visible); otherwise fg and bg differ
	t_check "$pct%: foreground differs from background" test "$((fg + 10))" -ne "$bg" -o "$fg" = 39
	t_check "$pct%: the bar is coloured (not the default foreground)" test "$fg" != 39
	seen[$sgr]=$pct
	kill "$hp"; wait "$hp" 2>/dev/null
done
t_eq "four thresholds, four distinct colours" 4 "${#seen[@]}"
t_done
