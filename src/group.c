/* Classifying VMAs into eight types and aggregating per type and per path. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/group.h"
#include "vmatop/proc.h"

static const char *const type_names[VT_TYPE_COUNT] = {
	[VT_TYPE_KERNEL] = "kernel",
	[VT_TYPE_HEAP] = "heap",
	[VT_TYPE_STACK] = "stack",
	[VT_TYPE_SHM] = "shm",
	[VT_TYPE_EXE] = "exe",
	[VT_TYPE_LIB] = "lib",
	[VT_TYPE_FILE] = "file",
	[VT_TYPE_ANON] = "anon",
};

const char *vt_type_name(vt_vma_type t)
{
	return (unsigned)t < VT_TYPE_COUNT ? type_names[t] : "?";
}

int vt_type_parse(const char *name)
{
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		if (strcmp(name, type_names[t]) == 0)
			return t;
	return -1;
}

/* ---- classification ---- */

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && memcmp(s, prefix, pl) == 0;
}

static bool equals(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* Bracketed names: [heap], [stack], [anon:..], [anon_shmem:..], or the kernel's. */
static vt_vma_type classify_bracket(const char *s, size_t n, bool shared)
{
	if (equals(s, n, "[heap]"))
		return VT_TYPE_HEAP;
	if (equals(s, n, "[stack]") || starts(s, n, "[stack:"))
		return VT_TYPE_STACK;
	if (starts(s, n, "[anon_shmem:"))
		return VT_TYPE_SHM;
	if (starts(s, n, "[anon:"))
		return shared ? VT_TYPE_SHM : VT_TYPE_ANON;
	return VT_TYPE_KERNEL;
}

static bool is_shm_path(const char *s, size_t n, bool deleted, bool shared)
{
	if (starts(s, n, "/dev/shm/") || starts(s, n, "/SYSV") || starts(s, n, "/memfd:"))
		return true;
	/* A shared anonymous mapping is shmem the kernel names "/dev/zero (deleted)". */
	return shared && deleted && equals(s, n, "/dev/zero");
}

/* Basename "*.so" or "*.so.N...". */
static bool is_so_name(const char *s, size_t n)
{
	const char *slash = memrchr(s, '/', n);
	const char *b = slash ? slash + 1 : s, *end = s + n;
	size_t bl = (size_t)(end - b);
	if (bl > 3 && memcmp(end - 3, ".so", 3) == 0)
		return true;
	for (const char *p = b; p + 4 < end; p++)
		if (memcmp(p, ".so.", 4) == 0 && p[4] >= '0' && p[4] <= '9' && p > b)
			return true;
	return false;
}

vt_vma_type vt_classify(const char *path, size_t len, bool deleted, unsigned perms,
			bool path_exec, const char *exe)
{
	bool shared = perms & VT_PERM_SHARED;
	if (len == 0)
		return shared ? VT_TYPE_SHM : VT_TYPE_ANON;
	if (path[0] == '[')
		return classify_bracket(path, len, shared);
	if (is_shm_path(path, len, deleted, shared))
		return VT_TYPE_SHM;
	if (exe && equals(path, len, exe))
		return VT_TYPE_EXE;
	if (is_so_name(path, len) || path_exec)
		return VT_TYPE_LIB;
	return VT_TYPE_FILE;
}

/* ---- aggregation per (type, path) ---- */

struct agg {
	vt_path_group *groups;   /* one per (type, path), unsorted */
	uint8_t *types;
	size_t n;
	size_t cap;
	uint32_t *slots;         /* hash of (path, type) -> group index + 1 */
	size_t nslots;
};

static size_t agg_hash(uint32_t path, unsigned type, size_t mask)
{
	uint64_t k = ((uint64_t)path << 3 | type) * 0x9E3779B97F4A7C15ULL;
	return (size_t)(k >> 17) & mask;
}

static int agg_rehash(struct agg *a)
{
	size_t ns = a->nslots ? a->nslots * 2 : 64;
	uint32_t *s = calloc(ns, sizeof(*s));
	if (!s)
		return -1;
	for (size_t g = 0; g < a->n; g++) {
		size_t i = agg_hash(a->groups[g].path, a->types[g], ns - 1);
		while (s[i])
			i = (i + 1) & (ns - 1);
		s[i] = (uint32_t)g + 1;
	}
	free(a->slots);
	a->slots = s;
	a->nslots = ns;
	return 0;
}

static int agg_push(struct agg *a, uint32_t path, unsigned type, const vt_maps *m)
{
	if (a->n == a->cap) {
		size_t c = a->cap ? a->cap * 2 : 64;
		vt_path_group *g = realloc(a->groups, c * sizeof(*g));
		if (g)
			a->groups = g;
		uint8_t *t = realloc(a->types, c);
		if (t)
			a->types = t;
		if (!g || !t)
			return -1;
		a->cap = c;
	}
	vt_path_group *g = &a->groups[a->n];
	memset(g, 0, sizeof(*g));
	g->path = path;
	g->deleted = m->paths[path].deleted;
	g->rss_kb = VT_UNKNOWN;
	a->types[a->n] = (uint8_t)type;
	return (int)a->n++;
}

/* The group index of (path, type), created when new; -1 on ENOMEM. */
static long agg_find(struct agg *a, uint32_t path, unsigned type, const vt_maps *m)
{
	if ((a->n + 1) * 2 > a->nslots && agg_rehash(a) < 0)
		return -1;
	size_t mask = a->nslots - 1, i = agg_hash(path, type, mask);
	for (; a->slots[i]; i = (i + 1) & mask) {
		uint32_t g = a->slots[i] - 1;
		if (a->groups[g].path == path && a->types[g] == type)
			return g;
	}
	if (agg_push(a, path, type, m) < 0)
		return -1;
	a->slots[i] = (uint32_t)a->n;
	return (long)a->n - 1;
}

static void add_rss(long *sum, long kb)
{
	if (kb == VT_UNKNOWN)
		return;
	*sum = *sum == VT_UNKNOWN ? kb : *sum + kb;
}

static vt_vma_type vma_classify(const vt_maps *m, const vt_vma *v)
{
	const vt_path *p = &m->paths[v->path];
	return vt_classify(m->strings + p->off, p->len, p->deleted, v->perms, p->exec, m->exe);
}

/* Classify and aggregate; group_of[i] = the group of VMA i. */
static int group_pass(vt_grouping *g, vt_maps *m, struct agg *a, uint32_t *group_of)
{
	for (size_t i = 0; i < m->n; i++) {
		vt_vma *v = &m->vmas[i];
		v->type = (uint8_t)vma_classify(m, v);
		long k = agg_find(a, v->path, v->type, m);
		if (k < 0)
			return -1;
		unsigned long long size = v->end - v->start;
		long rss = m->rss_kb ? m->rss_kb[i] : VT_UNKNOWN;
		vt_type_group *t = &g->types[v->type];
		vt_path_group *pg = &a->groups[k];
		group_of[i] = (uint32_t)k;
		pg->vmas++;
		pg->bytes += size;
		add_rss(&pg->rss_kb, rss);
		t->vmas++;
		t->bytes += size;
		add_rss(&t->rss_kb, rss);
		if ((v->perms & (VT_PERM_R | VT_PERM_W | VT_PERM_X | VT_PERM_SHARED)) == 0)
			t->no_access++;
	}
	return 0;
}

static int path_cmp(const void *x, const void *y, void *ctx)
{
	const vt_path_group *a = x, *b = y;
	const vt_maps *m = ctx;
	if (a->vmas != b->vmas)
		return a->vmas > b->vmas ? -1 : 1;
	const vt_path *pa = &m->paths[a->path], *pb = &m->paths[b->path];
	size_t n = pa->len < pb->len ? pa->len : pb->len;
	int c = memcmp(m->strings + pa->off, m->strings + pb->off, n);
	if (c)
		return c;
	if (pa->len != pb->len)
		return pa->len < pb->len ? -1 : 1;
	return (int)pa->deleted - (int)pb->deleted;
}

/* Move the groups into their types' path lists; remember each group's
 * position in `first` temporarily (the aggregate index). */
static int split_types(vt_grouping *g, struct agg *a)
{
	for (size_t k = 0; k < a->n; k++)
		g->types[a->types[k]].npaths++;
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		vt_type_group *tg = &g->types[t];
		tg->paths = calloc(tg->npaths ? tg->npaths : 1, sizeof(vt_path_group));
		if (!tg->paths)
			return -1;
		tg->npaths = 0;
	}
	for (size_t k = 0; k < a->n; k++) {
		vt_type_group *tg = &g->types[a->types[k]];
		a->groups[k].first = k;
		tg->paths[tg->npaths++] = a->groups[k];
	}
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		qsort_r(g->types[t].paths, g->types[t].npaths, sizeof(vt_path_group), path_cmp,
			(void *)g->maps);
	return 0;
}

/* Sort the eight types by vmas desc, ties in enum order (insertion sort: stable). */
static void sort_types(vt_grouping *g)
{
	for (int i = 1; i < VT_TYPE_COUNT; i++) {
		vt_type_group t = g->types[i];
		int j = i - 1;
		for (; j >= 0 && g->types[j].vmas < t.vmas; j--)
			g->types[j + 1] = g->types[j];
		g->types[j + 1] = t;
	}
	g->ntypes = 0;
	while (g->ntypes < VT_TYPE_COUNT && g->types[g->ntypes].vmas > 0)
		g->ntypes++;
}

/* Lay the VMAs out grouped, in final type and path order (counting sort). */
static int fill_order(vt_grouping *g, struct agg *a, const uint32_t *group_of)
{
	size_t *start = malloc((a->n ? a->n : 1) * sizeof(size_t));
	g->order = malloc((g->maps->n ? g->maps->n : 1) * sizeof(uint32_t));
	if (!start || !g->order) {
		free(start);
		return -1;
	}
	size_t pos = 0;
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		vt_type_group *tg = &g->types[t];
		for (size_t p = 0; p < tg->npaths; p++) {
			start[tg->paths[p].first] = pos;
			tg->paths[p].first = pos;
			pos += (size_t)tg->paths[p].vmas;
		}
	}
	for (size_t i = 0; i < g->maps->n; i++)
		g->order[start[group_of[i]]++] = (uint32_t)i;
	free(start);
	return 0;
}

static void set_shares(vt_grouping *g)
{
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		vt_type_group *tg = &g->types[t];
		tg->share = g->vmas > 0 ? (double)tg->vmas / (double)g->vmas : 0.0;
		tg->limit_share = g->max_map_count > 0 ?
			(double)tg->vmas / (double)g->max_map_count : NAN;
	}
}

static void group_reset(vt_grouping *g, const vt_maps *m, long max_map_count)
{
	memset(g, 0, sizeof(*g));
	g->maps = m;
	g->vmas = (long)m->n;
	g->max_map_count = max_map_count;
	g->rss_known = m->rss_kb != NULL;
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		g->types[t].type = (vt_vma_type)t;
		g->types[t].rss_kb = VT_UNKNOWN;
	}
}

int vt_group_build(vt_grouping *g, vt_maps *m, long max_map_count)
{
	struct agg a = { 0 };
	uint32_t *group_of = malloc((m->n ? m->n : 1) * sizeof(uint32_t));
	int rc = -1;

	group_reset(g, m, max_map_count);
	if (m->n > UINT32_MAX || !group_of)
		goto out;
	if (m->n > 0 && group_pass(g, m, &a, group_of) < 0)
		goto out;
	if (split_types(g, &a) < 0)
		goto out;
	sort_types(g);
	if (fill_order(g, &a, group_of) < 0)
		goto out;
	set_shares(g);
	rc = 0;
out:
	free(group_of);
	free(a.groups);
	free(a.types);
	free(a.slots);
	if (rc < 0)
		vt_group_free(g);
	return rc;
}

void vt_group_free(vt_grouping *g)
{
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		free(g->types[t].paths);
	free(g->order);
	memset(g, 0, sizeof(*g));
}

const vt_type_group *vt_group_type(const vt_grouping *g, vt_vma_type t)
{
	for (int i = 0; i < VT_TYPE_COUNT; i++)
		if (g->types[i].type == t)
			return &g->types[i];
	return NULL;
}

const vt_path_group *vt_group_top(const vt_type_group *t)
{
	return t && t->npaths > 0 ? &t->paths[0] : NULL;
}

const uint32_t *vt_group_path_vmas(const vt_grouping *g, const vt_path_group *p, size_t *n)
{
	*n = (size_t)p->vmas;
	return g->order + p->first;
}

const char *vt_group_basename(const vt_grouping *g, const vt_path_group *p, size_t *len)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	const char *slash = memrchr(s, '/', n);
	const char *b = slash && slash[1] ? slash + 1 : s;
	if (len)
		*len = n - (size_t)(b - s);
	return b;
}

/* ---- per-directory roll-up ---- */

struct dir_key {
	const char *s;
	size_t dirlen;               /* up to and with the last '/', 0 when none */
	const vt_path_group *p;
};

static int dir_key_cmp(const void *a, const void *b)
{
	const struct dir_key *x = a, *y = b;
	size_t n = x->dirlen < y->dirlen ? x->dirlen : y->dirlen;
	int c = memcmp(x->s, y->s, n);
	if (c == 0)
		c = (x->dirlen > y->dirlen) - (x->dirlen < y->dirlen);
	return c ? c : (x->p > y->p) - (x->p < y->p);
}

static int rollup_cmp(const void *a, const void *b)
{
	const vt_rollup *x = a, *y = b;
	if (x->vmas != y->vmas)
		return x->vmas > y->vmas ? -1 : 1;
	return (x->path > y->path) - (x->path < y->path);
}

static void rollup_add(vt_rollup *r, const vt_path_group *p, bool rss)
{
	r->files++;
	r->vmas += p->vmas;
	r->bytes += p->bytes;
	if (rss && p->rss_kb != VT_UNKNOWN)
		r->rss_kb = (r->rss_kb == VT_UNKNOWN ? 0 : r->rss_kb) + p->rss_kb;
}

int vt_group_rollup(const vt_grouping *g, const vt_type_group *t, size_t min_files,
		    vt_rollup **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (t->npaths == 0)
		return 0;
	struct dir_key *k = calloc(t->npaths, sizeof(*k));
	vt_rollup *r = calloc(t->npaths, sizeof(*r));
	if (!k || !r) {
		free(k);
		free(r);
		return -1;
	}
	for (size_t i = 0; i < t->npaths; i++) {
		size_t len;
		k[i].p = &t->paths[i];
		k[i].s = vt_maps_path(g->maps, t->paths[i].path, &len);
		const char *slash = len ? memrchr(k[i].s, '/', len) : NULL;
		k[i].dirlen = slash ? (size_t)(slash - k[i].s) + 1 : 0;
	}
	qsort(k, t->npaths, sizeof(*k), dir_key_cmp);
	size_t m = 0;
	for (size_t i = 0; i < t->npaths;) {
		size_t j = i + 1;
		while (j < t->npaths && k[j].dirlen == k[i].dirlen && k[i].dirlen > 0 &&
		       memcmp(k[j].s, k[i].s, k[i].dirlen) == 0)
			j++;
		bool roll = k[i].dirlen > 0 && j - i >= min_files && min_files > 1;
		for (size_t e = i; e < j; e++) {
			if (!roll || e == i) {
				r[m] = (vt_rollup){ .path = k[e].p->path, .dirlen = roll ? k[i].dirlen : 0,
						    .rss_kb = VT_UNKNOWN, .deleted = !roll && k[e].p->deleted };
				m++;
			}
			rollup_add(&r[m - 1], k[e].p, g->rss_known);
		}
		i = j;
	}
	free(k);
	qsort(r, m, sizeof(*r), rollup_cmp);
	*out = r;
	*n = m;
	return 0;
}
