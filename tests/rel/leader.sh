#!/usr/bin/env bash
# A process whose leader called pthread_exit while another thread runs: the
# leader is a zombie with an empty /proc/PID/maps, yet the address space (tens
# of thousands of VMAs) is alive.  vmatop must count it exactly from the live
# thread, show it as live (not Z), and --check must not say OK.
#   usage: leader.sh BACKEND   (text or bpf; bpf skips where it cannot load)
. "$TESTS_DIR/lib.sh"
backend=$1

if [ "$backend" = bpf ] && ! "$VMATOP" -b -n 1 -p $$ --backend bpf >/dev/null 2>"$T_TMP/err"; then
	t_skip "BPF backend unavailable: $(cat "$T_TMP/err")"
fi
limit=$(t_max_map_count)
vmas=$((limit * 9 / 10))
[ "$vmas" -gt 60000 ] && vmas=60000
t_helper h --vmas "$vmas" --leader-exit
tid=$(awk '{ print $4 }' "$T_TMP/helper.$h.out")
t_eq "the leader is a zombie" Z "$(awk '/^State:/ { print $2 }' "/proc/$h/status")"
t_eq "its maps file is empty" 0 "$(wc -l <"/proc/$h/maps")"
want=$(t_kernel_count "$h/task/$tid")
t_check "the live thread holds the $vmas VMAs ($want)" test "$want" -gt "$vmas"

json=$("$VMATOP" -b -n 1 --json --backend "$backend" -p "$h")
got=$(python3 -c 'import json,sys; p=json.load(sys.stdin)["processes"][0]; print(p["vmas"], p["state"])' <<<"$json")
t_eq "-b --json --backend $backend counts the live thread's mm exactly" "$want" "${got% *}"
t_check "and shows it live, not Z (state ${got#* })" test "${got#* }" != Z

text=$("$VMATOP" -b -n 1 --backend "$backend" -p "$h")
t_check "-b text shows the exact count" grep -Eq "^ *$h +[^ ]+ +$want " <<<"$text"
t_check "-b text marks it <leader exited>, not <defunct>" grep -Eq "^ *$h .*<leader exited>" <<<"$text"

pct=$(awk -v c="$want" -v l="$limit" 'BEGIN { printf "%.6f", 100 * c / l / 2 }')
out=$("$VMATOP" --check "$pct,100000" --backend "$backend" -p "$h"); rc=$?
t_eq "--check is WARNING, not OK ($out)" 1 "$rc"
t_check "--check names the exact count" grep -qF "(pid $h) $want VMAs" <<<"$out"

maps=$("$VMATOP" --maps "$h" --json)
t_eq "--maps counts the live thread's maps" "$want" \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["vmas"])' <<<"$maps")"
t_done
