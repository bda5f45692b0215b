/* Why so many VMAs: each VMA attributed to one cause (rules in causes.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmatop/causes.h"
#include "vmatop/proc.h"

#define UNSET 0xFFu
#define PROT_MASK (VT_PERM_R | VT_PERM_W | VT_PERM_X)
#define RW (VT_PERM_R | VT_PERM_W)
#define GUARD_MAX (1UL << 20)        /* a guard page region: at most 1 MiB */
#define STACK_MIN (16UL << 10)       /* glibc's PTHREAD_STACK_MIN */
#define RUN_MIN 3                    /* VMAs of a protection-split run */
#define DIR_SHOWN 96                 /* bytes of a directory in a text */
#define STATUS_MAX 16384

static const char *const cause_names[VT_CAUSE_COUNT] = {
	[VT_CAUSE_THREAD_STACKS] = "thread_stacks",
	[VT_CAUSE_MAPPED_FILES] = "mapped_files",
	[VT_CAUSE_SHARED_LIBRARIES] = "shared_libraries",
	[VT_CAUSE_PROTECTION_SPLITS] = "protection_splits",
	[VT_CAUSE_MALLOC_ARENAS] = "malloc_arenas",
	[VT_CAUSE_OTHER] = "other",
};

const char *vt_cause_name(vt_cause c)
{
	return (unsigned)c < VT_CAUSE_COUNT ? cause_names[c] : "?";
}

/* ---- the shapes ---- */

static unsigned prot(const vt_vma *v)
{
	return v->perms & PROT_MASK;
}

static unsigned long size_of(const vt_vma *v)
{
	return v->end - v->start;
}

/* An anonymous private VMA no rule has taken yet. */
static bool free_anon(const vt_maps *m, size_t i)
{
	const vt_vma *v = &m->vmas[i];
	return i < m->n && v->cause == UNSET && v->type == VT_TYPE_ANON && !(v->perms & VT_PERM_SHARED);
}

/* VMA i ends where VMA i + 1 starts. */
static bool adjacent(const vt_maps *m, size_t i)
{
	return i + 1 < m->n && m->vmas[i].end == m->vmas[i + 1].start;
}

static void claim(vt_maps *m, size_t i, size_t n, vt_cause k)
{
	for (size_t j = i; j < i + n; j++)
		m->vmas[j].cause = (uint8_t)k;
}

/* ---- malloc_arenas ---- */

/* The VMAs of a glibc arena heap starting at VMA i (0: none starts there):
 * an rw- head at a 64 MiB boundary, then adjacent rw-/--- VMAs (at least
 * one) ending exactly at the next boundary. */
static size_t arena_at(const vt_maps *m, size_t i)
{
	const vt_vma *v = &m->vmas[i];
	if (!free_anon(m, i) || prot(v) != RW || v->start % VT_ARENA_HEAP_SIZE ||
	    v->start > ULONG_MAX - VT_ARENA_HEAP_SIZE)
		return 0;
	unsigned long top = v->start + VT_ARENA_HEAP_SIZE;
	size_t j = i;
	while (m->vmas[j].end < top) {
		if (!adjacent(m, j) || !free_anon(m, j + 1))
			return 0;
		unsigned p = prot(&m->vmas[j + 1]);
		if (p != 0 && p != RW)
			return 0;
		j++;
	}
	if (m->vmas[j].end != top || j == i)
		return 0;                  /* a lone 64 MiB rw- VMA may be anything */
	return j - i + 1;
}

static void find_arenas(vt_causes *c, vt_maps *m)
{
	for (size_t i = 0; i < m->n; i++) {
		size_t n = arena_at(m, i);
		if (n) {
			claim(m, i, n, VT_CAUSE_MALLOC_ARENAS);
			c->arenas++;
			i += n - 1;
		}
	}
}

/* ---- thread_stacks ---- */

/* VMA i is a guard (no access, at most 1 MiB) and i + 1 the stack above it
 * (rw-, at least 16 KiB). */
static bool stack_pair(const vt_maps *m, size_t i)
{
	if (!free_anon(m, i) || prot(&m->vmas[i]) != 0 || size_of(&m->vmas[i]) > GUARD_MAX ||
	    !adjacent(m, i) || !free_anon(m, i + 1))
		return false;
	return prot(&m->vmas[i + 1]) == RW && size_of(&m->vmas[i + 1]) >= STACK_MIN;
}

/* A candidate pair: its sizes (the shape threads of one runtime share) and
 * the index of its guard. */
typedef struct cand {
	unsigned long guard, stack;
	size_t at;
	long freq;               /* of its shape, once counted */
} cand;

static int shape_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->stack != b->stack)
		return a->stack < b->stack ? -1 : 1;
	return (a->guard > b->guard) - (a->guard < b->guard);
}

/* Most common shapes first, then the biggest stacks. */
static int pick_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->freq != b->freq)
		return a->freq > b->freq ? -1 : 1;
	return -shape_cmp(a, b);
}

/* More pairs than threads: keep whole shapes, most common first, until the
 * threads are covered (stacks of exited threads have the same shape as live
 * ones); the other pairs are left to the later rules.  Returns the pairs
 * kept (cands reordered, the kept ones first). */
static size_t pick_stacks(cand *cs, size_t n, long want)
{
	qsort(cs, n, sizeof(*cs), shape_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && shape_cmp(&cs[i], &cs[j]) == 0)
			j++;
		for (size_t k = i; k < j; k++)
			cs[k].freq = (long)(j - i);
		i = j;
	}
	qsort(cs, n, sizeof(*cs), pick_cmp);
	size_t kept = 0;
	while (kept < n && (long)kept < want) {
		size_t j = kept;
		while (j < n && shape_cmp(&cs[kept], &cs[j]) == 0)
			j++;
		kept = j;
	}
	return kept;
}

static int find_stacks(vt_causes *c, vt_maps *m)
{
	size_t n = 0, cap = 0;
	cand *cs = NULL;
	for (size_t i = 0; i < m->n; i++) {
		vt_vma *v = &m->vmas[i];
		if (v->cause == UNSET && v->type == VT_TYPE_STACK) {
			v->cause = VT_CAUSE_THREAD_STACKS;
			c->main_stack = true;
		} else if (stack_pair(m, i)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				cand *g = realloc(cs, cap * sizeof(*cs));
				if (!g) {
					free(cs);
					return -1;
				}
				cs = g;
			}
			cs[n++] = (cand){ size_of(v), size_of(&m->vmas[i + 1]), i, 0 };
			i++;
		}
	}
	long want = c->threads - (c->main_stack ? 1 : 0);
	size_t kept = c->threads >= 0 && (long)n > want ? pick_stacks(cs, n, want) : n;
	for (size_t k = 0; k < kept; k++)
		claim(m, cs[k].at, 2, VT_CAUSE_THREAD_STACKS);
	c->stacks = (long)kept;
	c->stacks_left = (long)(n - kept);
	free(cs);
	return 0;
}

/* ---- mapped_files and shared_libraries ---- */

/* File-backed data: the file type, or shared memory with a file name. */
static bool data_file(const vt_maps *m, const vt_vma *v)
{
	size_t n;
	if (v->type == VT_TYPE_FILE)
		return true;
	if (v->type != VT_TYPE_SHM || v->path == 0)
		return false;
	const char *s = vt_maps_path(m, v->path, &n);
	return n > 0 && s[0] == '/' && !(n == 9 && memcmp(s, "/dev/zero", 9) == 0);
}

/* The anonymous rw- .bss right after a library's writable mapping. */
static bool lib_bss(const vt_maps *m, size_t i)
{
	if (i == 0 || !free_anon(m, i) || prot(&m->vmas[i]) != RW || !adjacent(m, i - 1))
		return false;
	const vt_vma *prev = &m->vmas[i - 1];
	return prev->type == VT_TYPE_LIB && (prev->perms & VT_PERM_W);
}

static void find_files_libs(vt_causes *c, vt_maps *m, uint32_t *per_path)
{
	for (size_t i = 0; i < m->n; i++) {
		vt_vma *v = &m->vmas[i];
		if (v->cause != UNSET)
			continue;
		if (data_file(m, v)) {
			v->cause = VT_CAUSE_MAPPED_FILES;
			if (per_path[v->path]++ == 0)
				c->files++;
		} else if (v->type == VT_TYPE_LIB || v->type == VT_TYPE_EXE || lib_bss(m, i)) {
			v->cause = VT_CAUSE_SHARED_LIBRARIES;
			if (v->type == VT_TYPE_EXE)
				c->exe_vmas++;
			if (v->type == VT_TYPE_LIB && per_path[v->path] == 0) {
				per_path[v->path] = UINT32_MAX;       /* counted once; not a data file */
				c->libraries++;
			}
		}
	}
}

/* ---- protection_splits ---- */

/* Keep item among the cap biggest of arr (*n kept, by their long at
 * vmas_off, descending; the earlier first on ties). */
static void keep_top(void *arr, size_t *n, size_t cap, size_t elem, size_t vmas_off,
		     const void *item)
{
	char *a = arr;
	long v, w;
	size_t at = *n;
	memcpy(&v, (const char *)item + vmas_off, sizeof(v));
	for (; at > 0; at--) {
		memcpy(&w, a + (at - 1) * elem + vmas_off, sizeof(w));
		if (w >= v)
			break;
	}
	if (at >= cap)
		return;
	size_t last = *n < cap ? *n : cap - 1;
	memmove(a + (at + 1) * elem, a + at * elem, (last - at) * elem);
	memcpy(a + at * elem, item, elem);
	if (*n < cap)
		(*n)++;
}

static void find_splits(vt_causes *c, vt_maps *m)
{
	size_t i = 0;
	while (i < m->n) {
		if (!free_anon(m, i)) {
			i++;
			continue;
		}
		size_t j = i;
		bool mixed = false;
		while (adjacent(m, j) && free_anon(m, j + 1)) {
			mixed |= prot(&m->vmas[j + 1]) != prot(&m->vmas[i]);
			j++;
		}
		size_t n = j - i + 1;
		if (n >= RUN_MIN && mixed) {
			vt_cause_run r = { m->vmas[i].start, m->vmas[j].end, (long)n };
			claim(m, i, n, VT_CAUSE_PROTECTION_SPLITS);
			keep_top(c->runs, &c->nruns, VT_CAUSE_RUNS, sizeof(r),
				 offsetof(vt_cause_run, vmas), &r);
			c->all_runs++;
		}
		i = j + 1;
	}
}

/* ---- directories of the mapped files ---- */

/* Bytes of a path's directory: up to its last '/' ("/" itself for a file
 * in the root; 0 when there is no '/'). */
static size_t dir_len(const char *s, size_t n)
{
	const char *slash = memrchr(s, '/', n);
	if (!slash)
		return 0;
	return slash == s ? 1 : (size_t)(slash - s);
}

static int dir_cmp(const void *x, const void *y, void *ctx)
{
	const vt_maps *m = ctx;
	size_t an, bn;
	const char *a = vt_maps_path(m, *(const uint32_t *)x, &an);
	const char *b = vt_maps_path(m, *(const uint32_t *)y, &bn);
	an = dir_len(a, an);
	bn = dir_len(b, bn);
	int r = memcmp(a, b, an < bn ? an : bn);
	if (r)
		return r;
	return (an > bn) - (an < bn);
}

/* Group the mapped files by directory: the count and the largest three. */
static int find_dirs(vt_causes *c, const vt_maps *m, const uint32_t *per_path)
{
	uint32_t *ids = malloc((c->files ? (size_t)c->files : 1) * sizeof(*ids));
	size_t n = 0;
	if (!ids)
		return -1;
	for (uint32_t id = 0; id < m->npaths; id++)
		if (per_path[id] > 0 && per_path[id] != UINT32_MAX)
			ids[n++] = id;
	qsort_r(ids, n, sizeof(*ids), dir_cmp, (void *)m);
	for (size_t i = 0; i < n;) {
		size_t len;
		const char *s = vt_maps_path(m, ids[i], &len);
		vt_cause_dir d = { ids[i], (uint32_t)dir_len(s, len), 0, 0 };
		size_t j = i;
		for (; j < n && dir_cmp(&ids[i], &ids[j], (void *)m) == 0; j++) {
			d.files++;
			d.vmas += per_path[ids[j]];
		}
		keep_top(c->top_dirs, &c->ndirs, VT_CAUSE_DIRS, sizeof(d),
			 offsetof(vt_cause_dir, vmas), &d);
		c->dirs++;
		i = j;
	}
	free(ids);
	return 0;
}

/* ---- the texts ---- */

static void app(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void app(char *buf, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;
	if (used + 1 >= VT_CAUSE_TEXT)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, VT_CAUSE_TEXT - used, fmt, ap);
	va_end(ap);
}

/* A directory's bytes for a text (raw; cut at DIR_SHOWN with "..."). */
static void dir_text(const vt_causes *c, const vt_cause_dir *d, char *buf, size_t sz)
{
	const char *s = vt_maps_path(c->maps, d->path, NULL);
	if (d->len == 0)
		snprintf(buf, sz, ".");
	else if (d->len > DIR_SHOWN)
		snprintf(buf, sz, "%.*s...", DIR_SHOWN, s);
	else
		snprintf(buf, sz, "%.*s", (int)d->len, s);
}

static void text_stacks(const vt_causes *c, vt_cause_entry *e)
{
	if (c->stacks > 0)
		app(e->detail, "%ld stack%s with guard pages%s", c->stacks, c->stacks == 1 ? "" : "s",
		    c->main_stack ? " + the main thread's [stack]" : "");
	else
		app(e->detail, c->main_stack ? "the main thread's [stack]" : "no stack");
	if (c->threads < 0) {
		app(e->detail, "; threads unknown");
	} else {
		long want = c->threads - (c->main_stack ? 1 : 0);
		app(e->detail, "; Threads %ld", c->threads);
		if (c->stacks == want)
			app(e->detail, ": one pair per thread");
		else if (c->stacks > want)
			app(e->detail, ": %ld more stacks than threads (stacks of exited threads kept "
				"in glibc's cache)", c->stacks - want);
		else
			app(e->detail, ": %ld threads without a guarded stack (no guard page, or "
				"merged with a neighbour)", want - c->stacks);
	}
	if (c->stacks_left > 0)
		app(e->detail, "; %ld guard+rw pairs of other shapes left to the next rules",
		    c->stacks_left);
	if (c->stacks > 0)
		app(e->advice, "%ld threads cost 2 VMAs each (%ld): fewer threads (a smaller pool) "
			"save 2 VMAs apiece", c->stacks, 2 * c->stacks);
	else
		app(e->advice, "one stack: nothing to save");
}

static void text_files(const vt_causes *c, vt_cause_entry *e)
{
	char dir[DIR_SHOWN + 8];
	app(e->detail, "%ld file%s in %ld director%s", c->files, c->files == 1 ? "" : "s",
	    c->dirs, c->dirs == 1 ? "y" : "ies");
	for (size_t i = 0; i < c->ndirs; i++) {
		dir_text(c, &c->top_dirs[i], dir, sizeof(dir));
		app(e->detail, "%s%s (%ld file%s, %ld VMA%s)", i ? ", " : "; largest: ", dir,
		    c->top_dirs[i].files, c->top_dirs[i].files == 1 ? "" : "s", c->top_dirs[i].vmas,
		    c->top_dirs[i].vmas == 1 ? "" : "s");
	}
	if (c->ndirs == 0)
		return;
	dir_text(c, &c->top_dirs[0], dir, sizeof(dir));
	app(e->advice, "%ld files mapped from %s: merge segments or raise the limit to what the "
		"engine documents (Elasticsearch: 262144)", c->top_dirs[0].files, dir);
}

static void text_libs(const vt_causes *c, vt_cause_entry *e)
{
	long lib_vmas = e->vmas - c->exe_vmas;
	double each = c->libraries > 0 ? (double)lib_vmas / (double)c->libraries : 0.0;
	app(e->detail, "%ld librar%s, %.1f VMAs each", c->libraries, c->libraries == 1 ? "y" : "ies",
	    each);
	if (c->exe_vmas > 0)
		app(e->detail, "; the executable %ld", c->exe_vmas);
	app(e->advice, "a fixed cost of %ld libraries that does not grow: only fewer libraries "
		"(static linking) lowers it", c->libraries);
}

static void text_splits(const vt_causes *c, vt_cause_entry *e)
{
	app(e->detail, "%ld run%s; biggest:", c->all_runs, c->all_runs == 1 ? "" : "s");
	for (size_t i = 0; i < c->nruns; i++)
		app(e->detail, "%s %lx-%lx %ld VMAs", i ? "," : "", c->runs[i].start, c->runs[i].end,
		    c->runs[i].vmas);
	if (c->nruns > 0)
		app(e->advice, "one reservation at %lx-%lx cut into %ld VMAs by mprotect: coarser "
			"protection changes (JIT code cache, guard-page allocator) or a higher limit",
		    c->runs[0].start, c->runs[0].end, c->runs[0].vmas);
}

static void text_arenas(const vt_causes *c, vt_cause_entry *e)
{
	app(e->detail, "%ld glibc arena heap%s (64 MiB-aligned reservations: rw head + no-access "
		"tail)", c->arenas, c->arenas == 1 ? "" : "s");
	app(e->advice, "%ld arenas cost %ld VMAs: MALLOC_ARENA_MAX caps this (MALLOC_ARENA_MAX=2 "
		"keeps at most 1 besides the main heap)", c->arenas, e->vmas);
}

static void text_other(const vt_causes *c, vt_cause_entry *e)
{
	bool first = true;
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		if (c->other_by_type[t] == 0)
			continue;
		app(e->detail, "%s%s %ld", first ? "" : ", ", vt_type_name((vt_vma_type)t),
		    c->other_by_type[t]);
		first = false;
	}
	app(e->advice, "no known pattern: the groups below show where they are");
}

static void fill_texts(const vt_causes *c, vt_cause_entry *e)
{
	e->detail[0] = e->advice[0] = '\0';
	if (e->vmas == 0)
		return;
	switch (e->cause) {
	case VT_CAUSE_THREAD_STACKS:     text_stacks(c, e); break;
	case VT_CAUSE_MAPPED_FILES:      text_files(c, e); break;
	case VT_CAUSE_SHARED_LIBRARIES:  text_libs(c, e); break;
	case VT_CAUSE_PROTECTION_SPLITS: text_splits(c, e); break;
	case VT_CAUSE_MALLOC_ARENAS:     text_arenas(c, e); break;
	default:                         text_other(c, e); break;
	}
}

/* ---- building ---- */

/* Count per cause, the rest to other; then the texts, sorted by VMAs. */
static void finish(vt_causes *c, vt_maps *m)
{
	long counts[VT_CAUSE_COUNT] = { 0 };
	for (size_t i = 0; i < m->n; i++) {
		vt_vma *v = &m->vmas[i];
		if (v->cause == UNSET) {
			v->cause = VT_CAUSE_OTHER;
			if (v->type < VT_TYPE_COUNT)
				c->other_by_type[v->type]++;
		}
		counts[v->cause]++;
	}
	for (int k = 0; k < VT_CAUSE_COUNT; k++) {
		vt_cause_entry *e = &c->list[k];
		e->cause = (vt_cause)k;
		e->vmas = counts[k];
		fill_texts(c, e);
	}
	for (int i = 1; i < VT_CAUSE_COUNT; i++) {
		vt_cause_entry e = c->list[i];
		int j = i - 1;
		for (; j >= 0 && c->list[j].vmas < e.vmas; j--)
			c->list[j + 1] = c->list[j];
		c->list[j + 1] = e;
	}
}

int vt_causes_build(vt_causes *c, vt_maps *m, long threads)
{
	memset(c, 0, sizeof(*c));
	c->maps = m;
	c->vmas = (long)m->n;
	c->threads = threads < 0 ? VT_UNKNOWN : threads;
	uint32_t *per_path = calloc(m->npaths ? m->npaths : 1, sizeof(*per_path));
	if (!per_path)
		goto fail;
	for (size_t i = 0; i < m->n; i++)
		m->vmas[i].cause = UNSET;
	find_arenas(c, m);
	if (find_stacks(c, m) < 0)
		goto fail;
	find_files_libs(c, m, per_path);
	find_splits(c, m);
	if (find_dirs(c, m, per_path) < 0)
		goto fail;
	free(per_path);
	finish(c, m);
	return 0;
fail:
	free(per_path);
	memset(c, 0, sizeof(*c));
	c->threads = VT_UNKNOWN;
	for (size_t i = 0; i < m->n; i++)
		m->vmas[i].cause = VT_CAUSE_OTHER;
	return -1;
}

const vt_cause_entry *vt_causes_get(const vt_causes *c, vt_cause k)
{
	for (int i = 0; i < VT_CAUSE_COUNT; i++)
		if (c->list[i].cause == k)
			return &c->list[i];
	return NULL;
}

bool vt_cause_shown(const vt_cause_entry *e)
{
	return e->vmas > 0 || e->cause == VT_CAUSE_OTHER;
}

/* ---- Threads of PID/status ---- */

long vt_read_threads(const char *proc_root, pid_t pid, int *err)
{
	char path[PATH_MAX], buf[STATUS_MAX];
	snprintf(path, sizeof(path), "%s/%d/status", proc_root ? proc_root : "/proc", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno == ESRCH ? ENOENT : errno;
		return -1;
	}
	size_t have = 0;
	ssize_t n;
	while (have < sizeof(buf) - 1 && (n = read(fd, buf + have, sizeof(buf) - 1 - have)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = errno == ESRCH ? ENOENT : errno;
			close(fd);
			return -1;
		}
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	const char *t = strstr(buf, "\nThreads:");
	char *end;
	long v = t ? strtol(t + 9, &end, 10) : -1;
	if (!t || end == t + 9 || v < 0) {
		*err = EINVAL;
		return -1;
	}
	return v;
}
