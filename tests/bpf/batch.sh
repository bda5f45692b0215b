#!/usr/bin/env bash
# `vmatop -b -n 1 --backend bpf` end to end: the header names the backend, a
# helper's row has its exact count (the kernel's maps file is the oracle), the
# name still comes from libproc2, and pids are right inside a pid namespace.
# Skips (77) when BPF is not built in, or not permitted here.
. "$TESTS_DIR/lib.sh"

"$VMATOP" --version | grep -q '^counting backends: .*bpf' || t_skip "vmatop is built without the BPF backend"
if ! err=$("$VMATOP" -b -n 1 --backend bpf 2>&1 >/dev/null); then
	case $err in
	*"not permitted"*|*"kernel BTF"*) t_skip "BPF backend not usable here: $err" ;;
	esac
	[ "$(id -u)" -eq 0 ] || t_skip "not root: $err"
	echo "FAIL: root, BPF built in, and it does not load: $err"; exit 1
fi

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
