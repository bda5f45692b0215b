#!/bin/bash
# The advisor view (key a) in tmux.  The recommendation is computed here from
# the kernel's own count of a helper (t_kernel_count) with the --headroom and
# --round given to vmatop: ceil(count x H / R) x R, above the current limit so
# that the helper, not the limit, decides it.
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"

# Tests that change vm.max_map_count hold this lock exclusively: hold it
# shared so the limit stays the one the expected values are computed from.
exec 9>"${TMPDIR:-/tmp}/vmatop-max-map-count.lock"
flock -s -w 600 9 || t_skip "the vm.max_map_count lock is held elsewhere"

LIMIT=$(t_max_map_count)
H=100                       # the largest --headroom: 1% of the limit decides
R=7
N=$((LIMIT / 50 + 100))     # count x H is about twice the limit
[ "$N" -le 1000000 ] || t_skip "vm.max_map_count $LIMIT needs a helper of $N VMAs to decide the advice"
TAG=$(printf '%05d' $((RANDOM % 100000)))

# 1234567 -> 1,234,567 (the advice's grouping of figures)
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
round_up() { echo $(( ($1 * $2 + $3 - 1) / $3 * $3 )); }
pct() { awk -v c="$1" -v l="$2" 'BEGIN { printf "%.1f", c * 100 / l }'; }
# section FILE TITLE: the lines from the heading TITLE to the next blank line,
# trailing spaces dropped (tmux pads nothing, --advise pads nothing).
section() { sed -e 's/ *$//' "$1" | sed -n "/^$2\$/,/^\$/p"; }

t_helper BIG --vmas "$N" --name "advbig$TAG"
t_helper SMALL --vmas 10 --name "advsmall$TAG"
BIGCOUNT=$(t_kernel_count "$BIG")
SMALLCOUNT=$(t_kernel_count "$SMALL")
WANT=$(round_up "$BIGCOUNT" "$H" "$R")
t_check "the helper decides: $WANT is above the limit $LIMIT" [ "$WANT" -gt "$LIMIT" ]

t_tmux_start 120 40 "$VMATOP -d 0.5 -p $BIG,$SMALL --headroom $H --round $R"
wait_for "the screen follows the first -p pid" "Follow $BIG"
keys Escape                 # -p opens that process's detail view: back to the list
wait_for "the list is drawn" '^ *PID +USER +VMAS +%MAX'
wait_for "the list's function-key bar names a" 'Kill +aAdvise'

# --- a opens the advisor: the figures, the recommendation, the commands.
keys a
wait_for "a opens the advisor" '^How high should vm\.max_map_count be\?'
wait_for "current limit" "^  Current limit: +$(group "$LIMIT") VMAs per process"
wait_for "highest now: the helper, its exact count and percent" \
	"^  Highest now: +$(group "$BIGCOUNT") VMAs in advbig$TAG \(pid $BIG\), $(pct "$BIGCOUNT" "$LIMIT")% of the limit"
wait_for "headroom left" "^  Headroom left: +$(group $((LIMIT - BIGCOUNT))) VMAs"
wait_for "recommendation: ceil($BIGCOUNT x $H / $R) x $R = $WANT" "^  vm\.max_map_count = $WANT *\$"
wait_for "why, in one line" \
	"^  Why: peak $(group "$BIGCOUNT") x $H = $(group $((BIGCOUNT * H))), rounded up to $(group "$WANT")\. *\$"
wait_for "worst case names the recommendation" "^  Worst case: .* if one process fills $(group "$WANT") VMAs"
wait_for "temporary command" "^    sudo sysctl -w vm\.max_map_count=$WANT *\$"
wait_for "persistent command" \
	"^    echo \"vm\.max_map_count=$WANT\" \| sudo tee /etc/sysctl\.d/99-vmatop\.conf *\$"
wait_for "position shown when the advice is longer than the screen" '\[1-[0-9]+ of [0-9]+\] *$'

# The machine totals are every process's, not only the two -p shows.
total=$(t_tmux_capture | sed -n 's/^  Machine total: *\([0-9,]*\) VMAs in \([0-9]*\) process.*/\1 \2/p')
vmas=$(echo "${total% *}" | tr -d ,)
procs=${total#* }
t_check "machine total counts more processes than -p shows ($procs)" [ "${procs:-0}" -gt 2 ]
t_check "machine total ($vmas) exceeds the helpers' $((BIGCOUNT + SMALLCOUNT))" \
	[ "${vmas:-0}" -gt $((BIGCOUNT + SMALLCOUNT)) ]

# The same advice as vmatop --advise prints (core rendering, same options).
t_tmux_capture >"$T_TMP/screen1"
"$VMATOP" --advise -p "$BIG,$SMALL" --headroom "$H" --round "$R" >"$T_TMP/advise.out"
t_eq "--advise exits 0" 0 $?
t_check "recommendation section as --advise prints it" \
	[ -n "$(section "$T_TMP/screen1" Recommendation)" ]
t_eq "recommendation section equals --advise's" \
	"$(section "$T_TMP/advise.out" Recommendation)" "$(section "$T_TMP/screen1" Recommendation)"

# --- scrolling: End shows the warnings, Home the top again, PgDn a page.
keys End
wait_for "End shows the warnings" '^Before raising it'
wait_for "... down to the last line" '^  /proc/PID/status has no map count field\.'
wait_for "WSL 2 .wslconfig line" "^    kernelCommandLine = \"sysctl\.vm\.max_map_count=$WANT\" *\$"
wait_gone "End scrolls the title away" '^How high should'
t_tmux_capture >"$T_TMP/screen2"
# Each section whole on one screen: Linux at the top, Docker and WSL 2 at the end.
t_eq "Linux section equals --advise's" \
	"$(section "$T_TMP/advise.out" 'Linux: set it now (lasts until reboot)')" \
	"$(section "$T_TMP/screen1" 'Linux: set it now (lasts until reboot)')"
for title in 'Windows, Docker Desktop with the WSL 2 backend' \
	"Kubernetes: a node-level sysctl (not a pod.s: it is not namespaced)"; do
	t_check "section '$title' is on the End screen" [ -n "$(section "$T_TMP/screen2" "$title")" ]
	t_eq "section '$title' equals --advise's" \
		"$(section "$T_TMP/advise.out" "$title")" "$(section "$T_TMP/screen2" "$title")"
done
# Docker Desktop is just above: a few lines up.
for i in $(seq 12); do keys Up; done
wait_for "Up shows the Docker Desktop section" '^Docker Desktop on macOS'
t_tmux_capture >"$T_TMP/screen3"
title='Docker Desktop on macOS or Windows: the limit is the Docker VM.s'
t_eq "section '$title' equals --advise's" \
	"$(section "$T_TMP/advise.out" "$title")" "$(section "$T_TMP/screen3" "$title")"
keys Home
wait_for "Home shows the title again" '^How high should vm\.max_map_count be\?'
keys PgDn
wait_gone "PgDn scrolls a page" '^How high should'
keys Up
keys Home

# --- it follows the snapshots: the peak stays after its process exits.
kill "$BIG"
wait "$BIG" 2>/dev/null
wait_for "highest now follows the next snapshot" \
	"^  Highest now: +$(group "$SMALLCOUNT") VMAs in advsmall$TAG \(pid $SMALL\)"
wait_for "highest seen keeps the exited helper" \
	"^  Highest seen: +$(group "$BIGCOUNT") VMAs in advbig$TAG \(pid $BIG\)"
wait_for "the recommendation still comes from the peak" "^  vm\.max_map_count = $WANT *\$"
wait_for "the peak's age, and that its process exited" \
	'^ +seen [0-9][0-9smhd]* ago; that process has exited \(r in the advisor resets it\)'
keys r
wait_for "r resets the highest seen to what runs now" \
	"^  Highest seen: +$(group "$SMALLCOUNT") VMAs in advsmall$TAG \(pid $SMALL\)"
wait_gone "no age line once the peak is now's" 'that process has exited'
wait_for "the bar says it was reset" 'highest seen reset'

# --- back to the list: Esc, q (in the view), a again; F10 quits.
keys Escape
wait_for "Esc returns to the list" '^ *PID +USER +VMAS +%MAX'
wait_gone "the advice is gone" '^How high should'
keys a
wait_for "a opens it again" '^How high should vm\.max_map_count be\?'
keys q
wait_for "q in the advisor returns to the list" '^ *PID +USER +VMAS +%MAX'
t_check "q did not quit" bash -c "! tmux -L '$T_TMUX' capture-pane -p | grep -q '^\[exit'"
keys a
wait_for "a opens it once more" '^How high should'
keys a
wait_for "a again returns to the list" '^ *PID +USER +VMAS +%MAX'
keys h
wait_for "help lists the a key" '^ +a +limit advisor: the vm\.max_map_count to set'
keys Escape
keys F10
wait_for "F10 exits with status 0" '^\[exit 0\]'
t_eq "the limit was not changed" "$LIMIT" "$(t_max_map_count)"

t_done
