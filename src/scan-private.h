/* Private to the core: the BPF scan (scan_bpf.c), which builds a snapshot
 * from the task iterator's records instead of libproc2 (scan.c). */
#ifndef VMATOP_SCAN_PRIVATE_H
#define VMATOP_SCAN_PRIVATE_H

#include "vmatop/scan.h"

/* Whether the scan lists a process: f's -p, -u and kernel threads (scan_filter.c). */
bool vt_filter_wants(const vt_filter *f, pid_t pid, uid_t uid, bool kthread);

typedef struct vt_scan_bpf vt_scan_bpf;

/* The BPF scan state for backend b; NULL when b is not the BPF backend
 * (the scan stays libproc2's) or on ENOMEM. */
vt_scan_bpf *vt_scan_bpf_new(vt_backend *b);
void vt_scan_bpf_free(vt_scan_bpf *s);

/* Fill out (header already set, backend begun) from the last iterator pass:
 * /proc is read only for what the task struct does not hold (cmdline, the
 * cgroup path), once per process (pid, start time and exec), and only for
 * the processes f wants.  0, or -1 with *cause (ENOMEM). */
int vt_scan_bpf_run(vt_scan_bpf *s, const vt_filter *f, int proc_fd, const char *proc_root,
		    const char *pods_root, vt_snapshot *out, char **cause);

/* The pids in /proc that the last pass did not report, into *pids
 * (malloc'd, ascending): the scan reads them through libproc2.  Their count;
 * 0 (and *pids NULL) when none or on ENOMEM. */
int vt_scan_bpf_missing(vt_scan_bpf *s, int proc_fd, unsigned **pids);

#endif
