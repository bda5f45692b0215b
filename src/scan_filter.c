/* Which processes a scan lists (shared by the libproc2 scan, scan.c, and
 * the BPF scan, scan_bpf.c). */
#include "scan-private.h"

bool vt_filter_wants(const vt_filter *f, pid_t pid, uid_t uid, bool kthread)
{
	if (!f)
		return !kthread;
	if (kthread && !f->show_kthreads && !f->pids)    /* -p names it: shown */
		return false;
	if (f->by_uid && uid != f->uid)
		return false;
	if (f->pids) {
		for (size_t i = 0; i < f->npids; i++)
			if (f->pids[i] == pid)
				return true;
		return false;
	}
	return true;
}
