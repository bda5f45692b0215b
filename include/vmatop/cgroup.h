/* vmatop core: a process's cgroup and what it says about the process:
 * the container (docker, containerd/CRI, cri-o, podman/libpod), the
 * Kubernetes pod (uid; namespace and name from /var/log/pods) and the
 * systemd unit.
 *
 * Paths are raw bytes from the kernel (a container runtime or a user with
 * cgroup delegation names them): sanitize where they are drawn or written.
 */
#ifndef VMATOP_CGROUP_H
#define VMATOP_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define VT_CONTAINER_ID_LEN 64   /* a full container id: 64 hex digits */
#define VT_CONTAINER_SHORT 12    /* docker ps's short id */
#define VT_POD_UID_LEN 36        /* 8-4-4-4-12 */
#define VT_CGROUP_COL 14         /* width of the CONTAINER/UNIT column */

/* Everything known about one process's cgroup; each string NULL when unknown. */
typedef struct vt_cgroup {
	char *path;        /* the cgroup path ("/system.slice/docker-<id>.scope") */
	char *container;   /* 64 lowercase hex digits */
	char *pod_uid;     /* "0f8a3a8e-...", dashes restored when the path had '_' */
	char *pod;         /* pod name (from the pods log directory) */
	char *namespace;   /* pod namespace (likewise) */
	char *unit;        /* innermost systemd unit: "nginx.service", "session-3.scope" */
} vt_cgroup;

/* The cgroup path out of the text of /proc/PID/cgroup: the v2 line "0::PATH"
 * unless it is absent or "/" (hybrid hosts keep v1 there), then the v1
 * name=systemd line, then the memory line, each only when not "/".  A bare
 * "/" when every line says so.  Malformed lines are skipped.  A new string,
 * or NULL when no usable line (or ENOMEM). */
char *vt_cgroup_pick(const char *text, size_t len);

/* Derive container, pod uid and unit from a malloc'd cgroup path into cg,
 * which is cleared first and owns path afterwards (path must not be one of
 * cg's own strings).  0, or -1 on ENOMEM. */
int vt_cgroup_parse(vt_cgroup *cg, char *path);

/* Read proc_root/PID/cgroup (dirfd: an open proc_root, or -1 to open by
 * name) and parse it.  -1 when the process (or its cgroup file) is gone,
 * unreadable or on ENOMEM: cg is left empty. */
int vt_cgroup_read(int proc_fd, const char *proc_root, pid_t pid, vt_cgroup *cg);

/* Kubernetes pods on this node, from the kubelet's log directory
 * (/var/log/pods/NAMESPACE_NAME_UID; pass another root for fixtures). */
typedef struct vt_pods vt_pods;
/* Read the directory now (NULL root: "/var/log/pods").  A missing or
 * unreadable directory is an empty table, never an error; NULL on ENOMEM. */
vt_pods *vt_pods_load(const char *root);
void vt_pods_free(vt_pods *p);
/* Fill cg->pod and cg->namespace from cg->pod_uid when the table knows it. */
int vt_pods_fill(const vt_pods *p, vt_cgroup *cg);

void vt_cgroup_clear(vt_cgroup *cg);                 /* free the strings, all NULL */
int vt_cgroup_copy(vt_cgroup *dst, const vt_cgroup *src);  /* 0 or -1 (ENOMEM; dst cleared) */

/* The short form shown in a column: the 12-digit container id, else the pod
 * "namespace/name" (or its uid), else the unit; NULL when none is known. */
const char *vt_cgroup_label(const vt_cgroup *cg, char *buf, size_t sz);

/* Whether cg matches a --cgroup PATTERN: a shell glob (fnmatch) tried on
 * the path, the container id, the pod "namespace/name", the pod name, its uid and the
 * unit; a pattern without glob characters matches as a substring of any of
 * them.  An unknown cgroup matches nothing. */
bool vt_cgroup_match(const vt_cgroup *cg, const char *pattern);

/* Processes folded per container, else pod, else unit, else cgroup path
 * (vt_cgroup_groups).  Pointers are into the snapshot: valid while it is. */
typedef enum vt_group_kind {
	VT_GROUP_CONTAINER,
	VT_GROUP_POD,
	VT_GROUP_UNIT,
	VT_GROUP_CGROUP,       /* a cgroup that names none of the above */
	VT_GROUP_UNKNOWN       /* the cgroup could not be read */
} vt_group_kind;

struct vt_proc;
struct vt_snapshot;

typedef struct vt_cgroup_group {
	vt_group_kind kind;
	const char *key;               /* container id, pod uid, unit, path; NULL: unknown */
	const struct vt_proc *first;   /* its first process in snapshot order (its cgroup labels the group) */
	const struct vt_proc *worst;   /* the most VMAs (known counts only); NULL if none known */
	long vmas;                     /* sum of the known counts */
	int procs;
} vt_cgroup_group;

/* The groups of s's processes for which keep(p, arg) holds (keep NULL: all),
 * most VMAs in the worst process first (then the sum, then the key).  *out is
 * malloc'd (free it), *n its length.  0, or -1 on ENOMEM. */
typedef bool (*vt_proc_pred)(const struct vt_proc *p, const void *arg);
int vt_cgroup_groups(const struct vt_snapshot *s, vt_proc_pred keep, const void *arg,
		     vt_cgroup_group **out, size_t *n);
/* "container", "pod", "unit", "cgroup", "unknown". */
const char *vt_group_kind_name(vt_group_kind k);

#endif
