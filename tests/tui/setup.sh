#!/bin/bash
# E2E: Setup (F2) in tmux.  Show PPID and raise the warn percent, leave Setup,
# quit, start again: PPID is still there and vmatoprc holds both.  A bad line
# in vmatoprc gets one warning naming the file and the line, and the screen
# starts anyway.  Only the helper started here is looked at (-p).
. "$TESTS_DIR/lib.sh"

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"

RC="$XDG_CONFIG_HOME/vmatop/vmatoprc"
t_helper H --vmas 10 --name vtsetup
PPID_OF_H=$(awk '{ print $4 }' "/proc/$H/stat")
quit_and_wait() {
	keys q
	t_check "$1" t_tmux_wait '^\[exit 0\]'
	tmux -L "$T_TMUX" kill-server 2>/dev/null
}

t_check "no settings file before the first run" test ! -e "$RC"
t_tmux_start 120 30 "$VMATOP -d 0.3 -p $H"
wait_for "-p opens the helper's pane" "^pid $H "
keys Escape
wait_for "Esc shows the list" '^ *PID +USER +VMAS'
t_check "PPID is not a default column" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -qE '^ *PID +PPID'"
keys F2
wait_for "F2 opens Setup" '^Setup: columns'
wait_for "Setup lists the hidden PPID column" '\[ \] PPID'
# The shown columns come first (11 of them), then PPID.
for _ in 1 2 3 4 5 6 7 8 9 10 11; do keys Down; done
keys Space
wait_for "Space shows PPID" '\[x\] PPID'
# Move PPID left until it follows PID.
for _ in 1 2 3 4 5 6 7 8 9; do keys '['; done
# Warn at: the rows after the columns, reached from the end of the list.
keys End; keys Up; keys Up; keys Up; keys Up
keys Right
wait_for "Right raises the warn percent" 'Warn at +55% of the limit'
keys Escape
wait_for "Esc leaves Setup with PPID after PID" '^ *PID +PPID +USER +VMAS'
t_check "the helper's row shows its parent" sh -c \
	"tmux -L $T_TMUX capture-pane -p | grep -qE '^ *$H +$PPID_OF_H '"
t_check "leaving Setup wrote vmatoprc" grep -qx 'columns=pid,ppid,user,vmas,percent,threads,delta,rate,eta,trend,state,command' "$RC"
t_check "vmatoprc holds the warn percent" grep -qx 'warn=55' "$RC"
quit_and_wait "q quits"

t_tmux_start 120 30 "$VMATOP -d 0.3 -p $H"
wait_for "-p opens the pane again" "^pid $H "
keys Escape
wait_for "after a restart PPID is still there" '^ *PID +PPID +USER +VMAS'
keys '<'; keys '<'
wait_for "< < sorts by the column two to the left (PPID)" 'Sort ppid asc'
quit_and_wait "q quits again"
t_check "the sort key persists" grep -qx 'sort=ppid' "$RC"

# -s overrides the file for one run and is then saved like any change.
t_tmux_start 120 30 "$VMATOP -d 0.3 -s pid -p $H"
wait_for "-s overrides vmatoprc" 'Sort pid asc'
quit_and_wait "q quits a third time"

# Other users: hiding them in Setup drops another user's helper from the list
# at once (even with -p) and is saved as other_users=0.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	real=$VMAHELPER
	VMAHELPER=setpriv t_helper N --reuid 54321 --regid 54321 --clear-groups "$real" --vmas 10 --name vtother
	VMAHELPER=$real
	t_tmux_start 120 30 "$VMATOP -d 0.3 -p $H,$N"
	wait_for "-p opens the first helper's pane" "^pid $H "
	keys Escape
	wait_for "Esc shows the other user's helper" "^ *$N +[0-9]+ +54321 "
	keys F2
	wait_for "Setup shows other users" 'Other users +shown'
	# The row before the colour scheme, the last row.
	keys End; keys Up
	keys Space
	wait_for "Space hides other users" 'Other users +hidden'
	keys Escape
	wait_for "the list is back" '^ *PID +PPID +USER +VMAS'
	sleep 1
	screen=$(t_tmux_capture)
	t_check "the other user's helper is hidden" test -z "$(grep -E "^ *$N " <<<"$screen")"
	t_check "the own helper is still listed" grep -qE "^ *$H " <<<"$screen"
	t_check "vmatoprc holds other_users=0" grep -qx 'other_users=0' "$RC"
	keys F2; keys End; keys Up; keys Right
	wait_for "Right shows other users again" 'Other users +shown'
	keys Escape
	wait_for "the other user's helper is listed again" "^ *$N +[0-9]+ +54321 "
	t_check "vmatoprc holds other_users=1" grep -qx 'other_users=1' "$RC"
	quit_and_wait "q quits after the other-users check"
else
	echo "note: not root (or no setpriv): the other-users row is not exercised"
fi

# A bad line: one warning with file:line, the rest applies, the screen starts.
printf 'columns=pid,vmas,command\nbogus line\n' >"$RC"
t_tmux_start 120 30 "$VMATOP -d 0.3 -p $H"
wait_for "a bad vmatoprc still starts the screen" "^pid $H "
keys Escape
wait_for "the good lines apply" '^ *PID +VMAS +COMMAND'
keys q
t_tmux_wait '^\[exit 0\]' >/dev/null
screen=$(t_tmux_capture)
t_check "the warning names the file and line 2" grep -qF "vmatop: $RC:2: not name=value (line ignored)" <<<"$screen"
t_check "the warning is one line" test "$(grep -c 'line ignored' <<<"$screen")" -eq 1
t_done
