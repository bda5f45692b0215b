#!/bin/bash
# E2E: the warn and critical percents (vmatoprc, then Setup) colour the %MAX
# cell.  Two helpers at about 10% of the limit; the second one's row (never the
# selected one: the selection follows the first -p pid) is read with tmux
# capture-pane -e.  warn=50: the default colour; warn lowered to 5% in Setup:
# the warn colour at once; crit lowered to 5% as well: the critical colour.
# The monochrome scheme picked in Setup drops the colour at once.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux is not installed"
limit=$(t_max_map_count)
[ "$limit" -le 200000 ] || t_skip "vm.max_map_count is $limit: too many VMAs for 10% of it"

RC="$XDG_CONFIG_HOME/vmatop/vmatoprc"
mkdir -p "$(dirname "$RC")"
printf 'warn=50\ncrit=80\nsort=pid\n' >"$RC"
t_helper H1 --vmas $((limit / 10)) --name vtthr1
t_helper H2 --vmas $((limit / 10)) --name vtthr2

# cell_fg: the foreground (30-37, 90-97; 39 = default) at H2's percent cell.
cell_fg() {
	sleep 0.5
	tmux -L "$T_TMUX" capture-pane -e -p | H2=$H2 perl -ne '
		my ($fg, $plain, @fgs) = (39, "");
		while (/\G(?:\e\[([0-9;]*)m|(.))/gs) {
			if (defined $1) {
				for my $p (split /;/, ($1 eq "" ? "0" : $1)) {
					$fg = 39 if $p == 0;
					$fg = $p if ($p >= 30 && $p <= 39) || ($p >= 90 && $p <= 97);
				}
			} else { $plain .= $2; push @fgs, $fg }
		}
		next unless $plain =~ /^ *$ENV{H2} /;
		print $fgs[$-[1]], "\n" if $plain =~ /^ *\d+ +\S+ +\d+ +(\d+\.\d)/;'
}

t_tmux_start 140 30 "$VMATOP -d 5 -p $H1,$H2"
t_check "-p opens the first helper's pane" t_tmux_wait "^pid $H1 "
keys Escape
t_check "Esc shows both helpers" t_tmux_wait "^ *$H2 +root +[0-9]+ +[0-9.]+"
normal=$(cell_fg)
t_eq "warn=50: the 10% cell has the default colour" 39 "$normal"

keys F2
t_check "F2 opens Setup" t_tmux_wait '^Setup: columns'
# Warn at: four rows above the last (colour scheme) row.
keys End; keys Up; keys Up; keys Up; keys Up
for _ in 1 2 3 4 5 6 7 8 9; do keys Left; done
t_check "Left lowers the warn percent to 5" t_tmux_wait 'Warn at +5% of the limit'
keys Escape
t_check "Esc leaves Setup" t_tmux_wait "^ *$H2 +root "
warn=$(cell_fg)
t_check "warn=5: the cell is coloured ($warn)" test -n "$warn" -a "$warn" != 39
t_check "vmatoprc holds warn=5" grep -qx 'warn=5' "$RC"

keys F2
t_check "F2 opens Setup again" t_tmux_wait '^Setup: columns'
keys End; keys Up; keys Up; keys Up
for _ in $(seq 15); do keys Left; done
t_check "Left lowers the critical percent to 5" t_tmux_wait 'Critical at +5% of the limit'
keys Escape
t_check "Esc leaves Setup again" t_tmux_wait "^ *$H2 +root "
crit=$(cell_fg)
t_check "crit=5: the cell is coloured ($crit)" test -n "$crit" -a "$crit" != 39
t_check "the critical colour differs from the warn colour ($crit, $warn)" test "$crit" != "$warn"

# The colour scheme applies at once: monochrome drops the colour, default
# brings the critical colour back, both without a restart.
keys F2
t_check "F2 opens Setup a third time" t_tmux_wait '^Setup: columns'
keys End; keys Space
t_check "Space picks the monochrome scheme" t_tmux_wait 'Colour scheme +monochrome'
keys Escape
t_check "Esc leaves Setup a third time" t_tmux_wait "^ *$H2 +root "
t_eq "monochrome: the cell has no colour at once" 39 "$(cell_fg)"
t_check "vmatoprc holds color_scheme=mono" grep -qx 'color_scheme=mono' "$RC"
keys F2
t_check "F2 opens Setup a fourth time" t_tmux_wait '^Setup: columns'
keys End; keys Space
t_check "Space picks the default scheme" t_tmux_wait 'Colour scheme +default'
keys Escape
t_check "Esc leaves Setup a fourth time" t_tmux_wait "^ *$H2 +root "
t_eq "default: the critical colour is back at once" "$crit" "$(cell_fg)"
keys q
t_check "q quits" t_tmux_wait '^\[exit 0\]'
t_done
