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

#endif
