#!/bin/bash
# The detail pane in tmux, against helpers whose maps are known.
#   BASE  vmahelper --vmas 0: the types every helper has (exe, libc, heap, ...)
#   FULL  --vmas N plus two data files, a deleted file, a .so copy, a memfd, a
#         SysV segment, a /dev/shm object and a file named with ESC [2J
# The numbers the pane shows must equal `vmatop --maps PID --json` and what
# the helpers' setup adds: anon +N, file +4, lib +1, shm +3.
. "$TESTS_DIR/lib.sh"
T_KEY_PAUSE=0.2

command -v tmux >/dev/null 2>&1 || t_skip "tmux is not installed"
command -v jq >/dev/null 2>&1 || t_skip "jq is not installed"

N=300
REPL=$'\xef\xbf\xbd'
TAG=$(printf '%05d' $((RANDOM % 100000)))
files="$T_TMP/files"
mkdir -p "$files"
cp "$VMAHELPER" "$files/libvmacopy.so"
evil="$files/"$'\e[2Jevil'$TAG

t_helper BASE --vmas 0 --name vtdbase$TAG
t_helper FULL --vmas "$N" --files "$files" --deleted "$files" --so "$files/libvmacopy.so" \
	--memfd --sysv --shm --map "$evil" --name vtdfull$TAG
t_helper VICTIM --vmas 7 --name vtdvict$TAG
t_helper RATE --rate 500 --name vtdrate$TAG

# Screen helpers.
TYPES='kernel|heap|stack|shm|exe|lib|file|anon'
# "type vmas" per type row of the pane, in screen order.
pane_types() {
	t_tmux_capture | awk -v re="^($TYPES)\$" '($1 == "▸" || $1 == "▾" || $1 == "+" || $1 == "-") && $2 ~ re { print $2, $3 }'
}
pane_type() { pane_types | awk -v t="$1" '$1 == t { print $2 }'; }
# The anon row's NOACC column: the field after VIRT's number and unit.
pane_noacc() { t_tmux_capture | awk '$2 == "anon" && ($1 == "▸" || $1 == "▾") { print $8 }'; }
json_types() { jq -r '.groups[] | select(.vmas > 0) | "\(.type) \(.vmas)"' <<<"$1"; }
# Every number of a type row: VMAS %PROC %MAX VIRT, from the screen and as the
# pane must print them from --maps --json (same rounding: C printf in awk).
pane_rows() {
	t_tmux_capture | awk -v re="^($TYPES)\$" '($1 == "▸" || $1 == "▾") && $2 ~ re { print $2, $3, $4, $5, $6, $7 }'
}
json_rows() {
	jq -r '.max_map_count as $l | .vmas as $n | .groups[] | select(.vmas > 0) |
		"\(.type) \(.vmas) \($n) \($l) \(.bytes)"' <<<"$1" |
	awk 'function human(b,  u, v) { split("B KiB MiB GiB TiB PiB", unit, " "); v = b; u = 1
			while (v >= 1024 && u < 6) { v /= 1024; u++ }
			return u == 1 ? sprintf("%d B", b) : sprintf("%.1f %s", v, unit[u]) }
		{ printf "%s %d %.1f%% %.2f%% %s\n", $1, $2, 100 * $2 / $3, 100 * $2 / $4, human($5) }'
}
json_type() { jq -r --arg t "$2" '.groups[] | select(.type == $t) | .vmas' <<<"$1"; }
# Down from the first row to the row of a type (its index among the rows).
goto_type() {
	local i n
	n=$(pane_types | awk -v t="$1" '$1 == t { print NR - 1 }')
	keys Home
	for ((i = 0; i < n; i++)); do keys Down; done
}
# The kill chooser names the selected process: the selection, read off the screen.
selected_pid() {
	keys k
	t_tmux_capture | sed -n 's/.*Send a signal to \([0-9]*\) .*/\1/p' | head -n 1
	keys Escape
}

fj=$("$VMATOP" --maps "$FULL" --json)
bj=$("$VMATOP" --maps "$BASE" --json)
t_check "the --maps oracle is valid JSON" jq -e .groups <<<"$fj"

# --- 1. -p opens the pane at start; the groups with exact counts.
t_tmux_start 160 50 "$VMATOP -d 0.5 -p $FULL,$BASE,$VICTIM"
wait_for "-p opens the detail pane" "^pid $FULL \\(vtdfull$TAG\\) · $(jq .vmas <<<"$fj") VMAs · "
wait_for "the type rows are drawn" '^▸ anon +[0-9]+ '
t_eq "the pane's total is the kernel's count" "$(t_kernel_count "$FULL")" \
	"$(t_tmux_capture | sed -n "s/^pid $FULL (.*) · \\([0-9]*\\) VMAs .*/\\1/p")"
t_eq "per type, in order, as vmatop --maps --json" "$(json_types "$fj")" "$(pane_types)"
t_eq "per type VMAS %PROC %MAX VIRT as --maps --json" "$(json_rows "$fj")" "$(pane_rows)"
t_eq "anon no-access as --maps --json" \
	"$(jq '.groups[] | select(.type == "anon") | .no_access' <<<"$fj")" "$(pane_noacc)"
t_check "the lib line names its top contributor" \
	t_tmux_wait "^▸ lib .* [0-9]+ files · top: [^ ]+ [0-9]+\$"
t_check "resident memory is '-' until asked" t_tmux_wait '^▸ exe .* - +1 file · top: vmahelper'
wait_for "the history line" '^rate .* · (no type grew|grew most) since the pane opened'

# Expand file: the helper's files, the ESC name neutralised.
goto_type file
keys Enter
wait_for "Enter expands file: data-1.bin" "▸ $files/data-1\\.bin\$"
wait_for "the deleted file is marked" "▸ $files/gone\\.bin \\(deleted\\)\$"
screen=$(t_tmux_capture)
t_check "the ESC-named file is shown with U+FFFD" grep -qF "▸ $files/$REPL[2Jevil$TAG" <<<"$screen"
t_check "the ESC-named file does not clear the screen: header" grep -q '^vmatop  host' <<<"$screen"
t_check "the ESC-named file does not clear the screen: title" grep -q "^pid $FULL " <<<"$screen"
t_check "no raw ESC on screen" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$screen"
t_eq "expanding file lists its paths" "$(jq '.groups[] | select(.type == "file") | .paths | length' <<<"$fj")" \
	"$(grep -c "^ .*  ▸ /" <<<"$screen")"

# A path to its raw VMAs, and back.
n=$(pane_types | awk '$1 == "file" { print NR - 1 }')
# Select data-1.bin: the path rows follow the file row in --maps order.
idx=$(jq -r --arg p "$files/data-1.bin" '[.groups[] | select(.type == "file") | .paths[].path] | index($p)' <<<"$fj")
keys Home
for ((i = 0; i < n + 1 + idx; i++)); do keys Down; done
keys Right
range=$(awk -v p="$files/data-1.bin" '$6 == p { print $1, $2, $3 }' "/proc/$FULL/maps")
t_check "Right shows the raw VMA ($range)" t_tmux_wait "^ .* ${range%% *} ${range#* }"
keys Left
t_check "Left collapses the path" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -qF '${range%% *}'"
keys Left
keys Left
t_check "Left on a type row folds it" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -qF 'data-1.bin'"

# r: resident memory from smaps.
keys r
wait_for "r loads resident memory" '^▸ exe .* [0-9.]+ [KMG]iB +1 file · top: vmahelper'
keys r
wait_for "r again: back to '-'" '^▸ exe .* - +1 file · top: vmahelper'

# Scrolling: anon's unnamed path holds N+ VMAs, more than a screen.
goto_type anon
keys Enter; keys Down; keys Right
wait_for "anon's VMAs are listed" '^ +4\.0 KiB +- +2[0-9a-f]{11}-'
keys End
last=$(json_types "$fj" | tail -n 1 | cut -d' ' -f1)
wait_for "End shows the last type ($last)" "^▸ $last "
t_check "End scrolled the anon row away" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q '^▾ anon '"
keys Home
wait_for "Home shows the anon row again" '^▾ anon '
keys NPage
t_check "PgDn scrolls a page of VMAs" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q '^▾ anon '"
t_check "PgDn: VMAs on screen" t_tmux_wait '^ +4\.0 KiB +- +2[0-9a-f]{11}-'
keys PPage
wait_for "PgUp back to the top" '^▾ anon '
keys Left
wait_for "Left on anon folds it" '^▸ anon '

# Esc back to the list with the same selection.
keys Escape
wait_for "Esc returns to the list" '^ *PID +USER +VMAS'
t_eq "the list's selection is the pane's process" "$FULL" "$(selected_pid)"

# The baseline helper's pane: the extras of FULL, exactly.
keys /; text vtdbase$TAG; keys Enter
t_eq "search selects the baseline helper" "$BASE" "$(selected_pid)"
keys Enter
wait_for "Enter opens its pane" "^pid $BASE \\(vtdbase$TAG\\) · "
wait_for "its rows are drawn" '^▸ anon +[0-9]+ '
t_eq "baseline per type as --maps --json" "$(json_types "$bj")" "$(pane_types)"
base_anon=$(pane_type anon); base_file=$(pane_type file); base_lib=$(pane_type lib); base_shm=$(pane_type shm)
t_eq "anon: FULL has exactly N more" "$(( base_anon + N ))" "$(json_type "$fj" anon)"
t_eq "file: two data files, a deleted and the ESC-named one" "$(( ${base_file:-0} + 4 ))" "$(json_type "$fj" file)"
t_eq "lib: the .so copy" "$(( base_lib + 1 ))" "$(json_type "$fj" lib)"
t_eq "shm: memfd, SysV, /dev/shm" "$(( ${base_shm:-0} + 3 ))" "$(json_type "$fj" shm)"
# F1 in the pane: the pane's own help (its keys, its types), not the list's.
keys F1
wait_for "F1 in the pane shows the pane's help" 'Keys \(of every view, then of the detail pane\):'
wait_for "the pane's help explains its types" '^Types: heap'
t_check "the pane's help lists r" sh -c "tmux -L $T_TMUX capture-pane -p | grep -qE '^  r  +resident memory'"
t_check "the pane's help lacks the list's filter" sh -c "! tmux -L $T_TMUX capture-pane -p | grep -q 'filter: show only'"
keys Escape
wait_for "Esc returns to the pane" "^pid $BASE \\(vtdbase$TAG\\) · "
keys BSpace
wait_for "Backspace returns to the list" '^ *PID +USER +VMAS'
t_eq "the list's selection is still the baseline" "$BASE" "$(selected_pid)"

# The process exits: the pane says so and keeps its numbers.
keys /; text vtdvict$TAG; keys Enter
keys Enter
wait_for "the victim's pane" "^pid $VICTIM \\(vtdvict$TAG\\) · "
wait_for "its rows are drawn" '^▸ anon +[0-9]+ '
before=$(pane_types)
kill -TERM "$VICTIM"
wait_for "the pane says the process exited (zombie)" 'process exited: last data shown'
t_eq "the numbers stay" "$before" "$(pane_types)"
wait "$VICTIM" 2>/dev/null
sleep 1.2
t_check "still exited after it is reaped" t_tmux_wait 'process exited: last data shown'
t_eq "the numbers still stay" "$before" "$(pane_types)"
keys q
wait_for "q exits with status 0" '^\[exit 0\]'
tmux -L "$T_TMUX" kill-server

# --- 2. A growing helper: positive rate, ETA, anon grew most, a graph.
t_tmux_start 160 50 "$VMATOP -d 0.5 -p $RATE"
wait_for "the growing helper's pane" "^pid $RATE "
wait_for "a positive rate" '^rate \+[0-9.]+/s '
wait_for "an ETA to the limit" '· ETA to the limit [0-9]'
wait_for "anon grew most since the pane opened" 'grew most since the pane opened: anon \+[0-9]+'
t_check "the graph is drawn with blocks" t_tmux_wait '^ +0 [ ▁▂▃▄▅▆▇█]*[▁▂▃▄▅▆▇█]'
# The graph's top label (the first line after the title) is the limit the title names.
screen=$(t_tmux_capture)
t_eq "the graph's top is the limit" \
	"$(sed -n 's/^pid .* of vm\.max_map_count \([0-9]*\).*/\1/p' <<<"$screen")" \
	"$(awk '/^pid / { getline; print $1; exit }' <<<"$screen")"
keys q
wait_for "q exits" '^\[exit 0\]'
tmux -L "$T_TMUX" kill-server

# --- 3. --demo opens its child's pane: the count climbs, a positive rate.
t_tmux_start 160 50 "$VMATOP -d 0.3 --demo=5000"
wait_for "--demo opens the child's pane" '^pid [0-9]+ \(vmatop-demo\) · [0-9]+ VMAs'
dpid=$(t_tmux_capture | sed -n 's/^pid \([0-9]*\) (vmatop-demo).*/\1/p')
t_eq "the pane's process is vmatop-demo" "vmatop-demo" "$(cat "/proc/$dpid/comm" 2>/dev/null)"
wait_for "--demo: a positive rate in the pane" '^rate \+[0-9.]+/s '
wait_for "--demo: anon grew most" 'grew most since the pane opened: anon \+[0-9]+'
keys q
wait_for "--demo: q exits" '^\[exit 0\]'
t_check "--demo: the child is gone" test ! -e "/proc/$dpid"
tmux -L "$T_TMUX" kill-server

# --- 4. A non-UTF-8 locale: ASCII only, the same numbers.
t_tmux_start 160 50 "LC_ALL=C $VMATOP -d 0.5 -C -p $FULL"
wait_for "C locale: the pane" "^pid $FULL \\(vtdfull$TAG\\) - [0-9]+ VMAs - "
wait_for "C locale: ASCII markers" '^\+ anon +[0-9]+ '
t_eq "C locale: per type as --maps --json" "$(json_types "$fj")" "$(pane_types)"
goto_type file
keys Right
wait_for "C locale: the ESC name with '?'" "\\+ $files/\\?\\[2Jevil$TAG"
t_check "C locale: printable ASCII only" sh -c "! tmux -L $T_TMUX capture-pane -p | LC_ALL=C grep -q '[^ -~]'"
keys q
wait_for "C locale: q exits" '^\[exit 0\]'
tmux -L "$T_TMUX" kill-server
t_done
