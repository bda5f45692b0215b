#!/usr/bin/env bash
# End to end with Prometheus's node_exporter: vmatop --openmetrics --output into the
# textfile collector's directory, scrape /metrics on a loopback port, find the series.
. "$TESTS_DIR/lib.sh"
NE=$(command -v prometheus-node-exporter || command -v node_exporter) ||
	t_skip "prometheus-node-exporter is not installed"
command -v curl >/dev/null || t_skip "curl is not installed"

dir="$T_TMP/textfile"
mkdir "$dir"
scrape() { curl -sf --max-time 5 "http://127.0.0.1:$port/metrics"; }

# A free loopback port: node_exporter exits when it cannot listen; try a few.  Ours is
# the one that serves this run's marker file (another server could answer on a taken port).
marker="vmatop_test_marker{run=\"$$-$RANDOM\"} 1"
echo "$marker" >"$dir/marker.prom"
start_exporter() {
	local try
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
			--collector.textfile --collector.textfile.directory="$dir" \
			>"$T_TMP/ne.log" 2>&1 &
		ne=$!
		T_PIDS="$T_PIDS $ne"
		for _ in $(seq 100); do
			if scrape | grep -qxF "$marker"; then
				rm "$dir/marker.prom"
				return 0
			fi
			kill -0 "$ne" 2>/dev/null || break
			sleep 0.1
		done
		kill "$ne" 2>/dev/null; wait "$ne" 2>/dev/null
	done
	echo "node_exporter did not start: $(cat "$T_TMP/ne.log")"
	return 1
}
start_exporter || exit 1
t_ok "node_exporter listens on 127.0.0.1:$port"

limit=$(t_max_map_count)
t_helper h --vmas 321
count=$(t_kernel_count "$h")
"$VMATOP" --openmetrics -p "$h" --output "$dir/vmatop.prom"
t_eq "vmatop --output exit status" 0 "$?"
m=$(scrape)
t_eq "the textfile collector read the file without error" 0 \
	"$(awk '$1 == "node_textfile_scrape_error" {print $2}' <<<"$m")"
# node_exporter sorts labels by name: comm before pid.
t_eq "the helper's series with its exact count" \
	"vmatop_process_vmas{comm=\"vmahelper\",pid=\"$h\"} $count" \
	"$(grep "^vmatop_process_vmas{.*pid=\"$h\"" <<<"$m")"
# Go prints 1001000 as 1.001e+06: compare numbers as numbers.
num() { awk -v n="$1" '$1 == n {printf "%d\n", $2}'; }
t_eq "the limit" "$limit" "$(num vmatop_max_map_count_limit <<<"$m")"
t_eq "processes scanned" 1 "$(num vmatop_processes_scanned <<<"$m")"
t_eq "total VMAs" "$count" "$(num vmatop_vmas <<<"$m")"
ratio=$(awk -v p="pid=\"$h\"" 'index($1, "vmatop_process_ratio{") == 1 && index($1, p) {print $2}' <<<"$m")
t_check "the helper's ratio is count / limit ($ratio)" \
	awk -v r="$ratio" -v c="$count" -v l="$limit" 'BEGIN { d = r - c / l; exit !(d < 1e-9 && d > -1e-9) }'
t_check "HELP and TYPE kept" grep -q '^# TYPE vmatop_process_vmas gauge$' <<<"$m"

# The file is replaced: the next run's series replace the old ones.
t_helper h2 --vmas 123
"$VMATOP" --openmetrics -p "$h2" --output "$dir/vmatop.prom"
m=$(scrape)
t_eq "after the rewrite: the new helper" "$(t_kernel_count "$h2")" \
	"$(grep "^vmatop_process_vmas{.*pid=\"$h2\"" <<<"$m" | awk '{print $2}')"
t_eq "after the rewrite: the old helper is gone" 0 "$(grep -c "pid=\"$h\"" <<<"$m")"
t_eq "no temp file beside it" "vmatop.prom" "$(ls -A "$dir")"
t_done
