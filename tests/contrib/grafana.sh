#!/usr/bin/env bash
# contrib/grafana/vmatop.json: valid JSON, a dashboard with the four views the
# issue names, and every metric it queries is one vmatop writes.
. "$TESTS_DIR/lib.sh"
command -v jq >/dev/null || t_skip "jq is not installed"
d="$TESTS_DIR/../contrib/grafana/vmatop.json"
t_check "valid JSON" jq -e 'type == "object"' "$d"
t_eq "uid and title" '"vmatop"' "$(jq '.uid' "$d")"
t_check "panels with ids and grid positions" jq -e '.panels | length >= 4 and all(.id and .gridPos)' "$d"
t_check "every panel queries something" jq -e '[.panels[] | .targets | length > 0] | all' "$d"
for q in vmatop_process_ratio vmatop_container_worst_ratio vmatop_seconds_to_limit vmatop_enomem_events_total; do
	t_check "a panel queries $q" jq -e --arg q "$q" '[.panels[].targets[].expr | contains($q)] | any' "$d"
done
t_check "every metric queried is written by vmatop" python3 "$TESTS_DIR/contrib/metrics.py" "$VMATOP" "$d"
t_done
