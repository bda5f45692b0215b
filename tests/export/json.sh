#!/usr/bin/env bash
# vmatop -b --json: JSON Lines validated with jq; counts equal the helpers' exact counts.
. "$TESTS_DIR/lib.sh"
command -v jq >/dev/null || t_skip "jq is not installed"
# jq_true FILTER [ARGS...]: the filter's result on stdin is true.
jq_true() { jq -e "$@" >/dev/null; }

limit=$(t_max_map_count)
t_helper base --vmas 0
t_helper big --vmas 700
doc=$("$VMATOP" -b --json -n 1 -p "$base,$big")
t_check "one valid JSON document" jq_true 'type == "object"' <<<"$doc"
t_eq "one line" 1 "$(wc -l <<<"$doc")"
t_eq "max_map_count" "$limit" "$(jq '.max_map_count' <<<"$doc")"
t_eq "processes_scanned" 2 "$(jq '.processes_scanned' <<<"$doc")"
t_eq "processes_unreadable" 0 "$(jq '.processes_unreadable' <<<"$doc")"
t_check "time is RFC 3339 UTC" jq_true '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")' <<<"$doc"
t_check "time is now (within a day)" jq_true "(.time | fromdate) - $(date +%s) | fabs < 86400" <<<"$doc"
t_eq "host" "$(uname -n)" "$(jq -r '.host' <<<"$doc")"
t_eq "kernel" "$(uname -r)" "$(jq -r '.kernel' <<<"$doc")"
b=$(jq --argjson p "$base" '.processes[] | select(.pid == $p) | .vmas' <<<"$doc")
v=$(jq --argjson p "$big" '.processes[] | select(.pid == $p) | .vmas' <<<"$doc")
# Each helper against the kernel's own count of it (sanitizer builds of the helper map a
# varying number of areas of their own, so baseline + N is not compared across processes).
t_eq "baseline helper equals the kernel's count" "$(t_kernel_count "$base")" "$b"
t_eq "the 700-VMA helper equals the kernel's count" "$(t_kernel_count "$big")" "$v"
t_check "the 700-VMA helper has at least 700 more" test "$v" -ge 700
t_eq "sum of the two is total_vmas" "$((b + v))" "$(jq '.total_vmas' <<<"$doc")"
t_eq "sorted by VMAs: the big helper first" "$big" "$(jq '.processes[0].pid' <<<"$doc")"
p=$(jq -c --argjson p "$big" '.processes[] | select(.pid == $p)' <<<"$doc")
t_check "percent is 100 * vmas / limit" \
	jq_true --argjson l "$limit" '(.percent - 100 * .vmas / $l) | fabs < 1e-6' <<<"$p"
t_eq "ppid is this shell" "$$" "$(jq '.ppid' <<<"$p")"
t_eq "user" "$(id -un)" "$(jq -r '.user' <<<"$p")"
t_eq "comm" "vmahelper" "$(jq -r '.comm' <<<"$p")"
t_eq "cmdline" "$VMAHELPER --vmas 700" "$(jq -r '.cmdline' <<<"$p")"
t_eq "state" '"S"' "$(jq '.state' <<<"$p")"
t_eq "rate unknown after one sample" null "$(jq '.rate' <<<"$p")"
t_eq "threads: the helper has one" 1 "$(jq '.threads' <<<"$p")"
t_eq "exactly the documented fields" \
	'["cgroup","cmdline","comm","container","eta_seconds","namespace","percent","pid","pod","pod_uid","ppid","rate","state","threads","unit","user","vmas"]' \
	"$(jq -c '.processes[0] | keys' <<<"$doc")"
t_eq "top-level fields" \
	'["backend","host","kernel","max_map_count","processes","processes_scanned","processes_unreadable","time","total_vmas"]' \
	"$(jq -c 'keys' <<<"$doc")"

# The README and the man page document every field the writer emits.
readme="$TESTS_DIR/../README.md"
for k in $(jq -r '(keys + (.processes[0] | keys))[]' <<<"$doc"); do
	t_check "README documents the field $k" grep -Eq "^\| [^|]*\`\.?$k\`" "$readme"
	t_check "the man page documents the field $k" grep -Eq "^\.BR? $k( [,:])?\$" "$TESTS_DIR/../doc/vmatop.1"
done

# -n 3: three lines, each a valid document; the rate is known from the second on.
lines=$("$VMATOP" -b --json -n 3 -d 0.2 -p "$big")
t_eq "-n 3 gives 3 lines" 3 "$(wc -l <<<"$lines")"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	t_check "line $n is valid JSON" jq_true 'type == "object"' <<<"$line"
	t_eq "line $n: exact count" "$v" "$(jq '.processes[0].vmas' <<<"$line")"
done <<<"$lines"
t_eq "rate of a still helper on the third line" 0 \
	"$(sed -n 3p <<<"$lines" | jq '.processes[0].rate')"

# Hostile names: ESC, newline, quote, backslash, invalid UTF-8 in comm and cmdline.
# The helper runs through a symlink with such a name (argv[0], and comm without --name).
evil="$T_TMP/"$'ev\e[1m\n"q\\\xffil'
ln -s "$VMAHELPER" "$evil"
VMAHELPER=$evil t_helper h1 --vmas 11
VMAHELPER=$evil t_helper h2 --vmas 12 --name $'N\e[2J\n"q\\\xff'
out=$("$VMATOP" -b --json -n 1 -p "$h1,$h2")
t_check "hostile names: valid JSON" jq_true '.processes | length == 2' <<<"$out"
t_check "hostile names: still one line" test "$(wc -l <<<"$out")" -eq 1
t_check "no raw ESC" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$out"
t_check "no raw invalid byte" bash -c '! grep -q $'"'"'\xff'"'"' <<<"$1"' _ "$out"
t_check "the output is valid UTF-8" bash -c 'iconv -f UTF-8 -t UTF-8 <<<"$1" >/dev/null' _ "$out"
R=$'\xef\xbf\xbd'
c2=$(jq -r --argjson p "$h2" '.processes[] | select(.pid == $p) | .comm' <<<"$out")
t_check "comm with replacements, quote and backslash kept ($c2)" \
	grep -Eq "^N$R\\[2J$R\"q\\\\$R\$" <<<"$c2"
cl=$(jq -r --argjson p "$h2" '.processes[] | select(.pid == $p) | .cmdline' <<<"$out")
t_check "cmdline with replacements ($cl)" \
	grep -Eq "/ev$R\\[1m( |$R)\"q\\\\${R}il --vmas 12 --name N" <<<"$cl"
# (libproc2 turns the newline inside an argument into a space.)
t_eq "hostile helper 1: exact count" "$(t_kernel_count "$h1")" \
	"$(jq --argjson p "$h1" '.processes[] | select(.pid == $p) | .vmas' <<<"$out")"
t_eq "hostile helper 2: exact count" "$(t_kernel_count "$h2")" \
	"$(jq --argjson p "$h2" '.processes[] | select(.pid == $p) | .vmas' <<<"$out")"

# Unreadable counts are null, not 0: another user cannot read root's maps.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	u=$(setpriv --reuid 54321 --regid 54321 --clear-groups "$VMATOP" -b --json -n 1 -p "$big")
	t_eq "unprivileged: vmas null" null "$(jq '.processes[0].vmas' <<<"$u")"
	t_eq "unprivileged: percent null" null "$(jq '.processes[0].percent' <<<"$u")"
	t_eq "unprivileged: counted unreadable" 1 "$(jq '.processes_unreadable' <<<"$u")"
	t_eq "unprivileged: still named" vmahelper "$(jq -r '.processes[0].comm' <<<"$u")"
else
	echo "note: not root (or no setpriv): the unreadable case is covered by the unit tests"
fi

# --output: written atomically, readable by others, nothing left beside it.
mkdir "$T_TMP/out"
umask 022
t_eq "--output prints nothing" "" "$("$VMATOP" -b --json -n 1 -p "$big" --output "$T_TMP/out/v.json")"
t_eq "--output file: exact count" "$v" "$(jq '.processes[0].vmas' "$T_TMP/out/v.json")"
t_eq "--output file mode" 644 "$(stat -c %a "$T_TMP/out/v.json")"
t_eq "--output -n 2: the file holds the latest document" 1 \
	"$("$VMATOP" -b --json -n 2 -d 0.1 -p "$big" --output "$T_TMP/out/v.json"; wc -l <"$T_TMP/out/v.json")"
t_eq "no temp file left" "v.json" "$(ls -A "$T_TMP/out")"
err=$("$VMATOP" -b --json -n 1 -p "$big" --output "$T_TMP/nodir/v.json" 2>&1 >/dev/null); rc=$?
t_eq "--output into a missing directory exits 1" 1 "$rc"
t_eq "one line of error" 1 "$(wc -l <<<"$err")"
t_check "the error names the file ($err)" grep -qF -- "--output $T_TMP/nodir/v.json" <<<"$err"
t_done
