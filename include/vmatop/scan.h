/* vmatop core: process enumeration (libproc2) plus the VMA count per process. */
#ifndef VMATOP_SCAN_H
#define VMATOP_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "vmatop/count.h"
#include "vmatop/proc.h"

typedef struct vt_filter {
	const pid_t *pids;     /* only these pids (NULL: all) */
	size_t npids;
	bool by_uid;           /* only processes of this effective uid */
	uid_t uid;
	bool show_kthreads;    /* kernel threads are hidden by default */
	const char *cgroup;    /* only processes whose cgroup matches (vt_cgroup_match); NULL: all */
} vt_filter;

typedef struct vt_scanner vt_scanner;

/* proc_root is where maps and sys/vm/max_map_count are read (NULL: "/proc");
 * libproc2 enumeration always uses the live /proc. */
vt_scanner *vt_scanner_new(const char *proc_root, vt_backend_kind backend, char **cause);
void vt_scanner_free(vt_scanner *sc);
const char *vt_scanner_backend(const vt_scanner *sc);
/* Why the backend is not the one auto would prefer, for the user (NULL: none). */
const char *vt_scanner_backend_note(const vt_scanner *sc);
/* Where pods are named (NAMESPACE_NAME_UID directories); NULL: /var/log/pods.
 * 0, or -1 on ENOMEM. */
int vt_scanner_set_pods_root(vt_scanner *sc, const char *root);

/* Replace the contents of out with a fresh scan (out->procs reused).
 * Vanished processes are dropped quietly; unreadable counts are VT_UNKNOWN.
 * 0, or -1 with *cause (only for failures of the whole scan). */
int vt_scanner_scan(vt_scanner *sc, const vt_filter *f, vt_snapshot *out, char **cause);

/* Apply f's -p and -u to a snapshot that did not come from a scan (the
 * recorder's): the others are dropped and the totals follow. */
void vt_snapshot_filter(vt_snapshot *s, const vt_filter *f);

#endif
