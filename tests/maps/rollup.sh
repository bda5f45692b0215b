#!/bin/bash
# --maps: files roll up per directory (300 segment files are one line), and
# --top N limits the lines per group (text) and the paths per group (JSON).
. "$TESTS_DIR/lib.sh"
command -v jq >/dev/null || t_skip "jq is not installed"
seg="$T_TMP/index/segments"; other="$T_TMP/other"
mkdir -p "$seg" "$other"
t_helper hp --segments "$seg" 300 --files "$other"
txt=$("$VMATOP" --maps "$hp")
t_check "300 segment files are one line for their directory" \
	grep -Eq "^ +300 +1\.2 MiB +- +$seg/ \(300 files\)\$" <<<"$txt"
t_check "no segment file on a line of its own" bash -c '! grep -Eq "^    .*/seg-[0-9]+\.bin$" <<<"$1"' _ "$txt"
t_check "a directory with 2 files keeps its paths" grep -Eq "^ +1 +4\.0 KiB +- +$other/data-1\.bin\$" <<<"$txt"
echo "$txt" | sed -n '/^file /,/^[a-z]/p' | head -8

# --top 1: one line per group, then what was left out.
top1=$("$VMATOP" --maps "$hp" --top 1)
filelines=$(sed -n '/^file /,/^[a-z]/{/^    /p}' <<<"$top1")
t_eq "--top 1: the file group keeps its biggest line" "$seg/ (300 files)" \
	"$(head -1 <<<"$filelines" | sed 's/^ *[0-9]* *[0-9.]* [KMG]iB *- *//')"
t_check "--top 1: then '... and 2 more lines'" grep -Eq '^ +2 +\.\.\. and 2 more lines$' <<<"$filelines"
t_eq "--top 1: two lines in the file group" 2 "$(wc -l <<<"$filelines")"

# JSON: paths per group limited to N; paths_omitted says how many are not shown.
all=$("$VMATOP" --maps "$hp" --json)
two=$("$VMATOP" --maps "$hp" --json --top 2)
t_eq "JSON without --top: all 302 file paths" 302 \
	"$(jq '.groups[] | select(.type == "file") | .paths | length' <<<"$all")"
t_eq "JSON without --top: paths_omitted 0" 0 "$(jq '[.groups[].paths_omitted] | add' <<<"$all")"
t_check "JSON --top 2: at most 2 paths per group" jq -e '[.groups[].paths | length] | max <= 2' <<<"$two"
t_eq "JSON --top 2: paths_omitted = all - shown" \
	"$(jq -c '[.groups[] | (.paths | length) - ([.paths | length, 2] | min)]' <<<"$all")" \
	"$(jq -c '[.groups[].paths_omitted]' <<<"$two")"
t_eq "JSON --top 2: the group counts are unchanged" "$(jq -c '[.groups[].vmas]' <<<"$all")" \
	"$(jq -c '[.groups[].vmas]' <<<"$two")"
t_done
