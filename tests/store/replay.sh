#!/bin/bash
# The screen in replay mode (vmatop --db PATH) and the live X toggle, in tmux:
# a recorded helper grows and is killed; the REPLAY header and its time, the
# step keys, T, the exited row, back to live; bad --db before the screen.
. "$TESTS_DIR/lib.sh"
command -v tmux >/dev/null || t_skip "tmux not installed"
command -v jq >/dev/null || t_skip "jq not installed"
export TERM=xterm-256color
db=$T_TMP/replay.db

"$VMATOP" record --db "$db" -d 1 >"$T_TMP/rec.out" 2>&1 &
rec=$!
T_PIDS="$T_PIDS $rec"
sleep 1.5                                 # the first sample is before the helper
t_helper h --rate 400 --vmas 2400 --name vtreplay$$
sleep 2
mid=$(date +%s.%N)                        # while it grows
t_wait_steady "$h" 2400 0.5
expected=$(t_kernel_count "$h")
sleep 2.5                                 # samples of the final count
kill -KILL "$h"
wait "$h" 2>/dev/null
sleep 2.5                                 # samples after its death
kill -TERM "$rec"
wait "$rec"

# the counts the batch form reads at the same times (record.sh checks those against the kernel)
mid_json=$("$VMATOP" -b --db "$db" --at "@$mid" -p "$h" --json)
mid_count=$(jq --argjson p "$h" '.processes[] | select(.pid == $p) | .vmas' <<<"$mid_json")
t_check "the helper was growing at the middle time ($mid_count < $expected)" \
	test "$mid_count" -gt 0 -a "$mid_count" -lt "$expected"
mid_time=$(date -d "@$(jq -r .time <<<"$mid_json" | sed 's/Z$//;s/T/ /' | xargs -I{} date -ud {} +%s)" '+%Y-%m-%d %H:%M:%S')

# the row of the helper on screen: its VMAS column
row_count() { t_tmux_capture | awk -v p="$h" '$1 == p { print $3; exit }'; }
header_time() { t_tmux_capture | grep -oE 'REPLAY [0-9-]+ [0-9:]+' | head -1 | cut -d' ' -f2-; }

t_tmux_start 160 40 "$VMATOP" --db "$db" -p "$h"
t_check "REPLAY in the header" t_tmux_wait "REPLAY [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}"
t_check "the detail pane of the recorded process shows its recorded count" \
	t_tmux_wait "pid $h \(vtreplay$$\) . $expected VMAs recorded"
# the graph: one column per recorded sample of its ~10 s of life (full blocks, or # in ASCII)
t_check "the detail pane graphs the recorded history (several columns)" \
	test "$(t_tmux_capture | grep -m1 '^ *0 ' | grep -o '█\|#' | wc -l)" -ge 5
t_tmux_keys Escape
t_check "the exited helper is listed, 'exited HH:MM:SS'" \
	t_tmux_wait "^ *$h .*vtreplay$$ +exited [0-9]{2}:[0-9]{2}:[0-9]{2}"
t_eq "with its last count" "$expected" "$(row_count)"
last=$(header_time)

t_tmux_keys T
t_check "T asks for a time" t_tmux_wait "Time \(-10m"
t_tmux_keys "@$mid" Enter
t_check "T jumped to the recorded sample at or before the time typed" \
	t_tmux_wait "REPLAY $mid_time"
t_check "the helper's count then is the recorded one" t_tmux_wait "^ *$h +[^ ]+ +$mid_count "
t_check "and it is not marked exited then" bash -c "! tmux -L '$T_TMUX' capture-pane -p | grep -q 'exited [0-9]'"

t_tmux_keys '}'
moved() {
	for i in $(seq 100); do
		[ "$(header_time)" != "$mid_time" ] && return 0
		sleep 0.05
	done
	return 1
}
t_check "} steps one sample forward: the time changes" moved
sleep 0.2
fwd=$(row_count)
t_check "and the growing helper's count with it ($mid_count -> $fwd)" test "$fwd" -gt "$mid_count"
t_tmux_keys '{'
t_check "{ steps back to the same sample" t_tmux_wait "REPLAY $mid_time"
t_check "with the same count" t_tmux_wait "^ *$h +[^ ]+ +$mid_count "
t_tmux_keys Z
t_check "Z pauses" t_tmux_wait "PAUSED"
t_tmux_keys '}'
t_check "} steps while paused" moved
t_tmux_keys '{'
t_check "{ back while paused" t_tmux_wait "REPLAY $mid_time"
t_tmux_keys Z
t_tmux_keys T
t_check "T again" t_tmux_wait "Time \(-10m"
t_tmux_keys soon Enter
t_check "a bad TIME: a message, the time unchanged" t_tmux_wait "time: 'soon' is not a TIME"
t_check "the time is unchanged" test "$(header_time)" = "$mid_time"
t_tmux_keys '+'
t_check "+ a minute forward, clamped to the last sample" t_tmux_wait "REPLAY $last"
t_check "the helper is exited there" t_tmux_wait "vtreplay$$ +exited "
t_tmux_keys '-'
t_check "- a minute back, clamped to the first sample (before the helper)" \
	t_tmux_wait "no process matches"
t_check "the first sample is earlier than the middle" test "$(header_time)" \< "$mid_time"

t_tmux_keys L
t_check "L goes live: no REPLAY" t_tmux_wait "^vmatop +host"
t_check "the live backend is in the header" t_tmux_wait "backend (bpf|text)"
t_tmux_keys L
t_check "L again: back to the recording" t_tmux_wait "REPLAY "
t_tmux_keys k
t_check "no signal to a recorded process" t_tmux_wait "cannot be signalled|no process selected"
t_tmux_keys q
t_check "q quits with status 0" t_tmux_wait '\[exit 0\]'
tmux -L "$T_TMUX" kill-server 2>/dev/null

# live: X shows a process that just exited, with its final count
t_helper h2 --vmas 1500 --name vtlivex$$
count2=$(t_kernel_count "$h2")
t_tmux_start 160 40 "$VMATOP" -d 0.3 -p "$h2"
t_check "live: the helper's detail" t_tmux_wait "pid $h2 \(vtlivex$$\)"
t_tmux_keys Escape
t_check "live: the helper is listed" t_tmux_wait "^ *$h2 .*vtlivex$$"
kill -KILL "$h2"
wait "$h2" 2>/dev/null
t_check "live: once dead it is gone" t_tmux_wait "no process matches"
t_tmux_keys X
t_check "X lists it dimmed as exited" t_tmux_wait "^ *$h2 .*vtlivex$$ +exited [0-9]{2}:[0-9]{2}:[0-9]{2}"
t_eq "with its final count (the kernel's)" "$count2" \
	"$(t_tmux_capture | awk -v p="$h2" '$1 == p { print $3; exit }')"
t_check "the header says exited shown" t_tmux_wait "exited shown"
t_tmux_keys X
t_check "X again hides it" t_tmux_wait "no process matches"
t_tmux_keys q
tmux -L "$T_TMUX" kill-server 2>/dev/null

# bad --db: one line, non-zero, before the screen; the file is untouched
bad_db() {
	local what=$1 path=$2 pat=$3
	local sum; sum=$(md5sum "$path" 2>/dev/null)
	t_tmux_start 120 10 "$VMATOP" --db "$path"
	t_check "$what: an error naming --db" t_tmux_wait "^vmatop: --db: .*$pat"
	t_check "$what: exit 1" t_tmux_wait '\[exit 1\]'
	t_eq "$what: one line of error" 1 "$(t_tmux_capture | grep -c '^vmatop:')"
	t_eq "$what: the file is untouched" "$sum" "$(md5sum "$path" 2>/dev/null)"
	tmux -L "$T_TMUX" kill-server 2>/dev/null
}
bad_db "missing file" "$T_TMP/nothere.db" "nothere.db"
t_check "missing file: not created" test ! -e "$T_TMP/nothere.db"
printf 'not a database\n' >"$T_TMP/text.db"
bad_db "a text file" "$T_TMP/text.db" "text.db"
sqlite3 "$T_TMP/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
bad_db "another SQLite database" "$T_TMP/other.db" "other.db"
t_done
