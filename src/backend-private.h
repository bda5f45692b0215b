/* Private to the core: the BPF backend's constructor.  Built from
 * count_bpf.c when -Dbpf is on, from count_nobpf.c otherwise. */
#ifndef VMATOP_BACKEND_PRIVATE_H
#define VMATOP_BACKEND_PRIVATE_H

#include "vmatop/count.h"

/* NULL and *cause when BPF is not built, not permitted or fails to load. */
vt_backend *vt_backend_bpf_open(const char *proc_root, char **cause);

#endif
