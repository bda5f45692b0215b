/* Private to the core: the BPF backend's constructor.  Built from
 * count_bpf.c when -Dbpf is on, from count_nobpf.c otherwise. */
#ifndef VMATOP_BACKEND_PRIVATE_H
#define VMATOP_BACKEND_PRIVATE_H

#include "vmatop/count.h"

/* NULL and *cause when BPF is not built, not permitted or fails to load. */
vt_backend *vt_backend_bpf_open(const char *proc_root, char **cause);

/* What the last BPF pass recorded for pid, without the maps fallback that
 * count() uses for pids the iterator did not report: -1 with *err ENOENT
 * when absent, EINVAL when b is not the BPF backend.  For tests. */
long vt_backend_bpf_recorded(vt_backend *b, pid_t pid, int *err);

/* The last BPF pass's records (src/bpf/vmacount.h), sorted by pid, one per
 * process, kernel threads included; NULL and *n 0 when b is not the BPF
 * backend.  Valid until the next begin(). */
struct vmacount_record;
const struct vmacount_record *vt_backend_bpf_records(vt_backend *b, size_t *n);

/* Shared by the BPF users (count_bpf.c, events_bpf.c), defined in
 * count_bpf.c: keep libbpf's messages off stderr unless VMATOP_BPF_DEBUG is
 * set, and word a failure in one line "WHO: WHAT: why" (EPERM/EACCES name
 * the privileges needed). */
void vt_bpf_quiet(void);
void vt_bpf_cause(char **cause, const char *who, const char *what, int err);

#endif
