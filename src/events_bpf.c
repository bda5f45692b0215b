/* The ENOMEM catcher with BPF: load src/bpf/vmaenomem.bpf.c (through its
 * skeleton), read its ring buffer, turn each record into a vt_event.
 *
 * What the kernel records is completed here: the wall-clock time (the record
 * has CLOCK_BOOTTIME), the start time in clock ticks (as /proc/PID/stat),
 * the call's name, the limit (read once per poll: it is a sysctl, not in the
 * kernel's BTF), the cause (vt_event_cause_of) and, when asked, the cgroup path
 * (the cgroup id opened as a kernfs file handle on the cgroup2 mount, else
 * the process's "0::" line of /proc/PID/cgroup). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "backend-private.h"
#include "bpf/vmaenomem.h"
#include "vmatop/clock.h"
#include "vmatop/events.h"
#include "vmatop/sysvm.h"
/* The skeleton embeds the BPF object as one long string literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "bpf/vmaenomem.skel.h"
#pragma GCC diagnostic pop

#define EVENTS_WHO "ENOMEM catcher"
#define EVENTS_BTF "/sys/kernel/btf/vmlinux"
#define FILEID_KERNFS 0xfe

struct vt_events {
	struct vmaenomem_bpf *skel;
	struct ring_buffer *rb;
	vt_events_filter filter;
	pid_t *pids;                 /* the filter's own copy */
	unsigned flags;
	int cgroup_mnt;              /* the cgroup2 mount, -1 when none */
	/* Per poll: */
	vt_event_fn fn;
	void *arg;
	int handed;
	int64_t limit;
	long given_limit;            /* vt_events_set_limit, -1: read it */
	int64_t boot_to_real_ns;     /* CLOCK_REALTIME - CLOCK_BOOTTIME */
};

static const char *const call_names[VMAENOMEM__COUNT] = {
	[VMAENOMEM_MMAP] = "mmap",
	[VMAENOMEM_MPROTECT] = "mprotect",
	[VMAENOMEM_MUNMAP] = "munmap",
	[VMAENOMEM_MREMAP] = "mremap",
	[VMAENOMEM_BRK] = "brk",
	[VMAENOMEM_MADVISE] = "madvise",
};

/* Copy src into out[sz], cut to fit. */
static void copy_cut(char *out, size_t sz, const char *src)
{
	size_t n = strlen(src);
	if (n >= sz)
		n = sz - 1;
	memcpy(out, src, n);
	out[n] = '\0';
}

/* The cgroup2 mount point from /proc/self/mountinfo, opened; -1 if none. */
static int open_cgroup2(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	int fd = -1;
	if (!f)
		return -1;
	while (fd < 0 && fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX];
		const char *sep = strstr(line, " - ");
		if (!sep || strncmp(sep, " - cgroup2 ", 11) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 || strchr(mnt, '\\'))
			continue;
		fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	fclose(f);
	return fd;
}

/* The path of cgroup id below the cgroup2 mount ("/" for the root). */
static int cgroup_by_id(const vt_events *e, uint64_t id, char *out, size_t sz)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + sizeof(uint64_t)];
	} h;
	char link[64], mnt[PATH_MAX], path[PATH_MAX];
	if (e->cgroup_mnt < 0 || id == 0)
		return -1;
	h.fh.handle_bytes = sizeof(uint64_t);
	h.fh.handle_type = FILEID_KERNFS;
	memcpy(h.fh.f_handle, &id, sizeof(id));
	int fd = open_by_handle_at(e->cgroup_mnt, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	close(fd);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", e->cgroup_mnt);
	ssize_t m = readlink(link, mnt, sizeof(mnt) - 1);
	if (n < 0 || m < 0 || n < m)
		return -1;
	path[n] = mnt[m] = '\0';
	if (strncmp(path, mnt, (size_t)m) != 0)
		return -1;
	copy_cut(out, sz, path[m] ? path + m : "/");
	return 0;
}

/* The "0::" line of /proc/PID/cgroup (the process may be gone: then ""). */
static void cgroup_by_pid(pid_t pid, char *out, size_t sz)
{
	char path[64], line[VT_EVENT_CGROUP_LEN + 8];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	FILE *f = fopen(path, "re");
	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			copy_cut(out, sz, line + 3);
			break;
		}
	}
	fclose(f);
}

static void fill_event(const vt_events *e, const struct vmaenomem_record *r, vt_event *ev)
{
	long tck = vt_clk_tck();
	memset(ev, 0, sizeof(*ev));
	ev->time_ns = (int64_t)r->time_ns + e->boot_to_real_ns;
	ev->pid = (pid_t)r->pid;
	ev->tid = (pid_t)r->tid;
	ev->start_time = tck > 0 ? r->start_boottime / (1000000000ULL / (uint64_t)tck) : 0;
	memcpy(ev->comm, r->comm, sizeof(r->comm));
	ev->comm[VT_EVENT_COMM_LEN - 1] = '\0';
	snprintf(ev->syscall, sizeof(ev->syscall), "%s",
		 r->syscall < VMAENOMEM__COUNT ? call_names[r->syscall] : "?");
	ev->len = r->len;
	ev->map_count = r->map_count;
	ev->max_map_count = e->limit;
	ev->cause = vt_event_cause_of(ev->syscall, ev->map_count, ev->max_map_count);
	if (e->flags & VT_EVENTS_CGROUP && cgroup_by_id(e, r->cgroup_id, ev->cgroup,
							sizeof(ev->cgroup)) < 0)
		cgroup_by_pid(ev->pid, ev->cgroup, sizeof(ev->cgroup));
}

static int on_record(void *ctx, void *data, size_t size)
{
	vt_events *e = ctx;
	const struct vmaenomem_record *r = data;
	vt_event ev;
	if (size < sizeof(*r))
		return 0;
	if (!vt_events_filter_match(&e->filter, (pid_t)r->pid, (uid_t)r->euid))
		return 0;
	fill_event(e, r, &ev);
	e->handed++;
	e->fn(&ev, e->arg);
	return 0;
}

int vt_events_fd(const vt_events *e)
{
	return e ? ring_buffer__epoll_fd(e->rb) : -1;
}

int vt_events_poll(vt_events *e, int timeout_ms, vt_event_fn fn, void *arg)
{
	int err = 0;
	e->fn = fn;
	e->arg = arg;
	e->handed = 0;
	e->limit = e->given_limit >= 0 ? e->given_limit : vt_read_max_map_count(NULL, &err);
	e->boot_to_real_ns = vt_clock_ns(CLOCK_REALTIME) - vt_clock_ns(CLOCK_BOOTTIME);
	int rc = ring_buffer__poll(e->rb, timeout_ms);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return e->handed;
}

void vt_events_set_limit(vt_events *e, long limit)
{
	if (e)
		e->given_limit = limit;
}

uint64_t vt_events_dropped(const vt_events *e)
{
	return e && e->skel->bss ? e->skel->bss->dropped : 0;
}

void vt_events_close(vt_events *e)
{
	if (!e)
		return;
	ring_buffer__free(e->rb);
	vmaenomem_bpf__destroy(e->skel);
	if (e->cgroup_mnt >= 0)
		close(e->cgroup_mnt);
	free(e->pids);
	free(e);
}

/* The settings the program reads from .rodata, before load. */
static int events_configure(struct vmaenomem_bpf *skel, char **cause)
{
	static const long nrs[VMAENOMEM__COUNT] = {
		[VMAENOMEM_MMAP] = SYS_mmap,
		[VMAENOMEM_MPROTECT] = SYS_mprotect,
		[VMAENOMEM_MUNMAP] = SYS_munmap,
		[VMAENOMEM_MREMAP] = SYS_mremap,
		[VMAENOMEM_BRK] = SYS_brk,
		[VMAENOMEM_MADVISE] = SYS_madvise,
	};
	struct stat st;
	if (stat("/proc/self/ns/pid", &st) < 0) {
		vt_bpf_cause(cause, EVENTS_WHO, "/proc/self/ns/pid", errno);
		return -1;
	}
	for (int i = 0; i < VMAENOMEM__COUNT; i++)
		skel->rodata->nr_call[i] = nrs[i];
	skel->rodata->pidns_dev = (__u64)st.st_dev;
	skel->rodata->pidns_ino = (__u64)st.st_ino;
	return 0;
}

static struct vmaenomem_bpf *events_load(char **cause)
{
	vt_bpf_quiet();
	if (access(EVENTS_BTF, R_OK) < 0) {
		vt_bpf_cause(cause, EVENTS_WHO, "kernel BTF " EVENTS_BTF, errno);
		return NULL;
	}
	/* VMATOP_CORE_BTF: relocate against this BTF file instead of the kernel's
	 * (how the tests give the program a kernel whose mm_struct says
	 * vma_count); the attach target is still the running kernel's. */
	const char *core_btf = getenv("VMATOP_CORE_BTF");
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = core_btf && *core_btf ? core_btf : NULL);
	struct vmaenomem_bpf *skel = vmaenomem_bpf__open_opts(&oo);
	if (!skel) {
		vt_bpf_cause(cause, EVENTS_WHO, "cannot open the program", errno);
		return NULL;
	}
	if (events_configure(skel, cause) < 0) {
		vmaenomem_bpf__destroy(skel);
		return NULL;
	}
	int rc = vmaenomem_bpf__load(skel);
	if (rc == 0)
		rc = vmaenomem_bpf__attach(skel);
	if (rc < 0) {
		vt_bpf_cause(cause, EVENTS_WHO, "cannot load the program", -rc);
		vmaenomem_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

static int copy_filter(vt_events *e, const vt_events_filter *f)
{
	if (!f)
		return 0;
	e->filter = *f;
	e->filter.pids = NULL;
	if (!f->pids || !f->npids)
		return 0;
	if (!(e->pids = calloc(f->npids, sizeof(*e->pids))))
		return -1;
	memcpy(e->pids, f->pids, f->npids * sizeof(*e->pids));
	e->filter.pids = e->pids;
	return 0;
}

vt_events *vt_events_open(const vt_events_filter *f, unsigned flags, char **cause)
{
	vt_events *e = calloc(1, sizeof(*e));
	*cause = NULL;
	if (!e || copy_filter(e, f) < 0) {
		free(e);
		*cause = strdup(EVENTS_WHO ": out of memory");
		return NULL;
	}
	e->flags = flags;
	e->given_limit = -1;
	e->cgroup_mnt = (flags & VT_EVENTS_CGROUP) ? open_cgroup2() : -1;
	if (!(e->skel = events_load(cause))) {
		vt_events_close(e);
		return NULL;
	}
	e->rb = ring_buffer__new(bpf_map__fd(e->skel->maps.events), on_record, e, NULL);
	if (!e->rb) {
		vt_bpf_cause(cause, EVENTS_WHO, "cannot open the ring buffer", errno);
		vt_events_close(e);
		return NULL;
	}
	return e;
}
