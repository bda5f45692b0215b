/* The detail pane's rows: a flattened tree over one grouping (no curses).
 * Expansion and the selection are kept by identity, so they survive a
 * refresh that re-reads the map (path ids and VMA indexes change then). */
#include <stdlib.h>
#include <string.h>

#include "detail.h"
#include "vmatop/grow.h"

void vt_dtree_init(vt_dtree *t)
{
	memset(t, 0, sizeof(*t));
}

void vt_dtree_free(vt_dtree *t)
{
	for (size_t i = 0; i < t->nopen; i++)
		free(t->open[i].path);
	free(t->open);
	free(t->rows);
	free(t->dirs);
	free(t->id.path);
	vt_dtree_init(t);
}

const vt_type_group *vt_dtree_type(const vt_grouping *g, const vt_drow *r)
{
	return &g->types[r->ti];
}

const vt_path_group *vt_dtree_path(const vt_grouping *g, const vt_drow *r)
{
	if (r->kind == VT_DROW_TYPE || r->kind == VT_DROW_DIR)
		return NULL;
	return &g->types[r->ti].paths[r->pi];
}

const vt_rollup *vt_dtree_dir(const vt_dtree *t, const vt_drow *r)
{
	return r->kind == VT_DROW_DIR ? &t->dirs[r->vi] : NULL;
}

/* A directory's text (with its '/'). */
static const char *dir_text(const vt_grouping *g, const vt_rollup *d, size_t *n)
{
	*n = d->dirlen;
	return vt_maps_path(g->maps, d->path, NULL);
}

/* ---- expanded paths ---- */

static bool same_path(const char *a, size_t alen, bool adel, const char *b, size_t blen,
		      bool bdel)
{
	return alen == blen && adel == bdel && memcmp(a, b, alen) == 0;
}

static long open_find_text(const vt_dtree *t, int type, const char *s, size_t n, bool deleted,
			   bool dir)
{
	for (size_t i = 0; i < t->nopen; i++) {
		const vt_dopen *o = &t->open[i];
		if (o->type == type && o->dir == dir &&
		    same_path(o->path, o->len, o->deleted, s, n, deleted))
			return (long)i;
	}
	return -1;
}

static long open_find(const vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
		      const vt_path_group *p)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	return open_find_text(t, ty->type, s, n, p->deleted, false);
}

static long open_find_dir(const vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
			  const vt_rollup *d)
{
	size_t n;
	const char *s = dir_text(g, d, &n);
	return open_find_text(t, ty->type, s, n, false, true);
}

static int open_add_text(vt_dtree *t, int type, const char *s, size_t n, bool deleted, bool dir)
{
	if (vt_grow(&t->open, &t->open_cap, t->nopen + 1, sizeof(*t->open), 8) < 0)
		return -1;
	char *copy = malloc(n + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	t->open[t->nopen++] = (vt_dopen){ .type = (uint8_t)type, .deleted = deleted, .dir = dir,
					  .path = copy, .len = n };
	return 0;
}

static int open_add(vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
		    const vt_path_group *p)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	return open_add_text(t, ty->type, s, n, p->deleted, false);
}

static void open_remove(vt_dtree *t, long i)
{
	free(t->open[i].path);
	t->open[i] = t->open[--t->nopen];
}

bool vt_dtree_is_open(const vt_dtree *t, const vt_grouping *g, long row)
{
	if (row < 0 || (size_t)row >= t->nrows)
		return false;
	const vt_drow *r = &t->rows[row];
	const vt_type_group *ty = vt_dtree_type(g, r);
	if (r->kind == VT_DROW_TYPE)
		return t->type_open[ty->type];
	if (r->kind == VT_DROW_PATH)
		return open_find(t, g, ty, vt_dtree_path(g, r)) >= 0;
	if (r->kind == VT_DROW_DIR)
		return open_find_dir(t, g, ty, vt_dtree_dir(t, r)) >= 0;
	return false;
}

/* ---- rows ---- */

static int push_row(vt_dtree *t, vt_drow r)
{
	if (vt_grow(&t->rows, &t->rows_cap, t->nrows + 1, sizeof(*t->rows), 64) < 0)
		return -1;
	t->rows[t->nrows++] = r;
	return 0;
}

static int push_path(vt_dtree *t, const vt_grouping *g, uint8_t ti, uint32_t pi, uint8_t depth)
{
	const vt_type_group *ty = &g->types[ti];
	const vt_path_group *p = &ty->paths[pi];
	size_t n;
	if (push_row(t, (vt_drow){ .kind = VT_DROW_PATH, .ti = ti, .depth = depth, .pi = pi }) < 0)
		return -1;
	if (open_find(t, g, ty, p) < 0)
		return 0;
	const uint32_t *vi = vt_group_path_vmas(g, p, &n);
	for (size_t k = 0; k < n; k++)
		if (push_row(t, (vt_drow){ .kind = VT_DROW_VMA, .ti = ti, .depth = depth + 1, .pi = pi,
					   .vi = vi[k] }) < 0)
			return -1;
	return 0;
}

/* ---- directories (files of one directory folded into one row) ---- */

static bool type_has_files(int type)
{
	return type == VT_TYPE_SHM || type == VT_TYPE_EXE || type == VT_TYPE_LIB ||
	       type == VT_TYPE_FILE;
}

static int push_dir(vt_dtree *t, const vt_rollup *d)
{
	if (vt_grow(&t->dirs, &t->dirs_cap, t->ndirs + 1, sizeof(*t->dirs), 8) < 0)
		return -1;
	t->dirs[t->ndirs++] = *d;
	return 0;
}

/* The directories [first, ndirs) ordered by their text, to find a path's by bisection. */
struct dir_order {
	const vt_dtree *t;
	const vt_grouping *g;
};

static int text_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

static int dir_order_cmp(const void *x, const void *y, void *ctx)
{
	const struct dir_order *o = ctx;
	size_t an, bn;
	const char *a = dir_text(o->g, &o->t->dirs[*(const size_t *)x], &an);
	const char *b = dir_text(o->g, &o->t->dirs[*(const size_t *)y], &bn);
	return text_cmp(a, an, b, bn);
}

/* The index in t->dirs of path pi's directory (ord: nd indexes sorted by
 * dir_order_cmp), -1 when it is not rolled up. */
static long path_dir(const vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
		     size_t pi, const size_t *ord, size_t nd)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, ty->paths[pi].path, &n);
	const char *slash = n ? memrchr(s, '/', n) : NULL;
	if (!slash)
		return -1;
	size_t len = (size_t)(slash - s) + 1, lo = 0, hi = nd;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, dn;
		const char *ds = dir_text(g, &t->dirs[ord[mid]], &dn);
		int c = text_cmp(ds, dn, s, len);
		if (c == 0)
			return (long)ord[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* A directory's row and, when it is open, its paths. */
static int push_dir_rows(vt_dtree *t, const vt_grouping *g, uint8_t ti, size_t d,
			 const long *dir_of)
{
	const vt_type_group *ty = &g->types[ti];
	if (push_row(t, (vt_drow){ .kind = VT_DROW_DIR, .ti = ti, .depth = 1, .vi = (uint32_t)d }) < 0)
		return -1;
	if (open_find_dir(t, g, ty, &t->dirs[d]) < 0)
		return 0;
	for (size_t pi = 0; pi < ty->npaths; pi++)
		if (dir_of[pi] == (long)d && push_path(t, g, ti, (uint32_t)pi, 2) < 0)
			return -1;
	return 0;
}

/* An open type's rows: its paths and directories by VMAs, most first. */
static int fill_type(vt_dtree *t, const vt_grouping *g, uint8_t ti)
{
	const vt_type_group *ty = &g->types[ti];
	vt_rollup *r = NULL;
	size_t nr = 0, first = t->ndirs;
	if (type_has_files(ty->type) && vt_group_rollup(g, ty, VT_DTREE_ROLLUP, &r, &nr) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++) {
		if (r[i].dirlen > 0 && push_dir(t, &r[i]) < 0) {
			free(r);
			return -1;
		}
	}
	free(r);
	size_t nd = t->ndirs - first;
	long *dir_of = nd ? malloc(ty->npaths * sizeof(*dir_of)) : NULL;
	size_t *ord = nd ? malloc(nd * sizeof(*ord)) : NULL;
	if (nd && (!dir_of || !ord)) {
		free(dir_of);
		free(ord);
		return -1;
	}
	for (size_t i = 0; i < nd; i++)
		ord[i] = first + i;
	if (nd)
		qsort_r(ord, nd, sizeof(*ord), dir_order_cmp, &(struct dir_order){ t, g });
	for (size_t pi = 0; dir_of && pi < ty->npaths; pi++)
		dir_of[pi] = path_dir(t, g, ty, pi, ord, nd);
	free(ord);
	int rc = 0;
	size_t d = first;
	for (size_t pi = 0; rc == 0 && pi <= ty->npaths; pi++) {
		if (pi < ty->npaths && dir_of && dir_of[pi] >= 0)
			continue;
		long v = pi < ty->npaths ? ty->paths[pi].vmas : -1;
		while (rc == 0 && d < t->ndirs && t->dirs[d].vmas >= v)
			rc = push_dir_rows(t, g, ti, d++, dir_of);
		if (rc == 0 && pi < ty->npaths)
			rc = push_path(t, g, ti, (uint32_t)pi, 1);
	}
	free(dir_of);
	return rc;
}

static int fill_rows(vt_dtree *t, const vt_grouping *g)
{
	t->nrows = 0;
	t->ndirs = 0;
	for (int ti = 0; ti < g->ntypes; ti++) {
		const vt_type_group *ty = &g->types[ti];
		if (push_row(t, (vt_drow){ .kind = VT_DROW_TYPE, .ti = (uint8_t)ti }) < 0)
			return -1;
		if (t->type_open[ty->type] && fill_type(t, g, (uint8_t)ti) < 0)
			return -1;
	}
	return 0;
}

/* ---- the selection's identity ---- */

static bool row_is(const vt_dtree *t, const vt_grouping *g, long row, const vt_dsel *id,
		   uint8_t kind)
{
	const vt_drow *r = &t->rows[row];
	if (r->kind != kind || vt_dtree_type(g, r)->type != id->type)
		return false;
	if (kind == VT_DROW_VMA && g->maps->vmas[r->vi].start != id->start)
		return false;
	if (kind == VT_DROW_TYPE)
		return true;
	size_t n;
	if (kind == VT_DROW_DIR) {
		const char *ds = dir_text(g, vt_dtree_dir(t, r), &n);
		return same_path(ds, n, false, id->path, id->len, id->deleted);
	}
	const vt_path_group *p = vt_dtree_path(g, r);
	const char *s = vt_maps_path(g->maps, p->path, &n);
	return same_path(s, n, p->deleted, id->path, id->len, id->deleted);
}

static long find_ident(const vt_dtree *t, const vt_grouping *g, const vt_dsel *id, uint8_t kind)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (row_is(t, g, (long)i, id, kind))
			return (long)i;
	return -1;
}

/* The selected thing, else its path, else its type (a directory: else its
 * type); -1 when none is left. */
static long find_selection(const vt_dtree *t, const vt_grouping *g)
{
	if (!t->id.path && t->id.kind != VT_DROW_TYPE)
		return -1;
	if (t->id.kind == VT_DROW_DIR) {
		long row = find_ident(t, g, &t->id, VT_DROW_DIR);
		return row >= 0 ? row : find_ident(t, g, &t->id, VT_DROW_TYPE);
	}
	for (int kind = t->id.kind; kind >= VT_DROW_TYPE; kind--) {
		long row = find_ident(t, g, &t->id, (uint8_t)kind);
		if (row >= 0)
			return row;
	}
	return -1;
}

int vt_dtree_select(vt_dtree *t, const vt_grouping *g, long row)
{
	if (row >= (long)t->nrows)
		row = (long)t->nrows - 1;
	if (row < 0)
		row = 0;
	t->sel = row;
	free(t->id.path);
	memset(&t->id, 0, sizeof(t->id));
	if (t->nrows == 0)
		return 0;
	const vt_drow *r = &t->rows[row];
	const vt_path_group *p = vt_dtree_path(g, r);
	const vt_rollup *dir = vt_dtree_dir(t, r);
	t->id.kind = r->kind;
	t->id.type = (uint8_t)vt_dtree_type(g, r)->type;
	if (r->kind == VT_DROW_VMA)
		t->id.start = g->maps->vmas[r->vi].start;
	if (!p && !dir)
		return 0;
	size_t n;
	const char *s = dir ? dir_text(g, dir, &n) : vt_maps_path(g->maps, p->path, &n);
	t->id.path = malloc(n + 1);
	if (!t->id.path)
		return -1;
	memcpy(t->id.path, s, n);
	t->id.path[n] = '\0';
	t->id.len = n;
	t->id.deleted = p && p->deleted;
	return 0;
}

int vt_dtree_build(vt_dtree *t, const vt_grouping *g)
{
	bool had = t->nrows > 0;
	if (fill_rows(t, g) < 0) {
		t->nrows = 0;
		t->sel = 0;
		return -1;
	}
	long row = had ? find_selection(t, g) : -1;
	return vt_dtree_select(t, g, row >= 0 ? row : t->sel);
}

/* ---- expand and collapse ---- */

static const vt_drow *selected(const vt_dtree *t)
{
	if (t->sel < 0 || (size_t)t->sel >= t->nrows)
		return NULL;
	return &t->rows[t->sel];
}

bool vt_dtree_expand(vt_dtree *t, const vt_grouping *g)
{
	const vt_drow *r = selected(t);
	if (!r || r->kind == VT_DROW_VMA || vt_dtree_is_open(t, g, t->sel))
		return false;
	const vt_type_group *ty = vt_dtree_type(g, r);
	if (r->kind == VT_DROW_TYPE) {
		t->type_open[ty->type] = true;
	} else if (r->kind == VT_DROW_DIR) {
		size_t n;
		const char *s = dir_text(g, vt_dtree_dir(t, r), &n);
		if (open_add_text(t, ty->type, s, n, false, true) < 0)
			return false;
	} else if (open_add(t, g, ty, vt_dtree_path(g, r)) < 0) {
		return false;
	}
	vt_dtree_build(t, g);
	return true;
}

/* The row of the selection's parent (the nearest row above, less deep). */
static long parent_row(const vt_dtree *t)
{
	uint8_t depth = t->rows[t->sel].depth;
	for (long i = t->sel - 1; i >= 0; i--)
		if (t->rows[i].depth < depth)
			return i;
	return -1;
}

bool vt_dtree_collapse(vt_dtree *t, const vt_grouping *g)
{
	const vt_drow *r = selected(t);
	if (!r)
		return false;
	const vt_type_group *ty = vt_dtree_type(g, r);
	if (vt_dtree_is_open(t, g, t->sel)) {
		if (r->kind == VT_DROW_TYPE)
			t->type_open[ty->type] = false;
		else if (r->kind == VT_DROW_DIR)
			open_remove(t, open_find_dir(t, g, ty, vt_dtree_dir(t, r)));
		else
			open_remove(t, open_find(t, g, ty, vt_dtree_path(g, r)));
		vt_dtree_build(t, g);
		return true;
	}
	long up = parent_row(t);
	if (up < 0)
		return false;
	vt_dtree_select(t, g, up);
	return true;
}

bool vt_dtree_toggle(vt_dtree *t, const vt_grouping *g)
{
	if (vt_dtree_is_open(t, g, t->sel))
		return vt_dtree_collapse(t, g);
	return vt_dtree_expand(t, g);
}
