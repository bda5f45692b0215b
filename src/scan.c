/* Process enumeration through libproc2's pids API, plus the count per process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "vmatop/clock.h"
#include "vmatop/scan.h"
#include "scan-private.h"
#include "vmatop/sysvm.h"
#include "vmatop/thread.h"

#define PF_KTHREAD 0x00200000UL

/* The items we ask libproc2 for; the enum gives each its index in a stack. */
enum scan_item {
	SI_PID, SI_PPID, SI_EUID, SI_EUSER, SI_CMD, SI_CMDLINE, SI_STATE,
	SI_START, SI_NLWP, SI_RSS, SI_VSIZE, SI_FLAGS, SI__COUNT
};

static enum pids_item scan_items[SI__COUNT] = {
	[SI_PID] = PIDS_ID_PID,
	[SI_PPID] = PIDS_ID_PPID,
	[SI_EUID] = PIDS_ID_EUID,
	[SI_EUSER] = PIDS_ID_EUSER,
	[SI_CMD] = PIDS_CMD,
	[SI_CMDLINE] = PIDS_CMDLINE_V,   /* raw bytes (PIDS_CMDLINE is escaped) */
	[SI_STATE] = PIDS_STATE,
	[SI_START] = PIDS_TICS_BEGAN,
	[SI_NLWP] = PIDS_NLWP,
	[SI_RSS] = PIDS_VM_RSS,
	[SI_VSIZE] = PIDS_VSIZE_BYTES,
	[SI_FLAGS] = PIDS_FLAGS,
};

struct vt_scanner {
	struct pids_info *info;
	vt_backend *backend;
	char *proc_root;
	int proc_fd;               /* proc_root, for the raw comm and the cgroup */
	char *pods_root;           /* NULL: /var/log/pods */
	vt_pods *pods;             /* loaded once per scan, when a process is in a pod */
	vt_scan_bpf *bpf;          /* with the BPF backend: the snapshot from its records */
};

vt_scanner *vt_scanner_new(const char *proc_root, vt_backend_kind backend, char **cause)
{
	vt_scanner *sc = calloc(1, sizeof(*sc));
	if (!sc) {
		*cause = strdup("out of memory");
		return NULL;
	}
	sc->proc_root = strdup(proc_root ? proc_root : "/proc");
	sc->proc_fd = sc->proc_root ? open(sc->proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	int rc = procps_pids_new(&sc->info, scan_items, SI__COUNT);
	if (rc < 0) {
		if (asprintf(cause, "libproc2: cannot start process enumeration: %s", strerror(-rc)) < 0)
			*cause = NULL;
		vt_scanner_free(sc);
		return NULL;
	}
	sc->backend = vt_backend_open(backend, sc->proc_root, cause);
	if (!sc->backend) {
		vt_scanner_free(sc);
		return NULL;
	}
	if (strcmp(vt_backend_name(sc->backend), "bpf") == 0 &&
	    !(sc->bpf = vt_scan_bpf_new(sc->backend))) {
		*cause = strdup("out of memory");
		vt_scanner_free(sc);
		return NULL;
	}
	return sc;
}

void vt_scanner_free(vt_scanner *sc)
{
	if (!sc)
		return;
	if (sc->info)
		procps_pids_unref(&sc->info);
	vt_scan_bpf_free(sc->bpf);
	vt_backend_close(sc->backend);
	vt_pods_free(sc->pods);
	free(sc->pods_root);
	if (sc->proc_fd >= 0)
		close(sc->proc_fd);
	free(sc->proc_root);
	free(sc);
}

const char *vt_scanner_backend_note(const vt_scanner *sc)
{
	return sc->backend->note;
}

const char *vt_scanner_backend(const vt_scanner *sc)
{
	return vt_backend_name(sc->backend);
}

int vt_scanner_set_pods_root(vt_scanner *sc, const char *root)
{
	free(sc->pods_root);
	sc->pods_root = root ? strdup(root) : NULL;
	return !root || sc->pods_root ? 0 : -1;
}

/* The cgroup of pid into cg (left empty when it vanished or is unreadable);
 * pods are named from the table, read at the first pod of this scan.
 * -1 only on ENOMEM. */
static int scan_cgroup(vt_scanner *sc, pid_t pid, vt_cgroup *cg)
{
	if (vt_cgroup_read(sc->proc_fd, sc->proc_root, pid, cg) < 0)
		return errno == ENOMEM ? -1 : 0;
	if (!cg->pod_uid)
		return 0;
	if (!sc->pods && !(sc->pods = vt_pods_load(sc->pods_root)))
		return -1;
	return vt_pods_fill(sc->pods, cg);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* libproc2 replaces unprintable bytes of comm with '?': when it did (or the
 * name holds a real '?'), read the raw name so that the one sanitizing layer
 * decides what is shown.  Falls back to libproc2's text. */
static char *raw_comm(int proc_fd, pid_t pid, const char *escaped)
{
	if (!escaped || !strchr(escaped, '?') || proc_fd < 0)
		return dup_or_empty(escaped);
	char *raw = vt_comm_read(proc_fd, pid);
	return raw ? raw : dup_or_empty(escaped);
}

/* The argument vector joined by spaces, raw; "" when there is none
 * (libproc2 gives a lone "-" for kernel threads and zombies). */
static char *join_cmdline(char **argv)
{
	if (!argv || !argv[0] || (strcmp(argv[0], "-") == 0 && !argv[1]))
		return strdup("");
	size_t len = 0;
	for (char **a = argv; *a; a++)
		len += strlen(*a) + 1;
	char *s = malloc(len), *o = s;
	if (!s)
		return NULL;
	for (char **a = argv; *a; a++) {
		size_t l = strlen(*a);
		memcpy(o, *a, l);
		o += l;
		*o++ = ' ';
	}
	o[-1] = '\0';
	return s;
}

/* Copy one libproc2 stack into p (libproc2 owns its strings until the next reap). */
static int fill_proc(vt_proc *p, struct pids_stack *st, int proc_fd)
{
#define V(item, type) PIDS_VAL(item, type, st, NULL)
	p->pid = V(SI_PID, s_int);
	p->ppid = V(SI_PPID, s_int);
	p->uid = V(SI_EUID, u_int);
	snprintf(p->user, sizeof(p->user), "%s", V(SI_EUSER, str) ? V(SI_EUSER, str) : "?");
	p->state = V(SI_STATE, s_ch);
	p->start_time = V(SI_START, ull_int);
	p->threads = V(SI_NLWP, s_int);
	p->rss_kb = V(SI_RSS, ul_int);
	p->vsz_kb = V(SI_VSIZE, ul_int) / 1024;
	p->kthread = (V(SI_FLAGS, ul_int) & PF_KTHREAD) != 0;
	p->comm = raw_comm(proc_fd, p->pid, V(SI_CMD, str));
	p->cmdline = join_cmdline(V(SI_CMDLINE, strv));
#undef V
	return p->comm && p->cmdline ? 0 : -1;
}

/* One process of a libproc2 fetch into out, if f wants it (vanished ones
 * are dropped quietly).  0, or -1 with *cause (ENOMEM). */
static int scan_stack(vt_scanner *sc, const vt_filter *f, struct pids_stack *st,
		      vt_snapshot *out, char **cause)
{
	pid_t pid = PIDS_VAL(SI_PID, s_int, st, NULL);
	uid_t uid = PIDS_VAL(SI_EUID, u_int, st, NULL);
	bool kthread = (PIDS_VAL(SI_FLAGS, ul_int, st, NULL) & PF_KTHREAD) != 0;
	if (!vt_filter_wants(f, pid, uid, kthread))
		return 0;
	vt_cgroup cg = { 0 };
	if (scan_cgroup(sc, pid, &cg) < 0) {
		vt_cgroup_clear(&cg);
		*cause = strdup("out of memory");
		return -1;
	}
	if (f && f->cgroup && !vt_cgroup_match(&cg, f->cgroup)) {
		vt_cgroup_clear(&cg);
		return 0;
	}
	int cerr = 0;
	long n = kthread ? 0 : sc->backend->ops->count(sc->backend, pid, &cerr);
	if (n < 0 && cerr != EACCES && cerr != EPERM) {
		vt_cgroup_clear(&cg);
		return 0;                 /* vanished mid-scan: drop quietly */
	}
	vt_proc *p = vt_snapshot_add(out);
	if (!p) {
		vt_cgroup_clear(&cg);
		*cause = strdup("out of memory");
		return -1;
	}
	p->cg = cg;
	if (fill_proc(p, st, sc->proc_fd) < 0) {
		*cause = strdup("out of memory");
		return -1;
	}
	p->vmas = n < 0 ? VT_UNKNOWN : n;
	/* A zombie leader with live threads: the process is alive. */
	p->flags &= ~VT_PROC_LEADER_EXITED;
	if (p->state == 'Z' && p->threads > 1 &&
	    vt_live_thread(sc->proc_fd, p->pid, &p->state) > 0)
		p->flags |= VT_PROC_LEADER_EXITED;
	out->scanned++;
	if (n < 0)
		out->unreadable++;
	else
		out->total_vmas += n;
	return 0;
}

/* The BPF scan, then libproc2 for the pids its iterator did not report
 * (started after the pass, or not visited: the init of a Firecracker VM). */
static int scan_bpf(vt_scanner *sc, const vt_filter *f, vt_snapshot *out, char **cause)
{
	if (vt_scan_bpf_run(sc->bpf, f, sc->proc_fd, sc->proc_root, sc->pods_root, out, cause) < 0)
		return -1;
	unsigned *pids = NULL;
	int n = vt_scan_bpf_missing(sc->bpf, sc->proc_fd, &pids);
	for (int i = 0; i < n; i += 64) {
		int k = n - i < 64 ? n - i : 64;
		struct pids_fetch *fetch = procps_pids_select(sc->info, pids + i, k, PIDS_SELECT_PID);
		int total = fetch && fetch->counts ? fetch->counts->total : 0;
		for (int j = 0; j < total; j++) {
			if (scan_stack(sc, f, fetch->stacks[j], out, cause) < 0) {
				free(pids);
				return -1;
			}
		}
	}
	free(pids);
	if (out->unreadable > 0)
		out->unreadable_why = vt_access_hint_self(sc->proc_root);
	return 0;
}

int vt_scanner_scan(vt_scanner *sc, const vt_filter *f, vt_snapshot *out, char **cause)
{
	vt_snapshot_clear(out);
	out->time = vt_clock_wall();
	out->mono = vt_clock_mono();
	vt_host_info(out->host, sizeof(out->host), out->kernel, sizeof(out->kernel));
	int err = 0;
	out->max_map_count = vt_read_max_map_count(sc->proc_root, &err);
	out->backend = vt_backend_name(sc->backend);

	if (sc->backend->ops->begin(sc->backend, cause) < 0)
		return -1;
	vt_pods_free(sc->pods);
	sc->pods = NULL;
	if (sc->bpf)
		return scan_bpf(sc, f, out, cause);
	struct pids_fetch *fetch = procps_pids_reap(sc->info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		if (asprintf(cause, "libproc2: cannot read the process list: %s", strerror(errno)) < 0)
			*cause = NULL;
		return -1;
	}
	int total = fetch->counts ? fetch->counts->total : 0;
	for (int i = 0; i < total; i++)
		if (scan_stack(sc, f, fetch->stacks[i], out, cause) < 0)
			return -1;
	if (out->unreadable > 0)
		out->unreadable_why = vt_access_hint_self(sc->proc_root);
	return 0;
}

void vt_snapshot_filter(vt_snapshot *s, const vt_filter *f)
{
	size_t keep = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		vt_proc *p = &s->procs[i];
		bool ok = !f->by_uid || p->uid == f->uid;
		if (ok && f->npids) {
			ok = false;
			for (size_t k = 0; k < f->npids; k++)
				ok = ok || f->pids[k] == p->pid;
		}
		if (ok) {
			s->procs[keep++] = *p;
			continue;
		}
		if (p->vmas >= 0)
			s->total_vmas -= p->vmas;
		else
			s->unreadable--;
		s->scanned--;
		free(p->comm);
		free(p->cmdline);
		vt_cgroup_clear(&p->cg);
	}
	s->nprocs = keep;
}
