# vmatop --advise against helpers of known count: the recommendation is
# computed here from the kernel's own count (t_kernel_count), not from vmatop.
. "$TESTS_DIR/lib.sh"

# 1234567 -> 1,234,567 (the advice's grouping of figures)
group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
# ceil(n * h / step) * step for a whole factor h
round_up() { echo $(( ($1 * $2 + $3 - 1) / $3 * $3 )); }
# ceil(n x 1.5 / 10000) x 10000: the defaults, in whole numbers
round_default() { echo $(( (3 * $1 + 19999) / 20000 * 10000 )); }
max() { local m=$1; shift; for v; do [ "$v" -gt "$m" ] && m=$v; done; echo "$m"; }
has_line() { grep -Fxq -- "$2" "$1"; }

# advise OUT ARGS...: run vmatop --advise into OUT (stderr OUT.err), status in
# $rc; $limit is the limit read around the run (retried when another test
# changed the machine-wide setting meanwhile).
advise() {
	local out=$1; shift
	for _ in 1 2 3; do
		limit=$(t_max_map_count)
		"$VMATOP" --advise "$@" >"$out" 2>"$out.err"
		rc=$?
		[ "$(t_max_map_count)" = "$limit" ] && return
	done
}

limit=$(t_max_map_count)

# --- a helper whose count decides: peak x 100 > the limit ---
n=$((limit / 100 + 50))
if [ "$n" -gt 1000000 ]; then
	echo "note: limit $limit needs a helper of $n VMAs to decide the advice; skipping that part"
else
	t_helper H --vmas "$n" --name advhelper
	count=$(t_kernel_count "$H")
	advise "$T_TMP/peak.out" -p "$H" --headroom 100 --round 7
	t_eq "--advise -p exits 0" 0 "$rc"
	from_peak=$(round_up "$count" 100 7)
	# Decided by the helper unless another test raised the limit meanwhile.
	want=$(max "$limit" "$from_peak")
	[ "$want" = "$from_peak" ] || echo "note: the limit rose to $limit during the test"
	t_check "recommendation is ceil($count x 100 / 7) x 7 = $from_peak (limit $limit)" \
		has_line "$T_TMP/peak.out" "  vm.max_map_count = $want"
	t_check "temporary command names $want" \
		has_line "$T_TMP/peak.out" "    sudo sysctl -w vm.max_map_count=$want"
	t_check "persistent file command names $want" \
		has_line "$T_TMP/peak.out" "    echo \"vm.max_map_count=$want\" | sudo tee /etc/sysctl.d/99-vmatop.conf"
	t_check "sysctl --system follows" has_line "$T_TMP/peak.out" "    sudo sysctl --system"
	t_check "sysctl -p FILE alternative" \
		has_line "$T_TMP/peak.out" "    sudo sysctl -p /etc/sysctl.d/99-vmatop.conf"
	t_check "WSL 2 in-VM command names $want" \
		has_line "$T_TMP/peak.out" "    sysctl -w vm.max_map_count=$want"
	t_check ".wslconfig kernelCommandLine names $want" \
		has_line "$T_TMP/peak.out" "    kernelCommandLine = \"sysctl.vm.max_map_count=$want\""
	t_check "why: peak x 100 rounded" grep -Fq \
		"  Why: peak $(group "$count") x 100 = $(group $((count * 100))), rounded up to $(group "$from_peak")" \
		"$T_TMP/peak.out"
	t_check "highest now is the helper with its exact count" \
		grep -Fq "Highest now:        $(group "$count") VMAs in advhelper (pid $H)" "$T_TMP/peak.out"
	t_check "current limit shown" \
		grep -Fq "Current limit:      $(group "$limit") VMAs per process" "$T_TMP/peak.out"
	procs=$(sed -n 's/^  Machine total: *[0-9,]* VMAs in \([0-9]*\) process.*/\1/p' "$T_TMP/peak.out")
	t_check "machine total counts every process, not only -p ($procs)" [ "${procs:-0}" -ge 2 ]
	t_eq "helper count unchanged during the run" "$count" "$(t_kernel_count "$H")"
	t_eq "nothing on stderr" "" "$(cat "$T_TMP/peak.out.err")"
	kill "$H"
fi

# --- default headroom and rounding: never below the current limit ---
t_helper S --vmas 10 --name advsmall
count=$(t_kernel_count "$S")
advise "$T_TMP/small.out" -p "$S"
t_eq "--advise (defaults) exits 0" 0 "$rc"
want=$(max "$limit" "$(round_default "$count")")
t_check "default recommendation is max(limit, ceil($count x 1.5 / 10000) x 10000) = $want" \
	grep -Eq "^  vm\.max_map_count = $want( |\$)" "$T_TMP/small.out"
t_check "temporary command names $want" \
	has_line "$T_TMP/small.out" "    sudo sysctl -w vm.max_map_count=$want"

# --- a recognised workload: Elasticsearch's documented minimum ---
es_out="$T_TMP/es.helper"
bash -c 'exec -a "$0" "$VMAHELPER" --vmas 0' \
	"/usr/share/elasticsearch/jdk/bin/java org.elasticsearch.bootstrap.Elasticsearch" >"$es_out" 2>&1 &
ES=$!
T_PIDS="$T_PIDS $ES"
for _ in $(seq 200); do grep -q '^READY ' "$es_out" && break; sleep 0.05; done
t_check "Elasticsearch stand-in started" grep -q '^READY ' "$es_out"
count=$(t_kernel_count "$ES")
advise "$T_TMP/es.out" -p "$ES"
t_eq "--advise with Elasticsearch exits 0" 0 "$rc"
want=$(max "$limit" 262144 "$(round_default "$count")")
t_check "Elasticsearch floor: recommendation $want" \
	grep -Eq "^  vm\.max_map_count = $want( |\$)" "$T_TMP/es.out"
t_check "Elasticsearch named with its pid and minimum" \
	grep -Eq "Elasticsearch.*\(pid $ES\).*262,144" "$T_TMP/es.out"

kill "$ES"
wait "$ES" 2>/dev/null

# --- the whole machine: an answer, never below the limit ---
advise "$T_TMP/all.out"
t_eq "--advise (all processes) exits 0" 0 "$rc"
rec=$(sed -n 's/^  vm\.max_map_count = \([0-9]*\).*/\1/p' "$T_TMP/all.out")
t_check "recommendation ($rec) is not below the limit ($limit)" [ "${rec:-0}" -ge "$limit" ]
t_check "advice says it never changes the setting" \
	grep -Fq "never changes the setting" "$T_TMP/all.out"

# --- bad input: one line naming the argument, exit 2; a missing pid: exit 1 ---
"$VMATOP" --advise --headroom 0.5 >/dev/null 2>"$T_TMP/bad.err"
t_eq "--headroom 0.5 exits 2" 2 $?
t_check "error names --headroom" grep -q -- "--headroom" "$T_TMP/bad.err"
"$VMATOP" --advise --round x >/dev/null 2>"$T_TMP/bad.err"
t_eq "--round x exits 2" 2 $?
t_check "error names --round" grep -q -- "--round" "$T_TMP/bad.err"
sleep 0 & gone=$!
wait "$gone"
"$VMATOP" --advise -p "$gone" >/dev/null 2>"$T_TMP/gone.err"
t_eq "--advise -p of a gone pid exits 1" 1 $?
t_check "says which pid is missing" grep -Fq "no process with pid $gone" "$T_TMP/gone.err"

t_done
