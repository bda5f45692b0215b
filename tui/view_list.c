/* The list view: one row per process, sorted, with a selection bar. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "vmatop/format.h"
#include "keys.h"
#include "replay.h"
#include "view.h"
#include "vmatop/tree.h"

typedef struct list_state {
	size_t *rows;           /* indexes into ctx->snap.procs, display order */
	int *depth;             /* tree depth of each row (tree view) */
	size_t *order;          /* scratch: the whole snapshot in tree order */
	int *odepth;
	size_t nrows, cap;
	long sel;               /* selected row */
	long top;               /* first row on screen */
	int page;               /* process rows that fit (last draw) */
	int hscroll;            /* columns of the COMMAND cells scrolled off (Left/Right) */
} list_state;

#define HSCROLL_STEP 8          /* columns a Left/Right press scrolls */

/* The columns on screen: the configured set (ctx->colset, from the column
 * table), plus the sort column when it is not among them. */
typedef struct list_layout {
	int ids[VT_COLS_MAX + 1];
	int xs[VT_COLS_MAX + 1], ws[VT_COLS_MAX + 1];
	int n;
} list_layout;

static void layout_add(list_layout *l, int id)
{
	for (int i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return;
	l->ids[l->n++] = id;
}

/* Column positions for this width; w = 0 when hidden (too narrow). */
static void layout(const vt_ctx *ctx, int width, list_layout *l)
{
	int x = 0;
	l->n = 0;
	for (int i = 0; i < ctx->colset.n; i++) {
		if (ctx->colset.ids[i] != VT_COL_COMMAND)
			layout_add(l, ctx->colset.ids[i]);
		if (ctx->colset.ids[i] == VT_COL_VMAS && ctx->tree)
			layout_add(l, VT_COL_SUBTREE);     /* the tree's sums beside the counts */
	}
	if (ctx->sort != VT_COL_COMMAND)
		layout_add(l, (int)ctx->sort);
	if (ctx->tree)
		layout_add(l, VT_COL_SUBTREE);
	layout_add(l, VT_COL_COMMAND);
	for (int i = 0; i < l->n; i++) {
		const vt_column *c = vt_column_get(l->ids[i]);
		l->xs[i] = x;
		l->ws[i] = 0;
		bool forced = l->ids[i] == (int)ctx->sort;
		if ((!forced && width < c->min_cols) || x >= width)
			continue;
		l->ws[i] = c->width ? c->width : width - x;
		if (x + l->ws[i] > width)
			l->ws[i] = width - x;
		x += l->ws[i] + 1;
	}
}

static vt_col_ctx col_ctx(const vt_ctx *ctx)
{
	vt_col_ctx cc = {
		.limit = ctx->snap.max_map_count, .history = ctx->history, .utf8 = ctx->utf8,
		.markers = true, .warn = ctx->warn, .crit = ctx->crit,
	};
	return cc;
}

static list_state *state(vt_view *v)
{
	return v->priv;
}

/* --- rows and selection --- */

static bool list_on_top(vt_view *v, vt_ctx *ctx)
{
	return vt_ctx_top(ctx) == v;
}

static long find_row(const list_state *ls, const vt_ctx *ctx, pid_t pid,
		     unsigned long long start)
{
	for (size_t i = 0; i < ls->nrows; i++) {
		const vt_proc *p = &ctx->snap.procs[ls->rows[i]];
		if (p->pid == pid && (!start || p->start_time == start))
			return (long)i;
	}
	return -1;
}

static const vt_proc *row_proc(const list_state *ls, const vt_ctx *ctx, long row)
{
	if (row < 0 || (size_t)row >= ls->nrows)
		return NULL;
	return &ctx->snap.procs[ls->rows[row]];
}

/* Select a row (clamped) and publish it in the context. */
static void select_row(list_state *ls, vt_ctx *ctx, long row)
{
	if (row >= (long)ls->nrows)
		row = (long)ls->nrows - 1;
	if (row < 0)
		row = 0;
	ls->sel = row;
	vt_ctx_select(ctx, row_proc(ls, ctx, row));
}

static int rebuild_rows(list_state *ls, vt_ctx *ctx)
{
	size_t n = ctx->snap.nprocs;
	if (n > ls->cap) {
		size_t *r = realloc(ls->rows, n * sizeof(*r)), *o;
		int *d, *od;
		if (r)
			ls->rows = r;
		o = realloc(ls->order, n * sizeof(*o));
		if (o)
			ls->order = o;
		d = realloc(ls->depth, n * sizeof(*d));
		if (d)
			ls->depth = d;
		od = realloc(ls->odepth, n * sizeof(*od));
		if (od)
			ls->odepth = od;
		if (!r || !o || !d || !od)
			return -1;
		ls->cap = n;
	}
	ls->nrows = 0;
	if (vt_snapshot_subtree(&ctx->snap) < 0)
		return -1;
	bool tree = ctx->tree && vt_snapshot_tree_order(&ctx->snap, ls->order, ls->odepth) == 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = tree ? ls->order[k] : k;
		if (!vt_ctx_visible(ctx, &ctx->snap.procs[i]))
			continue;
		ls->depth[ls->nrows] = tree ? ls->odepth[k] : 0;
		ls->rows[ls->nrows++] = i;
	}
	return 0;
}

/* After a new snapshot or a re-sort: keep the selected process when following
 * (or while another view is on top), else keep the row position. */
static void list_on_snapshot(vt_view *v, vt_ctx *ctx)
{
	list_state *ls = state(v);
	vt_ctx_prune_tags(ctx);
	if (rebuild_rows(ls, ctx) < 0)
		ls->nrows = 0;
	if (ctx->follow || !list_on_top(v, ctx)) {
		long row = find_row(ls, ctx, ctx->sel_pid, ctx->sel_start);
		if (row >= 0) {
			ls->sel = row;
			return;
		}
		const vt_proc *now = vt_snapshot_find(&ctx->snap, ctx->sel_pid);
		if (ctx->follow && now && ctx->sel_start && now->start_time != ctx->sel_start)
			vt_ctx_message(ctx, "the followed process %d exited; its pid now belongs to "
				       "another process (started later)", (int)ctx->sel_pid);
		else if (ctx->follow)
			vt_ctx_message(ctx, "the followed process %d is gone", (int)ctx->sel_pid);
		ctx->follow = false;
	}
	select_row(ls, ctx, ls->sel);
}

/* --- drawing --- */

static unsigned cell_attr(const vt_ctx *ctx, const vt_proc *p, int id)
{
	if (vt_ctx_tagged(ctx, p))
		return ctx->attrs[VT_ROLE_LABEL] | A_BOLD;
	if (p->flags & VT_PROC_EXITED)
		return ctx->attrs[VT_ROLE_DIM];
	if (id == VT_COL_VMAS || id == VT_COL_PERCENT)
		return ctx->attrs[vt_draw_role_for(ctx, vt_percent(p->vmas, ctx->snap.max_map_count))];
	if (p->kthread)
		return ctx->attrs[VT_ROLE_DIM];
	return ctx->attrs[VT_ROLE_NORMAL];
}

/* s without its first skip columns (whole characters; wide ones count 2). */
static const char *skip_cols(const char *s, int skip, bool utf8)
{
	char tmp[8];
	while (*s && skip > 0) {
		size_t len = 1;
		int cols = 1;
		if (utf8 && (unsigned char)*s >= 0x80) {
			while ((s[len] & 0xC0) == 0x80)
				len++;
			vt_draw_fit(tmp, sizeof(tmp), s, len, 2, true, &cols);
		}
		s += len;
		skip -= cols;
	}
	return s;
}

/* The comm, its zombie mark and the command line as one text, scrolled by hs;
 * a process whose ENOMEM the catcher saw at the limit: "[ENOMEM] " first;
 * in the tree, the branch before the name. */
static void draw_command(const vt_ctx *ctx, const vt_proc *p, int y, int x, int w, unsigned sel,
			 int depth, int hs)
{
	if (depth > 0 && w > 2 * depth + 2) {
		/* the tree: two cells per level, then the branch */
		int ind = 2 * (depth > 20 ? 20 : depth);
		vt_draw_attr(ctx, y, x + ind - 2, 2, sel ? sel : ctx->attrs[VT_ROLE_DIM],
			     ctx->utf8 ? "\xE2\x94\x94\xE2\x94\x80" : "`-");
		x += ind;
		w -= ind;
	}
	if (vt_tui_limit_hits(ctx, p) > 0) {
		int m = vt_draw_attr(ctx, y, x, w, sel ? sel : ctx->attrs[VT_ROLE_OVER], "[ENOMEM]");
		x += m + 1;
		w -= m + 1;
		if (w <= 0)
			return;
	}
	if (hs > 0) {
		char line[4096];
		const char *mark = vt_proc_mark(p);
		snprintf(line, sizeof(line), "%s%s%s  %s", p->comm, mark ? " " : "", mark ? mark : "",
			 p->cmdline);
		vt_draw_attr(ctx, y, x, w, sel ? sel : ctx->attrs[VT_ROLE_DIM],
			     skip_cols(line, hs, ctx->utf8));
		return;
	}
	bool dim = p->kthread || (p->flags & VT_PROC_EXITED);
	int used = vt_draw_attr(ctx, y, x, w, sel ? sel : ctx->attrs[dim ? VT_ROLE_DIM : VT_ROLE_VALUE],
				p->comm);
	const char *mark = vt_proc_mark(p);
	if (mark && used + 1 < w)
		used += 1 + vt_draw_attr(ctx, y, x + used + 1, w - used - 1,
					 sel ? sel : ctx->attrs[VT_ROLE_WARN], mark);
	if ((p->flags & VT_PROC_EXITED) && used + 2 < w) {
		char label[32];
		used += 2 + vt_draw_attr(ctx, y, x + used + 2, w - used - 2,
					 sel ? sel : ctx->attrs[VT_ROLE_DIM],
					 vt_exited_label(label, sizeof(label), p->exited));
	}
	if (p->cmdline[0] && used + 2 < w)
		vt_draw_attr(ctx, y, x + used + 2, w - used - 2, sel ? sel : ctx->attrs[VT_ROLE_DIM],
			     p->cmdline);
}

static void draw_row(const vt_ctx *ctx, const vt_proc *p, int y, int x0, bool selected,
		     const list_layout *l, int depth, int hs)
{
	char buf[256];
	vt_col_ctx cc = col_ctx(ctx);
	unsigned sel = selected ? ctx->attrs[VT_ROLE_SELECTED] : 0;
	if (selected)
		vt_draw_fill(ctx, y, x0, l->xs[l->n - 1] + l->ws[l->n - 1], sel);
	for (int i = 0; i < l->n; i++) {
		const vt_column *c = vt_column_get(l->ids[i]);
		if (!l->ws[i])
			continue;
		if (l->ids[i] == VT_COL_COMMAND) {
			draw_command(ctx, p, y, x0 + l->xs[i], l->ws[i], sel, depth, hs);
			continue;
		}
		c->text(p, &cc, buf, sizeof(buf));
		vt_draw_pad(ctx, y, x0 + l->xs[i], l->ws[i], sel ? sel : cell_attr(ctx, p, l->ids[i]),
			    buf, c->right);
	}
}

/* Whether a column shows the sort order (VMAS and %MAX share theirs). */
static bool col_sorted(const vt_ctx *ctx, int id)
{
	const vt_column *c = vt_column_get(id), *s = vt_sort_info_get(ctx->sort);
	return s && c->cmp == s->cmp;
}

static void draw_titles(const vt_ctx *ctx, vt_area a, const list_layout *l)
{
	vt_draw_fill(ctx, a.y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	for (int i = 0; i < l->n; i++) {
		const vt_column *c = vt_column_get(l->ids[i]);
		if (!l->ws[i])
			continue;
		unsigned attr = ctx->attrs[col_sorted(ctx, l->ids[i]) ? VT_ROLE_SORTED : VT_ROLE_TITLE];
		vt_draw_pad(ctx, a.y, a.x + l->xs[i], l->ws[i], attr,
			    ctx->utf8 ? c->title : c->ascii_title, c->right);
	}
}

/* Keep the selection on screen. */
static void scroll_to_selection(list_state *ls)
{
	if (ls->page < 1)
		ls->page = 1;
	if (ls->sel < ls->top)
		ls->top = ls->sel;
	if (ls->sel >= ls->top + ls->page)
		ls->top = ls->sel - ls->page + 1;
	if (ls->top > (long)ls->nrows - ls->page)
		ls->top = (long)ls->nrows - ls->page;
	if (ls->top < 0)
		ls->top = 0;
}

static void list_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	list_state *ls = state(v);
	list_layout l;
	layout(ctx, a.w, &l);
	draw_titles(ctx, a, &l);
	ls->page = a.h - 1;
	scroll_to_selection(ls);
	if (ls->nrows == 0 && a.h > 1)
		vt_draw(ctx, a.y + 1, a.x, a.w, VT_ROLE_DIM, "no process matches");
	for (int i = 0; i < a.h - 1; i++) {
		long row = ls->top + i;
		const vt_proc *p = row_proc(ls, ctx, row);
		if (!p)
			break;
		draw_row(ctx, p, a.y + 1 + i, a.x, row == ls->sel, &l, ls->depth ? ls->depth[row] : 0,
			 ls->hscroll);
	}
}

/* --- keys --- */

static unsigned move_to(vt_view *v, vt_ctx *ctx, long row)
{
	list_state *ls = state(v);
	ctx->follow = false;
	select_row(ls, ctx, row);
	return VT_REACT_REDRAW;
}

static unsigned act_up(vt_view *v, vt_ctx *ctx) { return move_to(v, ctx, state(v)->sel - 1); }
static unsigned act_down(vt_view *v, vt_ctx *ctx) { return move_to(v, ctx, state(v)->sel + 1); }
static unsigned act_home(vt_view *v, vt_ctx *ctx) { return move_to(v, ctx, 0); }
static unsigned act_end(vt_view *v, vt_ctx *ctx) { return move_to(v, ctx, (long)state(v)->nrows - 1); }

static unsigned act_pgup(vt_view *v, vt_ctx *ctx)
{
	list_state *ls = state(v);
	ls->top -= ls->page;
	return move_to(v, ctx, ls->sel - ls->page);
}

static unsigned act_pgdn(vt_view *v, vt_ctx *ctx)
{
	list_state *ls = state(v);
	ls->top += ls->page;
	return move_to(v, ctx, ls->sel + ls->page);
}

static unsigned act_left(vt_view *v, vt_ctx *ctx)
{
	(void)ctx;
	list_state *ls = state(v);
	if (ls->hscroll == 0)
		return VT_REACT_NONE;
	ls->hscroll = ls->hscroll > HSCROLL_STEP ? ls->hscroll - HSCROLL_STEP : 0;
	return VT_REACT_REDRAW;
}

static unsigned act_right(vt_view *v, vt_ctx *ctx)
{
	(void)ctx;
	list_state *ls = state(v);
	if (ls->hscroll < 4000)
		ls->hscroll += HSCROLL_STEP;
	return VT_REACT_REDRAW;
}

static unsigned act_enter(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	if (!vt_ctx_selected(ctx))
		return VT_REACT_NONE;
	return vt_ctx_push(ctx, vt_view_detail_new(ctx, ctx->sel_pid));
}

/* The sortable columns in screen order, each order once (VMAS and %MAX share one). */
static int sort_step(const vt_ctx *ctx, int dir)
{
	list_layout l;
	int keys[VT_COLS_MAX + 1], n = 0, at = -1;
	layout(ctx, 1 << 14, &l);
	for (int i = 0; i < l.n; i++) {
		const vt_column *c = vt_column_get(l.ids[i]);
		if (!c->cmp || (n > 0 && vt_column_get(keys[n - 1])->cmp == c->cmp))
			continue;
		if (col_sorted(ctx, l.ids[i]))
			at = n;
		keys[n++] = l.ids[i];
	}
	if (n == 0)
		return (int)ctx->sort;
	at = at < 0 ? 0 : (at + dir + n) % n;
	return keys[at];
}

static unsigned sort_by(vt_ctx *ctx, int key)
{
	ctx->sort = (vt_sort_key)key;
	return VT_REACT_RESORT | VT_REACT_REDRAW;
}

static unsigned act_sort_next(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return sort_by(ctx, sort_step(ctx, 1));
}

static unsigned act_sort_prev(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return sort_by(ctx, sort_step(ctx, -1));
}

static unsigned act_sort_menu(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_ctx_push(ctx, vt_view_sort_new(ctx));
}

static unsigned act_setup(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_ctx_push(ctx, vt_view_setup_new(ctx));
}

static unsigned act_invert(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	ctx->invert = !ctx->invert;
	return VT_REACT_RESORT | VT_REACT_REDRAW;
}

static unsigned act_tag(vt_view *v, vt_ctx *ctx)
{
	const vt_proc *p = vt_ctx_selected(ctx);
	if (!p)
		return VT_REACT_NONE;
	if (!vt_ctx_tag(ctx, p, !vt_ctx_tagged(ctx, p)))
		vt_ctx_message(ctx, "at most %d processes can be tagged", VT_TAGS_MAX);
	return move_to(v, ctx, state(v)->sel + 1);
}

static unsigned act_tree(vt_view *v, vt_ctx *ctx)
{
	ctx->tree = !ctx->tree;
	list_on_snapshot(v, ctx);
	return VT_REACT_REDRAW;
}

static unsigned act_untag(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	ctx->ntags = 0;
	return VT_REACT_REDRAW;
}

/* Tag p and, through ppid, every descendant in the snapshot. */
static unsigned act_tag_children(vt_view *v, vt_ctx *ctx)
{
	const vt_proc *p = vt_ctx_selected(ctx);
	bool grew = true, full = false;
	(void)v;
	if (!p)
		return VT_REACT_NONE;
	full = !vt_ctx_tag(ctx, p, true);
	while (grew && !full) {
		grew = false;
		for (size_t i = 0; i < ctx->snap.nprocs && !full; i++) {
			const vt_proc *c = &ctx->snap.procs[i];
			const vt_proc *parent = vt_snapshot_find(&ctx->snap, c->ppid);
			if (vt_ctx_tagged(ctx, c) || !parent || c->ppid == c->pid || !vt_ctx_tagged(ctx, parent))
				continue;
			full = !vt_ctx_tag(ctx, c, true);
			grew = true;
		}
	}
	if (full)
		vt_ctx_message(ctx, "at most %d processes can be tagged", VT_TAGS_MAX);
	return VT_REACT_REDRAW;
}

static unsigned act_follow(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	ctx->follow = vt_ctx_selected(ctx) ? !ctx->follow : false;
	return VT_REACT_REDRAW;
}

static bool proc_matches(const vt_proc *p, const char *text)
{
	return strcasestr(p->comm, text) || strcasestr(p->cmdline, text);
}

/* The first row matching the search from row `from` (wrapping), -1 if none. */
static long search_from(const list_state *ls, const vt_ctx *ctx, long from)
{
	for (size_t k = 0; k < ls->nrows; k++) {
		long row = (long)(((size_t)from + k) % ls->nrows);
		if (proc_matches(row_proc(ls, ctx, row), ctx->search))
			return row;
	}
	return -1;
}

static unsigned search_go(vt_ctx *ctx, long from)
{
	vt_view *v = ctx->stack[0];
	long row = ctx->search[0] && state(v)->nrows ? search_from(state(v), ctx, from) : -1;
	if (row < 0) {
		/* while typing the prompt holds the bottom line: it says so itself */
		if (ctx->prompt.active)
			snprintf(ctx->prompt.label, sizeof(ctx->prompt.label), "%s",
				 ctx->search[0] ? "Search (not found):" : "Search:");
		else if (ctx->search[0])
			vt_ctx_message(ctx, "not found: %s", ctx->search);
		return VT_REACT_REDRAW;
	}
	if (ctx->prompt.active)
		snprintf(ctx->prompt.label, sizeof(ctx->prompt.label), "Search:");
	return move_to(v, ctx, row);
}

static unsigned search_change(vt_ctx *ctx, const char *text, bool accepted)
{
	(void)accepted;
	snprintf(ctx->search, sizeof(ctx->search), "%s", text);
	return search_go(ctx, state(ctx->stack[0])->sel);
}

static unsigned search_done(vt_ctx *ctx, const char *text, bool accepted)
{
	if (!accepted) {
		ctx->search[0] = '\0';
		return VT_REACT_REDRAW;
	}
	snprintf(ctx->search, sizeof(ctx->search), "%s", text);
	return search_go(ctx, state(ctx->stack[0])->sel);
}

static unsigned act_search(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_prompt_begin(ctx, "Search:", "", search_change, search_done);
}

static unsigned act_search_next(vt_view *v, vt_ctx *ctx)
{
	if (!ctx->search[0])
		return act_search(v, ctx);
	return search_go(ctx, state(v)->sel + 1);
}

/* Set one of the list's text filters (the command's, the cgroup's) as typed,
 * or clear it (keep false: Esc), and rebuild the rows. */
static unsigned filter_apply(vt_ctx *ctx, char *dst, const char *text, bool keep)
{
	snprintf(dst, VT_TEXT_MAX, "%s", keep ? text : "");
	list_on_snapshot(ctx->stack[0], ctx);
	return VT_REACT_REDRAW;
}

static unsigned filter_change(vt_ctx *ctx, const char *text, bool accepted)
{
	(void)accepted;
	return filter_apply(ctx, ctx->cmd_filter, text, true);
}

static unsigned filter_done(vt_ctx *ctx, const char *text, bool accepted)
{
	return filter_apply(ctx, ctx->cmd_filter, text, accepted);
}

static unsigned act_filter(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_prompt_begin(ctx, "Filter:", ctx->cmd_filter, filter_change, filter_done);
}

static unsigned cgroup_filter_change(vt_ctx *ctx, const char *text, bool accepted)
{
	(void)accepted;
	return filter_apply(ctx, ctx->cgroup_filter, text, true);
}

static unsigned cgroup_filter_done(vt_ctx *ctx, const char *text, bool accepted)
{
	return filter_apply(ctx, ctx->cgroup_filter, text, accepted);
}

/* G: filter by cgroup, container, pod or unit (vt_cgroup_match). */
static unsigned act_cgroup_filter(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_prompt_begin(ctx, "Cgroup:", ctx->cgroup_filter, cgroup_filter_change,
			       cgroup_filter_done);
}

/* c: the CONTAINER/UNIT column in or out of the list's columns. */
static unsigned act_cgroup_col(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	vt_col_set_toggle(&ctx->colset, VT_COL_CONTAINER);
	return VT_REACT_REDRAW;
}

static unsigned act_groups(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_ctx_push(ctx, vt_view_groups_new(ctx));
}

/* A click on a title sorts by that column (a second click inverts the
 * order, as in htop); on a row selects it. */
static unsigned mouse_click(vt_view *v, vt_ctx *ctx, int y, int x)
{
	list_state *ls = state(v);
	list_layout l;
	if (y == v->area.y) {
		layout(ctx, v->area.w, &l);
		for (int i = 0; i < l.n; i++) {
			if (!l.ws[i] || x < v->area.x + l.xs[i] || x >= v->area.x + l.xs[i] + l.ws[i] ||
			    !vt_column_get(l.ids[i])->cmp)
				continue;
			if (l.ids[i] == (int)ctx->sort) {
				ctx->invert = !ctx->invert;
				return VT_REACT_RESORT | VT_REACT_REDRAW;
			}
			return sort_by(ctx, l.ids[i]);
		}
		return VT_REACT_NONE;
	}
	long row = ls->top + (y - v->area.y - 1);
	if (row < 0 || row >= (long)ls->nrows)
		return VT_REACT_NONE;
	return move_to(v, ctx, row);
}

static unsigned act_mouse(vt_view *v, vt_ctx *ctx)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return VT_REACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return move_to(v, ctx, state(v)->sel - 3);
	if (ev.bstate & BUTTON5_PRESSED)
		return move_to(v, ctx, state(v)->sel + 3);
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		if (ev.y < v->area.y || ev.y >= v->area.y + v->area.h)
			return VT_REACT_NONE;
		return mouse_click(v, ctx, ev.y, ev.x);
	}
	return VT_REACT_NONE;
}

typedef unsigned (*list_fn)(vt_view *v, vt_ctx *ctx);

static const list_fn list_actions[VT_ACT__COUNT] = {
	[VT_ACT_UP]          = act_up,
	[VT_ACT_DOWN]        = act_down,
	[VT_ACT_PGUP]        = act_pgup,
	[VT_ACT_PGDN]        = act_pgdn,
	[VT_ACT_HOME]        = act_home,
	[VT_ACT_END]         = act_end,
	[VT_ACT_ENTER]       = act_enter,
	[VT_ACT_SORT_NEXT]   = act_sort_next,
	[VT_ACT_SORT_PREV]   = act_sort_prev,
	[VT_ACT_SORT_MENU]   = act_sort_menu,
	[VT_ACT_SETUP]       = act_setup,
	[VT_ACT_INVERT]      = act_invert,
	[VT_ACT_SEARCH]      = act_search,
	[VT_ACT_SEARCH_NEXT] = act_search_next,
	[VT_ACT_FILTER]      = act_filter,
	[VT_ACT_FOLLOW]      = act_follow,
	[VT_ACT_TOGGLE]      = act_tag,
	[VT_ACT_UNTAG]       = act_untag,
	[VT_ACT_TREE]        = act_tree,
	[VT_ACT_TAG_CHILDREN] = act_tag_children,
	[VT_ACT_MOUSE]       = act_mouse,
	[VT_ACT_CGROUP_COL]  = act_cgroup_col,
	[VT_ACT_CGROUP_FILTER] = act_cgroup_filter,
	[VT_ACT_GROUPS]      = act_groups,
	[VT_ACT_LEFT]        = act_left,
	[VT_ACT_RIGHT]       = act_right,
};

static unsigned list_key(vt_view *v, vt_ctx *ctx, int key)
{
	vt_action a = vt_key_action(key);
	if (!list_actions[a])
		return VT_REACT_UNHANDLED;
	return list_actions[a](v, ctx);
}

static const vt_fkey list_fkeys[] = {
	{ "F1", "Help" }, { "F2", "Setup" }, { "F3", "Search" }, { "F4", "Filter" }, { "F6", "SortBy" },
	{ "F9", "Kill" }, { "a", "Advise" }, { "e", "Events" }, { "F10", "Quit" }, { "Z", "Pause" },
	{ "F", "Follow" }, { NULL, NULL },
};

static const vt_fkey *list_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return list_fkeys;
}

static void list_destroy(vt_view *v)
{
	list_state *ls = state(v);
	free(ls->rows);
	free(ls->depth);
	free(ls->order);
	free(ls->odepth);
	free(ls);
}

static const struct vt_view_ops list_ops = {
	.name = "list",
	.draw = list_draw,
	.handle_key = list_key,
	.on_snapshot = list_on_snapshot,
	.fkeys = list_bar,
	.destroy = list_destroy,
};

vt_view *vt_view_list_new(vt_ctx *ctx)
{
	(void)ctx;
	list_state *ls = calloc(1, sizeof(*ls));
	if (!ls)
		return NULL;
	ls->page = 10;
	vt_view *v = vt_view_new(&list_ops, ls);
	if (!v)
		free(ls);
	return v;
}
