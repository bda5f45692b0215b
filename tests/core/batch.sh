#!/usr/bin/env bash
# Batch mode end to end: the real binary, real helper processes, exact counts.
. "$TESTS_DIR/lib.sh"

limit=$(t_max_map_count)
t_helper base --vmas 0
t_helper big --vmas 1000
b=$("$VMATOP" -b -n 1 -p "$base" | awk -v p="$base" '$1 == p { print $3 }')
out=$("$VMATOP" -b -n 1 -p "$big")
row=$(echo "$out" | awk -v p="$big" '$1 == p')
want=$((b + 1000))
t_eq "helper row pid" "$big" "$(echo "$row" | awk '{print $1}')"
t_eq "helper count is baseline + 1000" "$want" "$(echo "$row" | awk '{print $3}')"
t_eq "helper percent" "$(awk -v c="$want" -v l="$limit" 'BEGIN { printf "%.1f", 100 * c / l }')" \
	"$(echo "$row" | awk '{print $4}')"
t_eq "helper command" "vmahelper" "$(echo "$row" | awk '{print $5}')"
t_check "header names the limit" grep -q "vm.max_map_count $limit" <<<"$out"
t_check "header has the column titles" grep -Eq '^ +PID USER +VMAS +%MAX COMMAND' <<<"$out"
t_eq "kernel count agrees" "$(t_kernel_count "$big")" "$want"

# Only the processes this test started (-p): other tests grow theirs meanwhile.
# Sorted by VMAs (descending), by pid with -s pid; --top limits the rows.
t_helper mid --vmas 500
rows_of() { awk '/^ +PID /{t=1;next} t {print $1}'; }
t_eq "sorted by VMAs: big, mid, base" "$big $mid $base" \
	"$(echo $("$VMATOP" -b -n 1 -p "$base,$mid,$big" | rows_of))"
t_eq "-s pid sorts by pid" "$(echo $(printf '%s\n' "$base" "$mid" "$big" | sort -n))" \
	"$(echo $("$VMATOP" -b -n 1 -s pid -p "$base,$mid,$big" | rows_of))"
t_eq "--top 2 keeps the two largest" "$big $mid" \
	"$(echo $("$VMATOP" -b -n 1 --top 2 -p "$base,$mid,$big" | rows_of))"
me=$(id -un)
t_eq "-u $me -p: the three helpers, all of that user" "3 $me" \
	"$("$VMATOP" -b -n 1 -u "$me" -p "$base,$mid,$big" | awk '/^ +PID /{t=1;next} t {n++; u[$2]=1} END {for (k in u) us = us k; print n, us}')"

# -n 2 prints two iterations.
t_eq "-n 2 prints two headers" 2 "$("$VMATOP" -b -n 2 -d 0.1 -p "$big" | grep -c '^vmatop - ')"

# An ESC sequence in the name never reaches the output raw.
t_helper evil --vmas 3 --name $'\e[2Jevil'
ev=$("$VMATOP" -b -n 1 -p "$evil")
t_check "no raw ESC in output" bash -c '! grep -q $'"'"'\x1b'"'"' <<<"$1"' _ "$ev"
t_check "name shown with U+FFFD" grep -q $'^ *[0-9]* .*\xef\xbf\xbd\\[2Jevil  ' <<<"$ev"

# A -p pid that does not exist: a message and exit 1.
t_helper gone --vmas 0
kill "$gone"; wait "$gone" 2>/dev/null
err=$("$VMATOP" -b -n 1 -p "$gone" 2>&1 >/dev/null); rc=$?
t_eq "missing pid exit status" 1 "$rc"
t_check "missing pid message" grep -q "no process with pid $gone" <<<"$err"
# the error comes alone: nothing on stdout (no empty header and table), in every format
for fmt in "" --json --openmetrics; do
	n=$("$VMATOP" -b -n 1 $fmt -p "$gone" 2>/dev/null | wc -c)
	t_eq "missing pid ${fmt:-text}: nothing on stdout" 0 "$n"
done

# Bad arguments: one line naming the argument, a usage hint, exit 2.
bad() {
	local what=$1; shift
	local e rc
	e=$("$VMATOP" "$@" 2>&1 >/dev/null); rc=$?
	t_eq "$* exits 2" 2 "$rc"
	t_check "$* names '$what'" grep -qF -- "$what" <<<"$(head -1 <<<"$e")"
	t_check "$* hints at --help" grep -q -- "--help" <<<"$e"
}
bad "-d" -b -d -1
bad "abc" -b -p abc
bad "-n" -b -n 0
bad "--frobnicate" --frobnicate
bad "nosuchuser" -b -u nosuchuser
bad "sideways" -b -s sideways

t_check "--help exits 0 and documents -b" bash -c '"$VMATOP" --help | grep -q -- "--batch"'
t_check "--version prints the version" bash -c '"$VMATOP" --version | grep -Eq "^vmatop [0-9]+\.[0-9]+"'
t_done
