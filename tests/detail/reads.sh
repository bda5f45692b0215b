#!/bin/bash
# What the detail pane reads, counted with strace: /proc/PID/maps once per
# refresh while the pane is open and never after it is closed; smaps never
# until r.  The text backend opens "PID/maps" relative to /proc once per scan,
# the pane opens "/proc/PID/maps": the scans are the clock.
. "$TESTS_DIR/lib.sh"
T_KEY_PAUSE=0.2

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
command -v strace >/dev/null 2>&1 || t_skip "strace is not installed"

t_helper H --vmas 10 --name vtdreads
trace="$T_TMP/trace"
now() { date +%s.%N; }
# count KIND [FROM [TO]]: opens of one kind in the trace between two times.
count() {
	local pat
	case $1 in
	scan) pat="openat\\([0-9]+, \"$H/maps\"" ;;
	pane) pat="openat\\(AT_FDCWD, \"/proc/$H/maps\"" ;;
	smaps) pat="\"/proc/$H/smaps\"" ;;
	esac
	grep -E "$pat" "$trace" | awk -v a="${2:-0}" -v b="${3:-9e12}" '$2 >= a && $2 < b' | wc -l
}

# LeakSanitizer cannot run under ptrace (sanitizer builds): leaks are checked
# by the other tests of the pane.
t_tmux_start 120 40 "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 strace -f -ttt -e trace=openat -o $trace $VMATOP --backend text -d 0.3 -p $H"
t_check "the pane opens under strace" t_tmux_wait "^pid $H \\(vtdreads\\)" 20
sleep 3
t1=$(now)
scans=$(count scan 0 "$t1"); reads=$(count pane 0 "$t1")
echo "while open: $scans scans, $reads reads of /proc/$H/maps by the pane"
t_check "the list refreshed meanwhile ($scans scans)" test "$scans" -ge 4
t_check "the pane read maps once per refresh ($reads reads, $scans scans)" \
	test "$reads" -ge $((scans - 1)) -a "$reads" -le "$scans"
t_eq "no smaps read before r" 0 "$(count smaps 0 "$t1")"

keys r
t_check "r shows resident sizes" t_tmux_wait '^▸ exe .* [0-9.]+ [KMG]iB +1 file'
sleep 1
t2=$(now)
t_check "r reads smaps ($(count smaps "$t1" "$t2") times)" test "$(count smaps "$t1" "$t2")" -ge 1

keys Escape
t_check "Esc returns to the list" t_tmux_wait '^ *PID +USER'
t3=$(now)
sleep 2
t4=$(now)
t_check "the list still refreshes after Esc" test "$(count scan "$t3" "$t4")" -ge 3
t_eq "no maps read by the closed pane" 0 "$(count pane "$t3" "$t4")"
t_eq "no smaps read by the closed pane" 0 "$(count smaps "$t3" "$t4")"
keys q
t_check "q exits with status 0" t_tmux_wait '^\[exit 0\]'
t_done
