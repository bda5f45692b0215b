#!/usr/bin/env bash
# Batch mode with -n > 1: the history makes delta and rate real.
. "$TESTS_DIR/lib.sh"

t_helper still --vmas 10
t_helper grow --rate 200

one=$("$VMATOP" -b -n 1 -p "$grow")
t_check "-n 1: no rate column" bash -c '! grep -q "RATE/s" <<<"$1"' _ "$one"

out=$("$VMATOP" -b -n 3 -d 0.5 -p "$still,$grow")
t_check "-n 3: rate column title" grep -Eq '^ +PID USER +VMAS +%MAX +RATE/s +ETA COMMAND' <<<"$out"
t_eq "three iterations" 3 "$(grep -c '^vmatop - ' <<<"$out")"

# Rows of the grower, one per iteration: pid user vmas %max rate command.
rows=$(awk -v p="$grow" '$1 == p' <<<"$out")
t_eq "one row per iteration" 3 "$(wc -l <<<"$rows")"
t_eq "first iteration has no rate yet" "-" "$(awk 'NR == 1 {print $5}' <<<"$rows")"
last_rate=$(awk 'NR == 3 {print $5}' <<<"$rows")
t_check "grower's rate is positive ($last_rate)" awk -v r="$last_rate" 'BEGIN { exit !(r + 0 > 0) }'
first=$(awk 'NR == 1 {print $3}' <<<"$rows")
last=$(awk 'NR == 3 {print $3}' <<<"$rows")
t_check "grower's count rose ($first -> $last)" test "$last" -gt "$first"
still_rate=$(awk -v p="$still" '$1 == p {r = $5} END {print r}' <<<"$out")
t_eq "steady helper's rate is zero" "+0.0" "$still_rate"

# ETA: the grower's is a duration consistent with its rate, the steady one's "-".
limit=$(t_max_map_count)
eta=$(awk 'NR == 3 {print $6}' <<<"$rows")
t_check "grower's ETA is a duration ($eta)" grep -Eq '^([0-9]+[smhd])+$' <<<"$eta"
t_eq "steady helper's ETA" "-" "$(awk -v p="$still" '$1 == p {e = $6} END {print e}' <<<"$out")"
js=$("$VMATOP" -b -n 2 -d 0.5 --json -p "$still,$grow" | tail -1)
command -v jq >/dev/null || t_skip "jq is not installed"
t_eq "JSON: steady helper's eta_seconds is null" null \
	"$(jq ".processes[] | select(.pid == $still) | .eta_seconds" <<<"$js")"
t_check "JSON: grower's eta_seconds = (limit - vmas) / rate" jq -e \
	".processes[] | select(.pid == $grow) | (.eta_seconds - ($limit - .vmas) / .rate | fabs) < 1" <<<"$js"

# Sort by delta: from the second iteration the grower (positive delta) comes
# before the steady helper (delta 0) although its pid is larger.
bydelta=$("$VMATOP" -b -n 2 -d 0.5 -s delta -p "$still,$grow" |
	awk '/^vmatop - /{it++; t=0} /^ +PID /{t=1; next} t && it == 2 && $1 ~ /^[0-9]+$/ {print $1}')
t_eq "-s delta puts the grower first" "$grow $still" "$(echo $bydelta)"

# Sort by rate likewise.
byrate=$("$VMATOP" -b -n 2 -d 0.5 -s rate -p "$still,$grow" |
	awk '/^vmatop - /{it++; t=0} /^ +PID /{t=1; next} t && it == 2 && $1 ~ /^[0-9]+$/ {print $1}')
t_eq "-s rate puts the grower first" "$grow $still" "$(echo $byrate)"
t_done
