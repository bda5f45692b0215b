#!/usr/bin/env bash
# `vmatop -b -n 1 --backend bpf` end to end: the header names the backend, a
# helper's row has its exact count (the kernel's maps file is the oracle), the
# name still comes from libproc2, and pids are right inside a pid namespace.
# Skips (77) when BPF is not built in, or not permitted here.
. "$TESTS_DIR/lib.sh"

t_need_bpf

# row_count OUTPUT PID: the VMAS column of PID's row.
row_count() { awk -v p="$2" '$1 == p { print $3 }' <<<"$1"; }
header_backend() { sed -n '1s/.*counting with \([a-z]*\).*/\1/p' <<<"$1"; }

t_helper base --vmas 0
t_helper big --vmas 5000 --name vt-bpf-big
all=$("$VMATOP" -b -n 1 --backend bpf)
t_eq "--backend bpf: header" bpf "$(header_backend "$all")"
t_eq "--backend auto as root: header" bpf "$(header_backend "$("$VMATOP" -b -n 1 --backend auto)")"
t_eq "full listing: helper count is the kernel's" "$(t_kernel_count "$big")" "$(row_count "$all" "$big")"
t_eq "full listing: baseline helper count is the kernel's" "$(t_kernel_count "$base")" \
	"$(row_count "$all" "$base")"
t_eq "count(--vmas 5000) == count(--vmas 0) + 5000" "$(($(row_count "$all" "$base") + 5000))" \
	"$(row_count "$all" "$big")"
t_eq "the name comes from libproc2" vt-bpf-big "$(awk -v p="$big" '$1 == p { print $5 }' <<<"$all")"
one=$("$VMATOP" -b -n 1 --backend bpf -p "$big")
t_eq "-p PID --backend bpf: exact count" "$(t_kernel_count "$big")" "$(row_count "$one" "$big")"
t_eq "text and bpf agree on the helper" "$(row_count "$("$VMATOP" -b -n 1 --backend text -p "$big")" "$big")" \
	"$(row_count "$one" "$big")"

# Root is not needed: CAP_BPF and CAP_PERFMON are enough (what the error says),
# and then even processes whose maps that user cannot read are counted.
caps_run() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps="$1" --ambient-caps="$1" -- \
		"$VMATOP" -b -n 1 --backend bpf -p "$big"
}
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf --ambient-caps=+bpf -- \
		test -x "$VMATOP" 2>/dev/null; then
	out=$(caps_run +bpf,+perfmon 2>&1)
	t_eq "uid 65534 + CAP_BPF + CAP_PERFMON: counting with bpf" bpf "$(header_backend "$out")"
	t_eq "uid 65534 + CAP_BPF + CAP_PERFMON: root's helper counted exactly" \
		"$(t_kernel_count "$big")" "$(row_count "$out" "$big")"
	caps_run +bpf >/dev/null 2>"$T_TMP/err"
	t_eq "uid 65534 + CAP_BPF only: --backend bpf exits 1" 1 $?
	t_check "uid 65534 + CAP_BPF only: says what is needed" grep -q 'CAP_BPF+CAP_PERFMON' "$T_TMP/err"
else
	echo "no capability test: needs root and setpriv with ambient capabilities"
fi

# Inside a new pid namespace (with its own /proc) the helper is listed by its
# namespace pid with its exact count (pidns.sh checks that the iterator itself
# recorded the namespace's pids, not the maps fallback).
if command -v unshare >/dev/null && unshare --pid --fork --mount-proc true 2>/dev/null; then
	cat >"$T_TMP/ns.sh" <<'NS'
out=$1/ns-helper
bash -c '"$VMAHELPER" --vmas 321 --name vt-bpf-ns & wait' >"$out" &
for _ in $(seq 600); do grep -q '^READY ' "$out" && break; sleep 0.05; done
pid=$(awk '/^READY/ { print $2 }' "$out")
oracle=$(awk 'END { n = NR; if ($NF == "[vsyscall]") n--; print n }' "/proc/$pid/maps")
got=$("$VMATOP" -b -n 1 --backend bpf | awk -v p="$pid" '$1 == p { print $3 " " $5 }')
echo "$pid $oracle $got"
NS
	read -r nspid oracle got name < <(unshare --pid --fork --mount-proc bash "$T_TMP/ns.sh" "$T_TMP")
	echo "in the namespace: pid $nspid, kernel count $oracle, vmatop: $got $name"
	t_check "pid namespace: the helper has a small pid" test "${nspid:-0}" -gt 0 -a "${nspid:-0}" -lt 100
	t_eq "pid namespace: listed by its namespace pid" vt-bpf-ns "$name"
	t_eq "pid namespace: exact count" "$oracle" "$got"
else
	echo "no pid namespace test: unshare --pid --fork --mount-proc not available"
fi
t_done
