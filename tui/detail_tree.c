/* The detail pane's rows: a flattened tree over one grouping (no curses).
 * Expansion and the selection are kept by identity, so they survive a
 * refresh that re-reads the map (path ids and VMA indexes change then). */
#include <stdlib.h>
#include <string.h>

#include "detail.h"

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
	free(t->id.path);
	vt_dtree_init(t);
}

const vt_type_group *vt_dtree_type(const vt_grouping *g, const vt_drow *r)
{
	return &g->types[r->ti];
}

const vt_path_group *vt_dtree_path(const vt_grouping *g, const vt_drow *r)
{
	if (r->kind == VT_DROW_TYPE)
		return NULL;
	return &g->types[r->ti].paths[r->pi];
}

/* ---- expanded paths ---- */

static bool same_path(const char *a, size_t alen, bool adel, const char *b, size_t blen,
		      bool bdel)
{
	return alen == blen && adel == bdel && memcmp(a, b, alen) == 0;
}

static long open_find(const vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
		      const vt_path_group *p)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	for (size_t i = 0; i < t->nopen; i++) {
		const vt_dopen *o = &t->open[i];
		if (o->type == ty->type && same_path(o->path, o->len, o->deleted, s, n, p->deleted))
			return (long)i;
	}
	return -1;
}

static int open_add(vt_dtree *t, const vt_grouping *g, const vt_type_group *ty,
		    const vt_path_group *p)
{
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	if (t->nopen == t->open_cap) {
		size_t cap = t->open_cap ? t->open_cap * 2 : 8;
		vt_dopen *o = realloc(t->open, cap * sizeof(*o));
		if (!o)
			return -1;
		t->open = o;
		t->open_cap = cap;
	}
	char *copy = malloc(n + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	t->open[t->nopen++] = (vt_dopen){ .type = (uint8_t)ty->type, .deleted = p->deleted,
					  .path = copy, .len = n };
	return 0;
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
	return false;
}

/* ---- rows ---- */

static int push_row(vt_dtree *t, vt_drow r)
{
	if (t->nrows == t->rows_cap) {
		size_t cap = t->rows_cap ? t->rows_cap * 2 : 64;
		vt_drow *rows = realloc(t->rows, cap * sizeof(*rows));
		if (!rows)
			return -1;
		t->rows = rows;
		t->rows_cap = cap;
	}
	t->rows[t->nrows++] = r;
	return 0;
}

static int push_path(vt_dtree *t, const vt_grouping *g, uint8_t ti, uint32_t pi)
{
	const vt_type_group *ty = &g->types[ti];
	const vt_path_group *p = &ty->paths[pi];
	size_t n;
	if (push_row(t, (vt_drow){ .kind = VT_DROW_PATH, .ti = ti, .pi = pi }) < 0)
		return -1;
	if (open_find(t, g, ty, p) < 0)
		return 0;
	const uint32_t *vi = vt_group_path_vmas(g, p, &n);
	for (size_t k = 0; k < n; k++)
		if (push_row(t, (vt_drow){ .kind = VT_DROW_VMA, .ti = ti, .pi = pi, .vi = vi[k] }) < 0)
			return -1;
	return 0;
}

static int fill_rows(vt_dtree *t, const vt_grouping *g)
{
	t->nrows = 0;
	for (int ti = 0; ti < g->ntypes; ti++) {
		const vt_type_group *ty = &g->types[ti];
		if (push_row(t, (vt_drow){ .kind = VT_DROW_TYPE, .ti = (uint8_t)ti }) < 0)
			return -1;
		if (!t->type_open[ty->type])
			continue;
		for (size_t pi = 0; pi < ty->npaths; pi++)
			if (push_path(t, g, (uint8_t)ti, (uint32_t)pi) < 0)
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
	const vt_path_group *p = vt_dtree_path(g, r);
	size_t n;
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

/* The selected thing, else its path, else its type; -1 when none is left. */
static long find_selection(const vt_dtree *t, const vt_grouping *g)
{
	if (!t->id.path && t->id.kind != VT_DROW_TYPE)
		return -1;
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
	t->id.kind = r->kind;
	t->id.type = (uint8_t)vt_dtree_type(g, r)->type;
	if (r->kind == VT_DROW_VMA)
		t->id.start = g->maps->vmas[r->vi].start;
	if (!p)
		return 0;
	size_t n;
	const char *s = vt_maps_path(g->maps, p->path, &n);
	t->id.path = malloc(n + 1);
	if (!t->id.path)
		return -1;
	memcpy(t->id.path, s, n);
	t->id.path[n] = '\0';
	t->id.len = n;
	t->id.deleted = p->deleted;
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
	if (r->kind == VT_DROW_TYPE)
		t->type_open[ty->type] = true;
	else if (open_add(t, g, ty, vt_dtree_path(g, r)) < 0)
		return false;
	vt_dtree_build(t, g);
	return true;
}

/* The row of the selection's parent (the nearest row above of a lower kind). */
static long parent_row(const vt_dtree *t)
{
	uint8_t kind = t->rows[t->sel].kind;
	for (long i = t->sel - 1; i >= 0; i--)
		if (t->rows[i].kind < kind)
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
