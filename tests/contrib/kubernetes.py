#!/usr/bin/env python3
"""contrib/kubernetes/vmatop-daemonset.yaml: the fields that matter."""
import os
import sys

import yaml

path = os.path.join(os.environ["TESTS_DIR"], "..", "contrib", "kubernetes", "vmatop-daemonset.yaml")
fails = 0


def check(what, cond):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += 0 if cond else 1


docs = [d for d in yaml.safe_load_all(open(path)) if d]
ds = [d for d in docs if d.get("kind") == "DaemonSet"]
check("one DaemonSet", len(ds) == 1 and ds[0]["apiVersion"] == "apps/v1")
spec = ds[0]["spec"]
pod = spec["template"]["spec"]
check("the selector matches the pod's labels",
      all(spec["template"]["metadata"]["labels"].get(k) == v
          for k, v in spec["selector"]["matchLabels"].items()))
check("hostPID: the node's processes", pod.get("hostPID") is True)
check("no host network", not pod.get("hostNetwork"))
check("runs on every node (tolerates every taint)",
      any(t.get("operator") == "Exists" and "key" not in t for t in pod.get("tolerations", [])))
(c,) = pod["containers"]
sc = c["securityContext"]
check("not privileged", sc.get("privileged") is False)
check("no privilege escalation", sc.get("allowPrivilegeEscalation") is False)
check("read-only root filesystem", sc.get("readOnlyRootFilesystem") is True)
check("the default (masked, read-only /proc/sys) proc mount", sc.get("procMount", "Default") == "Default")
caps = sc["capabilities"]
check("drops every capability", caps.get("drop") == ["ALL"])
check("adds exactly SYS_PTRACE, BPF, PERFMON", sorted(caps.get("add", [])) == ["BPF", "PERFMON", "SYS_PTRACE"])
args = c.get("command", []) + c.get("args", [])
check("runs the recorder", args[:1] == ["record"])
check("with --openmetrics FILE", "--openmetrics" in args and args.index("--openmetrics") + 1 < len(args))
prom = args[args.index("--openmetrics") + 1]
mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
vols = {v["name"]: v for v in pod["volumes"]}
tdir = os.path.dirname(prom)
check(f"the textfile {prom} ends in .prom", prom.endswith(".prom"))
check(f"{tdir} is a mounted volume", tdir in mounts)
tv = vols.get(mounts.get(tdir, {}).get("name"), {})
check("which is node_exporter's textfile directory on the host",
      tv.get("hostPath", {}).get("path") == "/var/lib/node_exporter/textfile_collector")
check("writable", not mounts.get(tdir, {}).get("readOnly"))
pods = args[args.index("--pods-dir") + 1] if "--pods-dir" in args else None
check("--pods-dir names pods from the kubelet's log directory", pods == "/var/log/pods")
check("mounted read-only from the host",
      pods in mounts and mounts[pods].get("readOnly") is True
      and vols[mounts[pods]["name"]]["hostPath"]["path"] == "/var/log/pods")
db = args[args.index("--db") + 1] if "--db" in args else ""
check("the recorder's database on a host volume", os.path.dirname(db) in mounts)
check("every mount has a volume", all(m["name"] in vols for m in c["volumeMounts"]))
check("no host /proc or /sys writable mount",
      not any(v.get("hostPath", {}).get("path", "").startswith(("/proc", "/sys")) for v in vols.values()))
check("resource limits", "limits" in c.get("resources", {}))
sys.exit(1 if fails else 0)
