#!/usr/bin/env bash
# contrib/systemd: the exporter service and its timer pass systemd-analyze
# verify, and the service runs the one-shot exporter vmatop itself accepts.
. "$TESTS_DIR/lib.sh"
command -v systemd-analyze >/dev/null || t_skip "systemd-analyze is not installed (package systemd)"
src="$TESTS_DIR/../contrib/systemd"
svc="$src/vmatop-exporter.service"
exec_line=$(sed -n 's/^ExecStart=//p' "$svc")
t_check "Type=oneshot" grep -qx 'Type=oneshot' "$svc"
t_check "ExecStart is /usr/local/bin/vmatop --openmetrics ... --output FILE.prom ($exec_line)" \
	grep -Eq '^/usr/local/bin/vmatop --openmetrics( [^ ]+)* --output /[^ ]+\.prom$' <<<"$exec_line"
out=${exec_line##* }
t_check "the output directory is writable in the sandbox" grep -qx "ReadWritePaths=${out%/*}" "$svc"
t_check "the timer starts the service every minute" grep -qx 'OnUnitActiveSec=1min' "$src/vmatop-exporter.timer"
t_check "the timer is installed" grep -qx 'WantedBy=timers.target' "$src/vmatop-exporter.timer"
# The real command line, with this build's vmatop, writing into a temp dir.
args=${exec_line#/usr/local/bin/vmatop }
args=${args/-d 10/-d 0.2}
# shellcheck disable=SC2086
"$VMATOP" ${args% --output *} --output "$T_TMP/vmatop.prom"
t_eq "the command runs" 0 "$?"
t_check "it writes an exposition" grep -qx '# EOF' "$T_TMP/vmatop.prom"
# systemd-analyze verify needs the binary where ExecStart says: verify copies pointing at this build.
mkdir "$T_TMP/units"
sed "s|/usr/local/bin/vmatop|$VMATOP|" "$svc" >"$T_TMP/units/vmatop-exporter.service"
cp "$src/vmatop-exporter.timer" "$T_TMP/units/"
v=$(cd "$T_TMP/units" && systemd-analyze verify --man=no ./vmatop-exporter.service ./vmatop-exporter.timer 2>&1); rc=$?
t_eq "systemd-analyze verify${v:+: $v}" "0:" "$rc:$v"
t_done
