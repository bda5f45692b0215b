#!/usr/bin/env bash
# A helper moved into a docker-style cgroup (and one into a Kubernetes pod's)
# under the cgroup v2 mount: its container id (and pod) in JSON, text,
# OpenMetrics labels, the --cgroup filter, and the screen's column, filter and groups.
. "$TESTS_DIR/lib.sh"
command -v jq >/dev/null || t_skip "jq is not installed"
[ "$(id -u)" -eq 0 ] || t_skip "creating a cgroup needs root"
# The cgroup v2 mount: /sys/fs/cgroup on unified hosts, /sys/fs/cgroup/unified on hybrid ones.
mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
[ -n "$mnt" ] || t_skip "no cgroup v2 hierarchy is mounted"
base="$mnt/vmatop-test.$$"
mkdir "$base" 2>/dev/null || t_skip "cannot create a cgroup under $mnt (read-only or delegated)"

id=$(printf 'vmatop-test-%s-%s' "$$" "$RANDOM" | sha256sum | cut -c1-64)
id2=$(printf 'vmatop-pod-%s-%s' "$$" "$RANDOM" | sha256sum | cut -c1-64)
uid=$(cat /proc/sys/kernel/random/uuid)
docker="$base/system.slice/docker-$id.scope"
pod="$base/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice/cri-containerd-$id2.scope"

cg_cleanup() {
	for p in $T_PIDS; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	for d in "$docker" "$pod"; do
		while [ "$d" != "$base" ] && [ "${#d}" -gt "${#base}" ]; do rmdir "$d" 2>/dev/null; d=${d%/*}; done
	done
	rmdir "$base" 2>/dev/null
	t_cleanup
}
trap cg_cleanup EXIT
mkdir -p "$docker" "$pod" || t_skip "cannot create nested cgroups under $base"

t_helper h --vmas 50
t_helper k --vmas 20
t_helper other --vmas 10
if ! echo "$h" >"$docker/cgroup.procs" 2>/dev/null || ! echo "$k" >"$pod/cgroup.procs" 2>/dev/null; then
	t_skip "cannot move a process into $docker (cgroup.procs not writable)"
fi
rel=${docker#"$mnt"}
t_eq "the kernel placed the helper" "0::$rel" "$(grep '^0::' "/proc/$h/cgroup")"

# The kubelet's log directory, as a fixture: NAMESPACE_NAME_UID.
mkdir -p "$T_TMP/pods/shop_web-0_$uid"

doc=$("$VMATOP" -b --json -n 1 -p "$h,$k,$other" --pods-dir "$T_TMP/pods")
p=$(jq -c --argjson p "$h" '.processes[] | select(.pid == $p)' <<<"$doc")
t_eq "JSON cgroup" "\"$rel\"" "$(jq '.cgroup' <<<"$p")"
t_eq "JSON container" "\"$id\"" "$(jq '.container' <<<"$p")"
t_eq "JSON unit" "\"docker-$id.scope\"" "$(jq '.unit' <<<"$p")"
t_eq "JSON pod_uid, pod, namespace unknown outside Kubernetes" "null null null" \
	"$(jq -r '"\(.pod_uid) \(.pod) \(.namespace)"' <<<"$p")"
t_eq "JSON count still exact" "$(t_kernel_count "$h")" "$(jq '.vmas' <<<"$p")"
q=$(jq -c --argjson p "$k" '.processes[] | select(.pid == $p)' <<<"$doc")
t_eq "pod helper: container, pod uid, pod, namespace" "$id2 $uid web-0 shop" \
	"$(jq -r '"\(.container) \(.pod_uid) \(.pod) \(.namespace)"' <<<"$q")"
o=$(jq -c --argjson p "$other" '.processes[] | select(.pid == $p)' <<<"$doc")
t_eq "the helper left in place has no container" null "$(jq '.container' <<<"$o")"

txt=$("$VMATOP" -b -n 1 -p "$h,$other" --containers)
t_check "text: the CONTAINER/UNIT title" grep -Eq '^ +PID +USER +VMAS +%MAX +CONTAINER/UNIT +COMMAND$' <<<"$txt"
t_check "text: the 12-character id on the helper's row" \
	grep -Eq "^ *$h +[^ ]+ +[0-9]+ +[0-9.]+ ${id:0:12} +vmahelper" <<<"$txt"
t_check "text: without --containers no column" bash -c '! grep -q CONTAINER <<<"$1"' _ \
	"$("$VMATOP" -b -n 1 -p "$h")"

om=$("$VMATOP" --openmetrics -p "$h,$k" --pods-dir "$T_TMP/pods")
t_eq "OpenMetrics: the helper's series with its container label" \
	"vmatop_process_vmas{pid=\"$h\",comm=\"vmahelper\",container=\"${id:0:12}\",unit=\"docker-$id.scope\"} $(t_kernel_count "$h")" \
	"$(grep "^vmatop_process_vmas{pid=\"$h\"," <<<"$om")"
t_check "OpenMetrics: the pod helper has pod and namespace labels" \
	grep -q "^vmatop_process_vmas{pid=\"$k\",comm=\"vmahelper\",container=\"${id2:0:12}\",pod=\"web-0\",namespace=\"shop\"," <<<"$om"
t_check "OpenMetrics: a worst-ratio gauge for the container" \
	grep -q "^vmatop_container_worst_ratio{container=\"${id:0:12}\",unit=\"docker-$id.scope\"} " <<<"$om"
if command -v promtool >/dev/null; then
	t_check "promtool accepts the labelled exposition" promtool check metrics <<<"$om"
fi

# --cgroup: every process of the machine is scanned, only the container's stays.
t_eq "--cgroup with the short id keeps exactly the helper" "$h" \
	"$("$VMATOP" -b --json -n 1 --cgroup "${id:0:12}" | jq -c '[.processes[].pid] | join(",")' -r)"
t_eq "--cgroup with a glob on the pod" "$k" \
	"$("$VMATOP" -b --json -n 1 --cgroup 'shop/web-*' --pods-dir "$T_TMP/pods" | jq -r '[.processes[].pid] | join(",")')"
t_eq "--cgroup that matches nothing" 0 \
	"$("$VMATOP" -b --json -n 1 --cgroup "no-such-container-$$" | jq '.processes | length')"
err=$("$VMATOP" -b --cgroup '' 2>&1); rc=$?
t_eq "--cgroup '' is bad usage" 2 "$rc"
t_check "the error names --cgroup ($err)" grep -q -- '--cgroup' <<<"$err"

# The screen (started on this test's cgroups only): c shows the column, G
# narrows to one container, g folds per container.
t_tmux_start 150 30 "$VMATOP -d 0.3 --cgroup vmatop-test.$$ --pods-dir $T_TMP/pods"
t_check "the screen is up with the --cgroup filter in the header" t_tmux_wait "Cgroup vmatop-test.$$"
t_check "the pod helper is listed" t_tmux_wait "^ *$k +"
t_check "the helper outside the test's cgroups is not" \
	bash -c '! tmux -L "$1" capture-pane -p | grep -Eq "^ *$2 "' _ "$T_TMUX" "$other"
t_check "no CONTAINER/UNIT column by default" \
	bash -c '! tmux -L "$1" capture-pane -p | grep -q CONTAINER/UNIT' _ "$T_TMUX"
t_tmux_keys C
t_check "c shows the column with the short id" t_tmux_wait "^ *$h .* ${id:0:12} +vmahelper"
t_check "the pod helper's row shows its container" t_tmux_wait "^ *$k .* ${id2:0:12} +vmahelper"
t_tmux_keys g
t_check "g: the groups view" t_tmux_wait '^GROUP +KIND +PROCS +VMAS +WORST% +PID +WORST COMMAND'
t_check "the docker container's group with its sum and worst process" \
	t_tmux_wait "^${id:0:12} +container +1 +$(t_kernel_count "$h") +[0-9.]+.? +$h +vmahelper"
t_check "the pod's container named with its namespace and pod" \
	t_tmux_wait "^${id2:0:12} shop/web-0 +container +1 +$(t_kernel_count "$k") "
t_check "two groups only" test "$(t_tmux_capture | grep -Ec ' container +1 ')" -eq 2
t_tmux_keys Down
t_tmux_keys Enter
t_check "Enter on the second group filters the list to it" t_tmux_wait "Cgroup [0-9a-f]{64}"
sel=$(t_tmux_capture | sed -nE 's/.*Cgroup ([0-9a-f]{64}).*/\1/p')
t_check "the filter is one of the two container ids ($sel)" test "$sel" = "$id" -o "$sel" = "$id2"
t_tmux_keys G
t_tmux_keys C-u
t_tmux_keys -l "${id:0:12}"
t_tmux_keys Enter
t_check "G: filter by the short id" t_tmux_wait "Cgroup ${id:0:12}( |$)"
t_check "the container's helper stays" t_tmux_wait "^ *$h "
t_check "the pod helper is gone" \
	bash -c 'sleep 0.5; ! tmux -L "$1" capture-pane -p | grep -Eq "^ *$2 "' _ "$T_TMUX" "$k"
t_tmux_keys q
t_check "q exits with status 0" t_tmux_wait '^\[exit 0\]'
t_done
