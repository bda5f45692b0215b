#!/usr/bin/env bash
# vmatop --openmetrics: promtool accepts it; the series carry the helpers' exact counts.
. "$TESTS_DIR/lib.sh"
command -v promtool >/dev/null || t_skip "promtool is not installed (Debian package prometheus)"

limit=$(t_max_map_count)
t_helper h --vmas 400
t_helper q --vmas 5 --name 'q"uo\te'
count=$(t_kernel_count "$h")
out=$("$VMATOP" --openmetrics -p "$h,$q")
lint=$(promtool check metrics <<<"$out" 2>&1); rc=$?
t_eq "promtool check metrics accepts it (with a quote and a backslash in a label)" "0:" "$rc:$lint"
t_eq "ends with # EOF" "# EOF" "$(tail -n 1 <<<"$out")"
t_eq "the limit" "$limit" "$(awk '$1 == "vmatop_max_map_count_limit" {print $2}' <<<"$out")"
t_eq "processes scanned" 2 "$(awk '$1 == "vmatop_processes_scanned" {print $2}' <<<"$out")"
t_eq "processes unreadable" 0 "$(awk '$1 == "vmatop_processes_unreadable" {print $2}' <<<"$out")"
t_eq "helper's series: exact count" \
	"vmatop_process_vmas{pid=\"$h\",comm=\"vmahelper\"} $count" \
	"$(grep "^vmatop_process_vmas{pid=\"$h\"," <<<"$out")"
t_eq "escaped label value" "vmatop_process_vmas{pid=\"$q\",comm=\"q\\\"uo\\\\te\"} $(t_kernel_count "$q")" \
	"$(grep "^vmatop_process_vmas{pid=\"$q\"," <<<"$out")"
ratio=$(grep "^vmatop_process_ratio{pid=\"$h\"," <<<"$out" | awk '{print $2}')
t_check "helper's ratio is count / limit ($ratio)" \
	awk -v r="$ratio" -v c="$count" -v l="$limit" 'BEGIN { d = r - c / l; exit !(d < 1e-9 && d > -1e-9) }'
t_eq "worst ratio is the helper's" "$ratio" "$(awk '$1 == "vmatop_worst_ratio" {print $2}' <<<"$out")"
t_eq "total VMAs" "$((count + $(t_kernel_count "$q")))" "$(awk '$1 == "vmatop_vmas" {print $2}' <<<"$out")"

# The whole machine, default top 10, and --top 2.
all=$("$VMATOP" --openmetrics)
lint=$(promtool check metrics <<<"$all" 2>&1); rc=$?
t_eq "promtool accepts the whole machine" "0:" "$rc:$lint"
t_check "at most 10 processes by default" test "$(grep -c '^vmatop_process_vmas{' <<<"$all")" -le 10
t_check "-p lists the helper" grep -q "^vmatop_process_vmas{pid=\"$h\"," <<<"$("$VMATOP" --openmetrics -p "$h")"
t_eq "--top 2" 2 "$("$VMATOP" --openmetrics --top 2 | grep -c '^vmatop_process_vmas{')"
t_eq "HELP and TYPE for each of the 10 families" "10 10" \
	"$(grep -c '^# HELP vmatop_' <<<"$all") $(grep -c '^# TYPE vmatop_[a-z_]* gauge$' <<<"$all")"
t_eq "-n 2 prints two expositions" 2 "$("$VMATOP" --openmetrics -n 2 -d 0.1 -p "$h" | grep -c '^# EOF$')"

# The README and the man page document every metric the writer emits.
for m in $(awk '$1 == "#" && $2 == "TYPE" {print $3}' <<<"$all"); do
	t_check "README documents $m" grep -q "^| \`$m\` |" "$TESTS_DIR/../README.md"
	t_check "the man page documents $m" grep -Eq "^\.BR? $m( ,)?\$" "$TESTS_DIR/../doc/vmatop.1"
done

# --output: atomic, nothing else left in the directory, not readable as .prom meanwhile.
mkdir "$T_TMP/tf"
"$VMATOP" --openmetrics -p "$h" --output "$T_TMP/tf/vmatop.prom"
t_eq "--output exit status" 0 "$?"
lint=$(promtool check metrics <"$T_TMP/tf/vmatop.prom" 2>&1); rc=$?
t_eq "promtool accepts the file" "0:" "$rc:$lint"
t_check "the file has the helper" grep -q "^vmatop_process_vmas{pid=\"$h\",comm=\"vmahelper\"} $count\$" \
	"$T_TMP/tf/vmatop.prom"
t_eq "only the file in the directory" "vmatop.prom" "$(ls -A "$T_TMP/tf")"
err=$("$VMATOP" --openmetrics --output "$T_TMP/tf" 2>&1 >/dev/null); rc=$?
t_eq "--output onto a directory exits 1" 1 "$rc"
t_check "one line naming it ($err)" test "$(wc -l <<<"$err")" -eq 1 -a -n "$(grep -F -- "--output $T_TMP/tf:" <<<"$err")"
t_eq "the temp file was removed" "vmatop.prom" "$(ls -A "$T_TMP/tf")"
t_done
