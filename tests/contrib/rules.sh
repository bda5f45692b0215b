#!/usr/bin/env bash
# contrib/prometheus: promtool accepts the rules, their unit tests pass, and
# every metric they use is one vmatop writes (the recorder's ENOMEM counter aside).
. "$TESTS_DIR/lib.sh"
command -v promtool >/dev/null || t_skip "promtool is not installed (Debian package prometheus)"
dir="$TESTS_DIR/../contrib/prometheus"
out=$(promtool check rules "$dir/vmatop-rules.yml" 2>&1); rc=$?
t_eq "promtool check rules ($(tail -n 1 <<<"$out"))" 0 "$rc"
out=$(cd "$dir" && promtool test rules vmatop-rules.test.yml 2>&1); rc=$?
t_eq "promtool test rules" 0 "$rc"
[ "$rc" -eq 0 ] || echo "$out"
t_check "every metric the rules use is written by vmatop" \
	python3 "$TESTS_DIR/contrib/metrics.py" "$VMATOP" "$dir/vmatop-rules.yml"
t_done
