/* The BPF scan: a snapshot built from the task iterator's records
 * (src/bpf/vmacount.h) instead of libproc2's /proc reads.
 *
 * The iterator gives each process's pid, ppid, euid, state, start time,
 * comm, threads, sizes and count at every refresh.  What it does not give
 * (the cmdline, the cgroup path) does not change while the process lives:
 * it is read once per process and kept in a cache keyed by pid, start time
 * and exec id (an exec changes the cmdline; a reused pid has another start
 * time), re-read for the cgroup only when the cgroup id changes, and
 * dropped when the process is gone.  Processes the filter does not want
 * (kernel threads by default) cost nothing but their record. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/types.h>

#include "backend-private.h"
#include "scan-private.h"
#include "bpf/vmacount.h"
#include "vmatop/thread.h"

/* What is read once per process. */
typedef struct bpf_fact {
	pid_t pid;
	__u64 start_ns;
	__u64 exec_id;
	char *cmdline;          /* NULL: not read yet */
	bool have_cg;
	__u64 cgroup_id;        /* the id have_cg's cg was read at */
	vt_cgroup cg;
} bpf_fact;

typedef struct bpf_user {
	uid_t uid;
	char name[33];
} bpf_user;

struct vt_scan_bpf {
	vt_backend *backend;
	bpf_fact *facts, *next;     /* sorted by pid; next is the cache being built */
	size_t nfacts, cap, nnext;
	bpf_user *users;
	size_t nusers;
	__u64 tick_ns;              /* ns per clock tick (/proc/PID/stat's unit) */
	unsigned long page_kb;
	vt_pods *pods;              /* loaded once per scan, at its first pod */
};

vt_scan_bpf *vt_scan_bpf_new(vt_backend *b)
{
	if (!b || strcmp(vt_backend_name(b), "bpf") != 0)
		return NULL;
	vt_scan_bpf *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	long hz = sysconf(_SC_CLK_TCK);
	long page = sysconf(_SC_PAGESIZE);
	s->backend = b;
	s->tick_ns = 1000000000ULL / (__u64)(hz > 0 ? hz : 100);
	s->page_kb = (unsigned long)(page > 0 ? page : 4096) / 1024;
	return s;
}

static void fact_clear(bpf_fact *f)
{
	free(f->cmdline);
	f->cmdline = NULL;
	vt_cgroup_clear(&f->cg);
	f->have_cg = false;
}

void vt_scan_bpf_free(vt_scan_bpf *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfacts; i++)
		fact_clear(&s->facts[i]);
	free(s->facts);
	free(s->next);
	free(s->users);
	vt_pods_free(s->pods);
	free(s);
}

/* The effective user's name, or the uid as text (like libproc2). */
static const char *bpf_user_name(vt_scan_bpf *s, uid_t uid)
{
	for (size_t i = 0; i < s->nusers; i++)
		if (s->users[i].uid == uid)
			return s->users[i].name;
	bpf_user *u = realloc(s->users, (s->nusers + 1) * sizeof(*u));
	if (!u)
		return "?";
	s->users = u;
	u = &s->users[s->nusers++];
	u->uid = uid;
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name)
		snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	else
		snprintf(u->name, sizeof(u->name), "%u", (unsigned)uid);
	return u->name;
}

/* All of a small /proc file through dirfd, NUL-terminated in a malloc'd
 * buffer; -1 when it cannot be read (gone). */
static ssize_t bpf_read_all(int dirfd, const char *rel, char **out)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0) {
				free(buf);
				buf = NULL;
			}
			break;
		}
		len += (size_t)n;
		if (cap - len < 2) {
			char *g = realloc(buf, cap * 2);
			if (!g) {
				free(buf);
				buf = NULL;
				errno = ENOMEM;
				break;
			}
			buf = g;
			cap *= 2;
		}
	}
	close(fd);
	if (!buf)
		return -1;
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

/* The start time (/proc/PID/stat field 22) of the process dirfd names;
 * 0 when it is gone. */
static unsigned long long bpf_start_ticks(int dirfd)
{
	char *buf = NULL;
	unsigned long long start = 0;
	if (bpf_read_all(dirfd, "stat", &buf) < 0)
		return 0;
	char *p = strrchr(buf, ')');
	/* after ") ": state is field 3; field 22 is the 20th after it */
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	free(buf);
	return start;
}

/* The arguments joined by spaces, as libproc2 gives them to the text scan:
 * NULs become spaces, the last one ends the string; an empty file or a lone
 * "-" is "".  libproc2 also splits at a newline inside an argument (it reads
 * cmdline like environ), so a newline is a space here too; every other byte
 * stays raw for the writers to sanitize. */
static char *bpf_cmdline(int dirfd)
{
	char *buf = NULL;
	ssize_t n = bpf_read_all(dirfd, "cmdline", &buf);
	if (n < 0)
		return NULL;
	if (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[n] = '\0';
	if (strcmp(buf, "-") == 0)
		buf[0] = '\0';
	return buf;
}

/* The cgroup of pid, pods named from the table read at the first pod of
 * this scan.  -1 only on ENOMEM. */
static int bpf_cgroup(vt_scan_bpf *s, int proc_fd, const char *proc_root, const char *pods_root,
		      pid_t pid, vt_cgroup *cg)
{
	if (vt_cgroup_read(proc_fd, proc_root, pid, cg) < 0)
		return errno == ENOMEM ? -1 : 0;
	if (!cg->pod_uid)
		return 0;
	if (!s->pods && !(s->pods = vt_pods_load(pods_root)))
		return -1;
	return vt_pods_fill(s->pods, cg);
}

/* Read what f lacks for r.  The /proc/PID directory is opened first and its
 * start time checked last: what was read is r's process, not a reused pid.
 * 1 read, 0 gone (drop the row), -1 ENOMEM. */
static int bpf_fact_read(vt_scan_bpf *s, bpf_fact *f, const struct vmacount_record *r,
			 bool want_cmdline, bool want_cg, int proc_fd, const char *proc_root,
			 const char *pods_root)
{
	char rel[24];
	snprintf(rel, sizeof(rel), "%u", (unsigned)r->pid);
	int dirfd = openat(proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return errno == ENOMEM ? -1 : 0;
	char *cmd = NULL;
	vt_cgroup cg = { 0 };
	int rc = 1;
	if (want_cmdline && !(cmd = bpf_cmdline(dirfd)))
		rc = errno == ENOMEM ? -1 : 0;
	if (rc > 0 && want_cg && bpf_cgroup(s, proc_fd, proc_root, pods_root, (pid_t)r->pid, &cg) < 0)
		rc = -1;
	if (rc > 0 && bpf_start_ticks(dirfd) != r->start_ns / s->tick_ns)
		rc = 0;
	close(dirfd);
	if (rc <= 0) {
		free(cmd);
		vt_cgroup_clear(&cg);
		return rc;
	}
	if (want_cmdline) {
		free(f->cmdline);
		f->cmdline = cmd;
	}
	if (want_cg) {
		vt_cgroup_clear(&f->cg);
		f->cg = cg;
		f->have_cg = true;
		f->cgroup_id = r->cgroup_id;
	}
	return 1;
}

/* The cached fact of r, moved into the cache being built: the old one when
 * it is r's process, else a fresh empty one.  NULL on ENOMEM. */
static bpf_fact *bpf_fact_take(vt_scan_bpf *s, size_t *j, const struct vmacount_record *r)
{
	while (*j < s->nfacts && s->facts[*j].pid < (pid_t)r->pid)
		fact_clear(&s->facts[(*j)++]);         /* exited */
	bpf_fact *f = &s->next[s->nnext++];
	if (*j < s->nfacts && s->facts[*j].pid == (pid_t)r->pid) {
		*f = s->facts[(*j)++];
		if (f->start_ns == r->start_ns && f->exec_id == r->exec_id)
			return f;
		fact_clear(f);                          /* reused pid or exec */
	}
	memset(f, 0, sizeof(*f));
	f->pid = (pid_t)r->pid;
	f->start_ns = r->start_ns;
	f->exec_id = r->exec_id;
	return f;
}

/* The comm of a kernel thread as /proc shows it (a workqueue worker's
 * includes its current work, longer than the task's comm); NULL: use r's. */
static char *bpf_kthread_comm(int proc_fd, pid_t pid)
{
	return vt_comm_read(proc_fd, pid);
}

/* One snapshot row from r and its facts.  -1 on ENOMEM. */
static int bpf_fill(vt_scan_bpf *s, vt_proc *p, const struct vmacount_record *r,
		    const bpf_fact *f, int proc_fd)
{
	bool kthread = (r->flags & VMACOUNT_KTHREAD) != 0;
	p->pid = (pid_t)r->pid;
	p->ppid = (pid_t)r->ppid;
	p->uid = (uid_t)r->euid;
	snprintf(p->user, sizeof(p->user), "%s", bpf_user_name(s, p->uid));
	p->state = r->state;
	p->start_time = r->start_ns / s->tick_ns;
	p->threads = (int)r->threads;
	p->rss_kb = (unsigned long)r->rss_pages * s->page_kb;
	p->vsz_kb = (unsigned long)r->total_vm * s->page_kb;
	p->kthread = kthread;
	p->comm = kthread ? bpf_kthread_comm(proc_fd, p->pid) : NULL;
	if (!p->comm)
		p->comm = strndup(r->comm, sizeof(r->comm));
	p->cmdline = strdup(f && f->cmdline ? f->cmdline : "");
	p->vmas = kthread ? 0 : (long)r->map_count;
	p->flags &= ~VT_PROC_LEADER_EXITED;
	if (r->flags & VMACOUNT_LIVE_THREAD)
		p->flags |= VT_PROC_LEADER_EXITED;
	if (f && f->have_cg && vt_cgroup_copy(&p->cg, &f->cg) < 0)
		return -1;
	return p->comm && p->cmdline ? 0 : -1;
}

/* The row of r, if f wants it: 1 added, 0 not wanted or gone, -1 ENOMEM. */
static int bpf_row(vt_scan_bpf *s, const struct vmacount_record *r, bpf_fact *fact,
		   const vt_filter *f, int proc_fd, const char *proc_root, const char *pods_root,
		   vt_snapshot *out)
{
	bool kthread = (r->flags & VMACOUNT_KTHREAD) != 0;
	if (!vt_filter_wants(f, (pid_t)r->pid, (uid_t)r->euid, kthread))
		return 0;
	/* Without its own mm (a kernel thread, a zombie, an exited leader) the
	 * cmdline is empty: nothing to read. */
	bool leader_mm = (r->flags & VMACOUNT_MM) && !(r->flags & VMACOUNT_LIVE_THREAD);
	bool want_cmdline = leader_mm && !fact->cmdline;
	bool want_cg = !fact->have_cg || fact->cgroup_id != r->cgroup_id;
	if (want_cmdline || want_cg) {
		int rc = bpf_fact_read(s, fact, r, want_cmdline, want_cg, proc_fd, proc_root,
				       pods_root);
		if (rc <= 0)
			return rc;
	}
	if (f && f->cgroup && !vt_cgroup_match(&fact->cg, f->cgroup))
		return 0;
	vt_proc *p = vt_snapshot_add(out);
	if (!p)
		return -1;
	if (bpf_fill(s, p, r, leader_mm ? fact : NULL, proc_fd) < 0)
		return -1;
	if (!leader_mm && fact->have_cg && !p->cg.path && vt_cgroup_copy(&p->cg, &fact->cg) < 0)
		return -1;
	out->scanned++;
	out->total_vmas += p->vmas;
	return 1;
}

static int bpf_grow(vt_scan_bpf *s, size_t n)
{
	if (n <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap : 1024;
	while (cap < n)
		cap *= 2;
	bpf_fact *a = realloc(s->facts, cap * sizeof(*a));
	if (!a)
		return -1;
	s->facts = a;
	bpf_fact *b = realloc(s->next, cap * sizeof(*b));
	if (!b)
		return -1;
	s->next = b;
	s->cap = cap;
	return 0;
}

int vt_scan_bpf_run(vt_scan_bpf *s, const vt_filter *f, int proc_fd, const char *proc_root,
		    const char *pods_root, vt_snapshot *out, char **cause)
{
	size_t n = 0;
	const struct vmacount_record *recs = vt_backend_bpf_records(s->backend, &n);
	if (bpf_grow(s, n) < 0) {
		*cause = strdup("out of memory");
		return -1;
	}
	vt_pods_free(s->pods);
	s->pods = NULL;
	s->nnext = 0;
	size_t j = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		bpf_fact *fact = bpf_fact_take(s, &j, &recs[i]);
		rc = bpf_row(s, &recs[i], fact, f, proc_fd, proc_root, pods_root, out);
	}
	while (j < s->nfacts)
		fact_clear(&s->facts[j++]);
	bpf_fact *t = s->facts;
	s->facts = s->next;
	s->nfacts = s->nnext;
	s->next = t;
	if (rc < 0) {
		*cause = strdup("out of memory");
		return -1;
	}
	return 0;
}

static bool bpf_reported(const struct vmacount_record *recs, size_t n, unsigned pid)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (recs[mid].pid == pid)
			return true;
		if (recs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int vt_scan_bpf_missing(vt_scan_bpf *s, int proc_fd, unsigned **pids)
{
	size_t nrecs = 0, n = 0, cap = 0;
	const struct vmacount_record *recs = vt_backend_bpf_records(s->backend, &nrecs);
	*pids = NULL;
	int fd = proc_fd >= 0 ? openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *end;
		unsigned long pid = strtoul(e->d_name, &end, 10);
		if (*end || pid == 0 || e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    bpf_reported(recs, nrecs, (unsigned)pid))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			unsigned *g = realloc(*pids, cap * sizeof(*g));
			if (!g) {
				free(*pids);
				*pids = NULL;
				closedir(d);
				return 0;
			}
			*pids = g;
		}
		(*pids)[n++] = (unsigned)pid;
	}
	closedir(d);
	return (int)n;
}
