#!/usr/bin/env bash
# vmatop --maps end to end: real helper processes with a known set of mappings.
# The baseline helper (--vmas 0, no extras) gives the types the helper always
# has (exe, libc, heap, stack, vdso...); the extras add exactly
#   file +3 (two data files, one deleted file), lib +1 (a .so copy),
#   shm +3 (memfd, SysV segment, /dev/shm object),
# and --vmas N adds anon +N to the same helper without it.  Under ASan the
# sanitizer's own anonymous mappings merge or not depending on the random
# layout, so there the kernel's text of the same process is the oracle for anon.
. "$TESTS_DIR/lib.sh"

N=100
files="$T_TMP/files"
mkdir -p "$files"
cp "$VMAHELPER" "$files/libvmacopy.so"

extras=(--files "$files" --deleted "$files" --so "$files/libvmacopy.so" --memfd --sysv --shm)
t_helper base --vmas 0
t_helper extra --vmas 0 "${extras[@]}"
t_helper full --vmas "$N" "${extras[@]}"
t_helper anon --vmas "$N"

limit_before=$(t_max_map_count)
bj=$("$VMATOP" --maps "$base" --json)
ej=$("$VMATOP" --maps "$extra" --json)
fj=$("$VMATOP" --maps "$full" --json)
aj=$("$VMATOP" --maps "$anon" --json)
limit_after=$(t_max_map_count)
t_check "baseline JSON is valid" jq -e . <<<"$bj"
t_check "full JSON is valid" jq -e . <<<"$fj"

group() { jq -r --arg t "$2" '.groups[] | select(.type == $t) | .vmas' <<<"$1"; }
# The limit is machine-wide and another test may change it meanwhile: read it
# around the run and accept either value; the percent must match the one used.
limit=$(jq .max_map_count <<<"$fj")

# Totals: the kernel's count, the limit, the pid, the comm.
t_eq "baseline total = kernel count" "$(t_kernel_count "$base")" "$(jq .vmas <<<"$bj")"
t_eq "full total = kernel count" "$(t_kernel_count "$full")" "$(jq .vmas <<<"$fj")"
t_eq "pid" "$full" "$(jq .pid <<<"$fj")"
t_eq "comm" "vmahelper" "$(jq -r .comm <<<"$fj")"
t_check "max_map_count is the machine's ($limit)" \
	bash -c '[ "$1" = "$2" ] || [ "$1" = "$3" ]' _ "$limit" "$limit_before" "$limit_after"
t_eq "percent" "$(awk -v c="$(jq .vmas <<<"$fj")" -v l="$limit" 'BEGIN { printf "%.4f", 100 * c / l }')" \
	"$(printf '%.4f' "$(jq .percent <<<"$fj")")"
t_eq "eight groups, each type once" "anon exe file heap kernel lib shm stack" \
	"$(jq -r '[.groups[].type] | sort | join(" ")' <<<"$fj")"
t_eq "groups sum to the total" "$(jq .vmas <<<"$fj")" "$(jq '[.groups[].vmas] | add' <<<"$fj")"
t_check "groups sorted by vmas" jq -e '[.groups[].vmas] as $v | $v == ($v | sort | reverse)' <<<"$fj"
t_check "paths sum to their group" \
	jq -e 'all(.groups[]; .vmas == ([.paths[].vmas] | add // 0))' <<<"$fj"

# Per group: the extras, exactly.
for t in exe heap stack kernel; do
	t_eq "$t unchanged" "$(group "$bj" $t)" "$(group "$fj" $t)"
done
# Private anonymous lines of the kernel's text, and the helper's region at
# 0x200000000000 (N split pages + the PROT_NONE tail).
kernel_anon() { awk '($6 == "" || $6 ~ /^\[anon:/) && $2 ~ /p$/ { n++ } END { print n + 0 }' "/proc/$1/maps"; }
t_eq "anon = the kernel's anonymous lines" "$(kernel_anon "$full")" "$(group "$fj" anon)"
t_eq "anon = the kernel's anonymous lines (no extras)" "$(kernel_anon "$anon")" "$(group "$aj" anon)"
t_eq "the region has N + 1 VMAs" "$((N + 1))" "$(grep -c '^2000[0-9a-f]\{8\}-' "/proc/$full/maps")"
if grep -q 'libasan\|libubsan' "/proc/$base/maps"; then
	echo "note: sanitized helper, anon is checked against the kernel's text only"
else
	t_eq "anon grows by N" "$(($(group "$ej" anon) + N))" "$(group "$fj" anon)"
	t_eq "anon grows by N without extras" "$(($(group "$bj" anon) + N))" "$(group "$aj" anon)"
fi
t_eq "file: two data files and a deleted one" "$(($(group "$bj" file) + 3))" "$(group "$fj" file)"
t_eq "lib: the .so copy" "$(($(group "$bj" lib) + 1))" "$(group "$fj" lib)"
t_eq "shm: memfd, SysV, /dev/shm" "$(($(group "$bj" shm) + 3))" "$(group "$fj" shm)"
t_eq "anon no-access: the region's tail" "$(jq '.groups[] | select(.type == "anon") | .no_access' <<<"$ej")" \
	"$(jq '.groups[] | select(.type == "anon") | .no_access' <<<"$fj")"

# The paths themselves.
paths() { jq -r --arg t "$2" '.groups[] | select(.type == $t) | .paths[] |
	"\(.path) \(.vmas) \(.bytes) \(.deleted)"' <<<"$1"; }
fp=$(paths "$fj" file)
page=$(getconf PAGESIZE)
t_check "data-1.bin listed" grep -qxF "$files/data-1.bin 1 $page false" <<<"$fp"
t_check "deleted file flagged" grep -qxF "$files/gone.bin 1 $page true" <<<"$fp"
t_check "ESC-named file sanitized in JSON" \
	grep -qxF "$files/data-"$'\xef\xbf\xbd'"[31mred"$'\xef\xbf\xbd\xef\xbf\xbd'".bin 1 $page false" <<<"$fp"
t_check "the .so copy is a lib" grep -qxF "$files/libvmacopy.so 1 $page false" <<<"$(paths "$fj" lib)"
sp=$(paths "$fj" shm)
t_check "memfd" grep -qxF "/memfd:vmahelper 1 $page true" <<<"$sp"
t_check "SysV segment" grep -Eq "^/SYSV[0-9a-f]{8} 1 $page true\$" <<<"$sp"
t_check "/dev/shm object" grep -qxF "/dev/shm/vmahelper.$full 1 $page true" <<<"$sp"
t_eq "exe path" "$(readlink -f "$VMAHELPER")" "$(paths "$fj" exe | awk '{print $1}')"
t_eq "no rss_kb without --smaps" "false" "$(jq '[.. | objects | has("rss_kb")] | any' <<<"$fj")"

# Text output: header, one line per type, paths indented; never a raw ESC.
txt=$("$VMATOP" --maps "$full")
t_check "text header" grep -Eq "^pid $full \(vmahelper\) · $(jq .vmas <<<"$fj") VMAs · max_map_count [0-9]+ · [0-9.]+% of the limit\$" <<<"$txt"
t_check "text anon line" grep -Eq "^anon +$(group "$fj" anon) · " <<<"$txt"
nfiles=$(($(jq '.groups[] | select(.type == "file") | .paths | length' <<<"$bj") + 3))
t_check "text file line counts files" grep -Eq "^file +$(group "$fj" file) · .* · $nfiles files · top: " <<<"$txt"
t_check "text shm line" grep -Eq "^shm +$(group "$fj" shm) · " <<<"$txt"
t_check "text rss unknown as -" grep -Eq "^lib .* · rss - · " <<<"$txt"
t_check "text path lines indented" grep -Eq "^ +1 +4\\.0 KiB +- +$files/data-1\\.bin\$" <<<"$txt"
t_check "no raw ESC in text" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$txt"
t_check "ESC name shown with U+FFFD" grep -qF "data-"$'\xef\xbf\xbd'"[31mred" <<<"$txt"
t_check "deleted marked in text" grep -qF "$files/gone.bin (deleted)" <<<"$txt"
t_eq "text type lines = nonempty groups" "$(jq '[.groups[] | select(.vmas > 0)] | length' <<<"$fj")" \
	"$(grep -Ec '^(kernel|heap|stack|shm|exe|lib|file|anon) ' <<<"$txt")"
at=$(LC_ALL=C "$VMATOP" --maps "$full")
t_check "C locale: ASCII only" bash -c '! LC_ALL=C grep -q "[^ -~]" <<<"$1"' _ "$at"

# --smaps: resident memory per group (known numbers, not '-').
sj=$("$VMATOP" --maps "$full" --json --smaps)
t_check "--smaps JSON is valid" jq -e . <<<"$sj"
t_check "--smaps: rss_kb on every group with VMAs" \
	jq -e 'all(.groups[] | select(.vmas > 0); (.rss_kb | type) == "number")' <<<"$sj"
t_check "--smaps: exe is resident" jq -e '.groups[] | select(.type == "exe") | .rss_kb > 0' <<<"$sj"
t_check "--smaps text shows sizes" grep -Eq "^exe .* · rss [0-9.]+ [KMG]i?B · " <<<"$("$VMATOP" --maps "$full" --smaps)"

# Errors: a pid that does not exist; maps that need privilege; a bad argument.
sleep 0 & gone=$!
wait "$gone"
err=$("$VMATOP" --maps "$gone" 2>&1 >/dev/null); rc=$?
t_eq "missing pid exits 1" 1 "$rc"
t_eq "missing pid: one line" 1 "$(wc -l <<<"$err")"
t_check "missing pid named" grep -q "no process with pid $gone" <<<"$err"
"$VMATOP" --maps abc >/dev/null 2>&1; rc=$?
t_eq "bad pid argument exits 2" 2 "$rc"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$VMATOP" --maps "$full" 2>&1 >/dev/null); rc=$?
	t_eq "unreadable maps exits 1" 1 "$rc"
	t_eq "unreadable maps: one line" 1 "$(wc -l <<<"$err")"
	t_check "unreadable maps names the privilege" grep -q "run as root or with CAP_SYS_PTRACE" <<<"$err"
else
	echo "note: not root, the permission check is not exercised"
fi
t_done
