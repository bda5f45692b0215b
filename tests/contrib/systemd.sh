#!/bin/bash
# contrib/systemd/vmatop-record.service: systemd accepts it, it is hardened as
# documented, and its ExecStart runs with only the capabilities it grants
# (bounding set), recording with the BPF backend and writing the OpenMetrics file.
. "$TESTS_DIR/lib.sh"
unit=$TESTS_DIR/../contrib/systemd/vmatop-record.service
command -v sqlite3 >/dev/null || t_skip "sqlite3 not installed"

key() { sed -n "s/^$1=//p" "$unit"; }
t_eq "capabilities: only ptrace, BPF, perfmon" "CAP_SYS_PTRACE CAP_BPF CAP_PERFMON" \
	"$(key CapabilityBoundingSet)"
t_eq "StateDirectory" vmatop "$(key StateDirectory)"
t_eq "ProtectSystem" strict "$(key ProtectSystem)"
t_eq "NoNewPrivileges" yes "$(key NoNewPrivileges)"
t_eq "the database is in the StateDirectory" /var/lib/vmatop/history.db \
	"$(key ExecStart | sed -n 's/.*--db \([^ ]*\).*/\1/p')"

if command -v systemd-analyze >/dev/null; then
	sed "s#^ExecStart=/usr/local/bin/vmatop#ExecStart=$VMATOP#" "$unit" >"$T_TMP/vmatop-record.service"
	out=$(systemd-analyze verify "$T_TMP/vmatop-record.service" 2>&1 | grep -v "man vmatop(1)")
	t_eq "systemd-analyze verify has no complaint" "" "$out"
fi

# The unit's own command line, paths moved into the test's directory.
cmd=$(key ExecStart | sed "s#^/usr/local/bin/vmatop#$VMATOP#; s#/var/lib/vmatop#$T_TMP/state#; s#/var/lib/prometheus/node-exporter#$T_TMP#")
mkdir -p "$T_TMP/state"
t_helper h --vmas 123 --name vtunit$$
caps=$(key CapabilityBoundingSet | tr 'A-Z' 'a-z' | sed 's/cap_/+/g; s/ /,/g')
# shellcheck disable=SC2086
timeout --preserve-status 7 setpriv --bounding-set "-all,$caps" $cmd 2>"$T_TMP/err"; rc=$?
t_eq "ExecStart with only those capabilities exits 0 on SIGTERM" 0 "$rc"
t_check "no error printed" test ! -s "$T_TMP/err"
db=$T_TMP/state/history.db
t_eq "recorded with the BPF backend" bpf "$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'backend'")"
t_eq "the helper's count recorded exactly" "$(t_kernel_count "$h")" \
	"$(sqlite3 "$db" "SELECT last_count FROM processes WHERE pid = $h")"
t_check "OpenMetrics file written" grep -q '^vmatop_' "$T_TMP/vmatop.prom"
t_done
