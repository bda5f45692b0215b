/* Snapshots: growable arrays of processes; a process's identity (pid + start
 * time) checked right before acting on it. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vmatop/grow.h"
#include "vmatop/proc.h"
#include "vmatop/thread.h"

#define STAT_STARTTIME_FIELD 22      /* proc(5): starttime, clock ticks after boot */
#define STAT_FIRST_AFTER_COMM 3      /* the fields after "pid (comm) " start at state */

unsigned long long vt_proc_start_time(const char *proc_root, pid_t pid)
{
	char path[4096], buf[1024];
	snprintf(path, sizeof(path), "%s/%d/stat", proc_root ? proc_root : "/proc", (int)pid);
	const char *f = vt_stat_fields(AT_FDCWD, path, buf, sizeof(buf));
	for (int i = STAT_FIRST_AFTER_COMM; f && i < STAT_STARTTIME_FIELD; i++) {
		f = strchr(f, ' ');
		if (f)
			f++;
	}
	if (!f || *f < '0' || *f > '9')
		return 0;
	return strtoull(f, NULL, 10);
}

int vt_proc_signal_checked(pid_t pid, unsigned long long start_time, int sig)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0 && errno != ENOSYS)
		return -1;
	/* with the pidfd open, the pid cannot name another process until it is
	 * closed: the start time read now is that of the process signalled */
	if (vt_proc_start_time(NULL, pid) != start_time) {
		if (pfd >= 0)
			close(pfd);
		errno = ESRCH;
		return -1;
	}
	if (pfd < 0)
		return kill(pid, sig);
	int r = (int)syscall(SYS_pidfd_send_signal, pfd, sig, NULL, 0);
	int saved = errno;
	close(pfd);
	errno = saved;
	return r;
}

void vt_snapshot_init(vt_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->max_map_count = VT_UNKNOWN;
	s->backend = "text";
	s->enomem_events[0] = s->enomem_events[1] = -1;
}

static void proc_free(vt_proc *p)
{
	free(p->comm);
	free(p->cmdline);
	p->comm = p->cmdline = NULL;
	vt_cgroup_clear(&p->cg);
}

void vt_snapshot_clear(vt_snapshot *s)
{
	for (size_t i = 0; i < s->nprocs; i++)
		proc_free(&s->procs[i]);
	s->nprocs = 0;
	s->total_vmas = 0;
	s->scanned = 0;
	s->unreadable = 0;
	s->unreadable_why = NULL;
}

void vt_snapshot_free(vt_snapshot *s)
{
	vt_snapshot_clear(s);
	free(s->procs);
	vt_snapshot_init(s);
}

vt_proc *vt_snapshot_add(vt_snapshot *s)
{
	if (vt_grow(&s->procs, &s->cap, s->nprocs + 1, sizeof(*s->procs), 256) < 0)
		return NULL;
	vt_proc *p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof(*p));
	p->vmas = VT_UNKNOWN;
	p->delta = VT_NO_DELTA;
	p->rate = NAN;
	p->eta = NAN;
	return p;
}

const vt_proc *vt_snapshot_find(const vt_snapshot *s, pid_t pid)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	return NULL;
}

const vt_proc *vt_snapshot_worst(const vt_snapshot *s)
{
	const vt_proc *w = NULL;
	for (size_t i = 0; i < s->nprocs; i++) {
		const vt_proc *p = &s->procs[i];
		if (p->vmas == VT_UNKNOWN)
			continue;
		if (!w || p->vmas > w->vmas || (p->vmas == w->vmas && p->pid < w->pid))
			w = p;
	}
	return w;
}

int vt_snapshot_copy(vt_snapshot *dst, const vt_snapshot *src)
{
	vt_snapshot_free(dst);
	*dst = *src;
	dst->procs = NULL;
	dst->nprocs = dst->cap = 0;
	if (src->nprocs) {
		dst->procs = calloc(src->nprocs, sizeof(*dst->procs));
		if (!dst->procs)
			goto fail;
		dst->cap = src->nprocs;
	}
	for (size_t i = 0; i < src->nprocs; i++) {
		vt_proc *p = &dst->procs[i];
		*p = src->procs[i];
		p->comm = strdup(src->procs[i].comm);
		p->cmdline = strdup(src->procs[i].cmdline);
		int cg = vt_cgroup_copy(&p->cg, &src->procs[i].cg);
		dst->nprocs = i + 1;
		if (!p->comm || !p->cmdline || cg < 0)
			goto fail;
	}
	return 0;
fail:
	vt_snapshot_free(dst);
	errno = ENOMEM;
	return -1;
}

double vt_percent(long vmas, long limit)
{
	if (vmas < 0 || limit <= 0)
		return NAN;
	return 100.0 * (double)vmas / (double)limit;
}

const char *vt_proc_mark(const vt_proc *p)
{
	if (p->flags & VT_PROC_LEADER_EXITED)
		return "<leader exited>";
	if (p->state != 'Z')
		return NULL;
	return p->threads > 1 ? "<leader exited>" : "<defunct>";
}
