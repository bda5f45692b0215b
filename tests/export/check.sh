#!/usr/bin/env bash
# vmatop --check: thresholds around a helper's known percent give exit 0, 1, 2;
# nothing to judge gives 3.  -p / -u narrow what is checked.
. "$TESTS_DIR/lib.sh"

limit=$(t_max_map_count)
t_helper h --vmas 900
t_helper big --vmas 1800
count=$(t_kernel_count "$h")
pct=$(awk -v c="$count" -v l="$limit" 'BEGIN { printf "%.6f", 100 * c / l }')
th() { awk -v p="$pct" -v f="$1" 'BEGIN { printf "%.6f", p * f }'; }

# run_check WANT_STATUS WANT_WORD ARGS...: exit status and the first word of the line.
run_check() {
	local want=$1 word=$2; shift 2
	local out rc
	out=$("$VMATOP" --check "$@"); rc=$?
	t_eq "--check $* exits $want" "$want" "$rc"
	t_check "--check $* says $word ($out)" grep -q "^VMATOP $word - " <<<"$out"
	t_eq "--check $* prints one line" 1 "$(wc -l <<<"$out")"
	last=$out
}

run_check 0 OK "$(th 2),$(th 4)" -p "$h"
t_check "names the helper, its pid and exact count" \
	grep -qF "worst: vmahelper (pid $h) $count VMAs, " <<<"$last"
t_check "and the limit" grep -qF "% of vm.max_map_count $limit |" <<<"$last"
t_check "perfdata has the thresholds" grep -qF "worst_percent=$(awk -v p="$pct" 'BEGIN { printf "%.3f", p }')%;$(th 2 | sed 's/0*$//;s/\.$//');" <<<"$last"
t_check "perfdata has the count" grep -qF "worst_vmas=$count;;;0" <<<"$last"
run_check 1 WARNING "$(th 0.5),$(th 2)" -p "$h"
run_check 2 CRITICAL "$(th 0.25),$(th 0.5)" -p "$h"
run_check 2 CRITICAL "0,0" -p "$h"

# Default thresholds 80,95: a helper far below them is OK.
run_check 0 OK -p "$h"
# -p narrows: with both helpers the bigger one is the worst.
run_check 0 OK -p "$h,$big"
t_check "the worst of -p h,big is big" grep -qF "(pid $big) $(t_kernel_count "$big") VMAs" <<<"$last"
run_check 2 CRITICAL "$(th 1.5),$(th 1.9)" -p "$h,$big"

# UNKNOWN: a pid that cannot exist; a user without processes.
run_check 3 UNKNOWN -p 2147483647
t_check "names the missing pid" grep -qF "no process with pid 2147483647" <<<"$last"
run_check 3 UNKNOWN -u 54321
t_check "says nothing matched" grep -qF "no process to check" <<<"$last"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	# -u: a helper running as another user is the only one checked.
	real=$VMAHELPER
	VMAHELPER=setpriv t_helper u --reuid 54321 --regid 54321 --clear-groups "$real" --vmas 77
	run_check 0 OK -u 54321
	t_check "-u checks that user's helper" grep -qF "(pid $u) $(t_kernel_count "$u") VMAs" <<<"$last"
	# Without privilege root's helper is unreadable: UNKNOWN, not OK.
	out=$(setpriv --reuid 54321 --regid 54321 --clear-groups "$VMATOP" --check -p "$h"); rc=$?
	t_eq "unreadable maps: exit 3" 3 "$rc"
	t_check "unreadable maps: says why ($out)" grep -qF "VMATOP UNKNOWN - none of the 1 processes' maps is readable" <<<"$out"
else
	echo "note: not root (or no setpriv): -u with another user's helper is not exercised"
fi

# A hostile name never breaks the line: no ESC, no '|' before the perfdata.
t_helper evil --vmas 3 --name $'a|b\e[2J\n'
run_check 0 OK -p "$evil"
t_check "no raw ESC" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$last"
t_eq "exactly one '|'" 1 "$(tr -cd '|' <<<"$last" | wc -c)"

# Bad arguments with --check: exit 3 (UNKNOWN, as monitoring plugins do; 2
# would page as CRITICAL), the UNKNOWN line on stdout, the reason on stderr.
for args in "--check 95,80" "--check=abc" "--check -p nope" "--check --bogus"; do
	out=$("$VMATOP" $args 2>"$T_TMP/err"); rc=$?
	t_eq "bad arguments '$args' exit 3" 3 "$rc"
	t_check "'$args': UNKNOWN line ($out)" grep -q "^VMATOP UNKNOWN - bad arguments: " <<<"$out"
	t_check "'$args': the reason on stderr" test -s "$T_TMP/err"
done
err=$("$VMATOP" --check 95,80 2>&1 >/dev/null)
t_check "the message names --check" grep -q -- "--check" <<<"$err"
# Without --check, bad arguments stay exit 2.
"$VMATOP" -b -p nope >/dev/null 2>&1
t_eq "bad arguments without --check exit 2" 2 "$?"
t_done
