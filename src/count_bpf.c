/* The BPF counting backend: one task-iterator pass per scan reads every
 * process's mm->map_count (src/bpf/vmacount.bpf.c), without formatting maps
 * text and without taking any process's mmap lock.
 *
 * A pid the pass did not report is counted from its maps file instead: a
 * process started after begin(), or one the kernel's iterator does not visit
 * (seen: the init process of a Firecracker VM).  A process that is gone is
 * ENOENT from there, so raced processes are dropped like vanished ones. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "backend-private.h"
#include "btfcache-private.h"
#include "bpf/vmacount.h"
/* The skeleton embeds the BPF object as one long string literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "bpf/vmacount.skel.h"
#pragma GCC diagnostic pop

#define BPF_BTF_PATH "/sys/kernel/btf/vmlinux"
#define BPF_READ_SIZE (64 * 1024)
#define BPF_RECORDS_MIN 1024

struct count_bpf_priv {
	struct vmacount_bpf *skel;
	struct vmacount_record *recs;   /* sorted by pid after begin() */
	size_t nrecs;
	size_t cap;
	char *buf;
	size_t have;                    /* bytes of a partial record in buf */
	vt_backend *text;               /* for pids the pass did not report */
};

const char *vt_backends_compiled(void)
{
	return "text bpf";
}

/* libbpf reports to stderr by default; vmatop says why in one line instead. */
static int count_bpf_print_none(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

void vt_bpf_quiet(void)
{
	if (!getenv("VMATOP_BPF_DEBUG"))
		libbpf_set_print(count_bpf_print_none);
}

void vt_bpf_cause(char **cause, const char *who, const char *what, int err)
{
	int rc;
	if (err == EPERM || err == EACCES)
		rc = asprintf(cause, "%s: %s: not permitted (needs root or CAP_BPF+CAP_PERFMON)",
			      who, what);
	else
		rc = asprintf(cause, "%s: %s: %s", who, what, strerror(err));
	if (rc < 0)
		*cause = NULL;
}

static void count_bpf_set_cause(char **cause, const char *what, int err)
{
	vt_bpf_cause(cause, "BPF backend", what, err);
}

static int count_bpf_grow(struct count_bpf_priv *p)
{
	size_t cap = p->cap ? p->cap * 2 : BPF_RECORDS_MIN;
	struct vmacount_record *r = realloc(p->recs, cap * sizeof(*r));
	if (!r)
		return -1;
	p->recs = r;
	p->cap = cap;
	return 0;
}

/* Append the whole records in buf[0..len), keep a partial one for later. */
static int count_bpf_take(struct count_bpf_priv *p, size_t len)
{
	size_t whole = len / sizeof(struct vmacount_record);
	while (p->nrecs + whole > p->cap)
		if (count_bpf_grow(p) < 0)
			return -1;
	memcpy(p->recs + p->nrecs, p->buf, whole * sizeof(struct vmacount_record));
	p->nrecs += whole;
	p->have = len - whole * sizeof(struct vmacount_record);
	memmove(p->buf, p->buf + len - p->have, p->have);
	return 0;
}

static int count_bpf_cmp_pid(const void *a, const void *b)
{
	__u32 x = ((const struct vmacount_record *)a)->pid;
	__u32 y = ((const struct vmacount_record *)b)->pid;
	return (x > y) - (x < y);
}

/* Of two records of one pid, the one to keep: one with an mm (a live
 * thread's when the leader exited), then the larger count. */
static bool count_bpf_better(const struct vmacount_record *a, const struct vmacount_record *b)
{
	if ((a->flags & VMACOUNT_MM) != (b->flags & VMACOUNT_MM))
		return (a->flags & VMACOUNT_MM) != 0;
	return a->map_count > b->map_count;
}

/* The iterator walks pids in increasing order; sort only if it did not.
 * A process whose leader exited has several records (the leader's without
 * mm and its live threads'): keep the best. */
static void count_bpf_sort(struct count_bpf_priv *p)
{
	for (size_t i = 1; i < p->nrecs; i++) {
		if (p->recs[i - 1].pid >= p->recs[i].pid) {
			qsort(p->recs, p->nrecs, sizeof(*p->recs), count_bpf_cmp_pid);
			break;
		}
	}
	size_t out = 0;
	for (size_t i = 0; i < p->nrecs; i++) {
		if (out > 0 && p->recs[out - 1].pid == p->recs[i].pid) {
			if (count_bpf_better(&p->recs[i], &p->recs[out - 1]))
				p->recs[out - 1] = p->recs[i];
			continue;
		}
		p->recs[out++] = p->recs[i];
	}
	p->nrecs = out;
}

static int count_bpf_read_all(struct count_bpf_priv *p, int fd, int *err)
{
	p->nrecs = 0;
	p->have = 0;
	for (;;) {
		ssize_t n = read(fd, p->buf + p->have, BPF_READ_SIZE - p->have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno;
			return -1;
		}
		if (n == 0)
			return 0;
		if (count_bpf_take(p, p->have + (size_t)n) < 0) {
			*err = ENOMEM;
			return -1;
		}
	}
}

static int count_bpf_begin(vt_backend *b, char **cause)
{
	struct count_bpf_priv *p = b->priv;
	int err = 0;
	int fd = bpf_iter_create(bpf_link__fd(p->skel->links.vmacount));
	if (fd < 0) {
		count_bpf_set_cause(cause, "cannot start the task iterator", errno);
		return -1;
	}
	int rc = count_bpf_read_all(p, fd, &err);
	close(fd);
	if (rc < 0) {
		count_bpf_set_cause(cause, "cannot read the task iterator", err);
		return -1;
	}
	count_bpf_sort(p);
	return 0;
}

static const struct vmacount_record *count_bpf_find(const struct count_bpf_priv *p, pid_t pid)
{
	struct vmacount_record key = { .pid = (__u32)pid };
	if (p->nrecs == 0)
		return NULL;
	return bsearch(&key, p->recs, p->nrecs, sizeof(key), count_bpf_cmp_pid);
}

static long count_bpf_count(vt_backend *b, pid_t pid, int *err)
{
	struct count_bpf_priv *p = b->priv;
	const struct vmacount_record *r = count_bpf_find(p, pid);
	if (!r || (r->flags & VMACOUNT_KTHREAD))
		return p->text->ops->count(p->text, pid, err);
	return (long)r->map_count;
}

static void count_bpf_destroy(vt_backend *b)
{
	struct count_bpf_priv *p = b->priv;
	if (!p)
		return;
	if (p->skel)
		vt_btfcache_free(NULL, p->skel->obj);
	vmacount_bpf__destroy(p->skel);
	vt_backend_close(p->text);
	free(p->recs);
	free(p->buf);
	free(p);
}

static const struct vt_backend_ops count_bpf_ops = {
	.name = "bpf",
	.begin = count_bpf_begin,
	.count = count_bpf_count,
	.destroy = count_bpf_destroy,
};

/* Open, load and attach once: with the cached minimal BTF when warm, with
 * the kernel's full BTF otherwise.  A warm load must also attach the
 * iterator to its own target, else it is undone.  0 or -errno. */
static int count_bpf_try(vt_btfcache *c, bool warm, struct vmacount_bpf **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts);
	if (warm && !vt_btfcache_warm(c, &opts))
		return -ENOENT;
	struct vmacount_bpf *skel = vmacount_bpf__open_opts(&opts);
	if (!skel)
		return -errno;
	if (warm)
		vt_btfcache_prepare(c, skel->obj);
	int rc = vmacount_bpf__load(skel);
	if (rc == 0)
		rc = vmacount_bpf__attach(skel);
	if (rc == 0 && !vt_btfcache_verify_iter(skel->progs.vmacount, skel->links.vmacount))
		rc = -EINVAL;
	if (rc < 0) {
		vt_btfcache_free(NULL, skel->obj);
		vmacount_bpf__destroy(skel);
		return rc;
	}
	*out = skel;
	return 0;
}

/* Load and attach the program; the iterator link lives until destroy.
 * VMATOP_BPF_DEBUG in the environment keeps libbpf's own messages (the
 * verifier's log) on stderr. */
static struct vmacount_bpf *count_bpf_load(char **cause)
{
	struct vmacount_bpf *skel = NULL;
	size_t sz = 0;
	vt_bpf_quiet();
	const void *elf = vmacount_bpf__elf_bytes(&sz);
	vt_btfcache *c = vt_btfcache_get("vmacount", elf, sz);
	int rc = count_bpf_try(c, true, &skel);
	if (rc < 0) {
		vt_btfcache_reject(c);
		rc = count_bpf_try(c, false, &skel);
		if (rc == 0)
			vt_btfcache_store(c, skel->obj);
	}
	vt_btfcache_free(c, NULL);
	if (rc < 0) {
		count_bpf_set_cause(cause, "cannot load the counting program", -rc);
		return NULL;
	}
	return skel;
}

static int count_bpf_check_root(const char *proc_root, char **cause)
{
	if (proc_root && strcmp(proc_root, "/proc") != 0) {
		if (asprintf(cause, "BPF backend: counts the live system only, not %s", proc_root) < 0)
			*cause = NULL;
		return -1;
	}
	if (vt_pidns_differs("/proc")) {
		*cause = strdup("BPF backend: /proc shows another pid namespace than vmatop's "
				"(its pids would be the wrong ones): use --backend text");
		return -1;
	}
	if (access(BPF_BTF_PATH, R_OK) < 0) {
		count_bpf_set_cause(cause, "kernel BTF " BPF_BTF_PATH, errno);
		return -1;
	}
	return 0;
}

vt_backend *vt_backend_bpf_open(const char *proc_root, char **cause)
{
	struct count_bpf_priv *p = NULL;
	vt_backend *b = NULL;

	if (count_bpf_check_root(proc_root, cause) < 0)
		return NULL;
	if (!(b = calloc(1, sizeof(*b))))
		goto nomem;
	b->ops = &count_bpf_ops;
	b->proc_root = strdup("/proc");
	b->priv = p = calloc(1, sizeof(*p));
	if (!b->proc_root || !p || !(p->buf = malloc(BPF_READ_SIZE)))
		goto nomem;
	if (!(p->text = vt_backend_text_open("/proc", cause)) || !(p->skel = count_bpf_load(cause))) {
		vt_backend_close(b);
		return NULL;
	}
	return b;
nomem:
	vt_backend_close(b);
	*cause = strdup("out of memory");
	return NULL;
}

long vt_backend_bpf_recorded(vt_backend *b, pid_t pid, int *err)
{
	if (!b || b->ops != &count_bpf_ops) {
		*err = EINVAL;
		return -1;
	}
	const struct vmacount_record *r = count_bpf_find(b->priv, pid);
	if (!r || (r->flags & VMACOUNT_KTHREAD)) {
		*err = ENOENT;
		return -1;
	}
	return (long)r->map_count;
}

const struct vmacount_record *vt_backend_bpf_records(vt_backend *b, size_t *n)
{
	if (!b || b->ops != &count_bpf_ops) {
		*n = 0;
		return NULL;
	}
	struct count_bpf_priv *p = b->priv;
	*n = p->nrecs;
	return p->recs;
}
