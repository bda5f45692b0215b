#!/usr/bin/env bash
# vmatop --maps on a process with 1,000,000 VMAs: parsed and grouped exactly.
# Needs root to raise vm.max_map_count for the helper; the old value is put back
# as soon as the helper is set up (and in any case on exit).  Not run in
# parallel with other tests: a --grow helper elsewhere would see the raised limit.
. "$TESTS_DIR/lib.sh"

N=1000000
[ "$(id -u)" -eq 0 ] || t_skip "needs root to raise vm.max_map_count above $N"
sysctl_file=/proc/sys/vm/max_map_count
# One raiser at a time (other build dirs may run this test concurrently): the
# value saved must be the machine's, not another run's raised one.
exec 9>"${TMPDIR:-/tmp}/vmatop-max-map-count.lock"
flock -w 600 9 || t_skip "another run holds the vm.max_map_count lock"
old=$(cat "$sysctl_file")
restore() { [ -n "$old" ] && echo "$old" >"$sysctl_file"; old=""; }
trap 'restore; t_cleanup' EXIT

if [ "$old" -le $((N + 100)) ]; then
	echo $((N + 1000)) >"$sysctl_file" || t_skip "cannot raise vm.max_map_count"
fi
t_helper big --vmas "$N"
restore

want=$(t_kernel_count "$big")
# The kernel's text is the oracle: private anonymous lines, and the helper's
# region at 0x200000000000 (N split pages + the PROT_NONE tail = N + 1 VMAs).
kernel_anon=$(awk '($6 == "" || $6 ~ /^\[anon:/) && $2 ~ /p$/ { n++ } END { print n }' "/proc/$big/maps")
region=$(grep -c '^2000[0-9a-f]\{8\}-' "/proc/$big/maps")
j=$("$VMATOP" --maps "$big" --json)
t_eq "total is the kernel's count" "$want" "$(jq .vmas <<<"$j")"
t_eq "the region has N + 1 VMAs" "$((N + 1))" "$region"
t_eq "anon is the kernel's anonymous lines" "$kernel_anon" \
	"$(jq '.groups[] | select(.type == "anon") | .vmas' <<<"$j")"
t_check "anon holds at least the region" \
	jq -e --argjson r "$region" '.groups[] | select(.type == "anon") | .vmas >= $r' <<<"$j"
t_eq "groups sum to the total" "$want" "$(jq '[.groups[].vmas] | add' <<<"$j")"
t_check "text output agrees" grep -q "^pid $big (vmahelper) · $want VMAs" <<<"$("$VMATOP" --maps "$big")"
t_done
