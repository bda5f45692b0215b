/* The list view: one row per process, sorted, with a selection bar. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "view.h"

#define TREND_CELLS 10

typedef struct list_state {
	size_t *rows;           /* indexes into ctx->snap.procs, display order */
	size_t nrows, cap;
	long sel;               /* selected row */
	long top;               /* first row on screen */
	int page;               /* process rows that fit (last draw) */
} list_state;

typedef void (*cell_fn)(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz);

typedef struct list_col {
	const char *title;
	const char *ascii_title;   /* non-UTF-8 locale */
	int width;                 /* 0: the rest of the line */
	int min_cols;              /* hidden on screens narrower than this */
	bool right;
	int sort;                  /* vt_sort_key, -1 when not sortable */
	cell_fn cell;
} list_col;

enum { COL_PID, COL_USER, COL_VMAS, COL_PCT, COL_THR, COL_DELTA, COL_RATE, COL_TREND, COL_CMD, COL__COUNT };

static void cell_pid(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	snprintf(buf, sz, "%d", (int)p->pid);
}

static void cell_user(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	snprintf(buf, sz, "%s", p->user);
}

static void cell_vmas(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	if (p->vmas == VT_UNKNOWN)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%ld", p->vmas);
}

static void cell_pct(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	double pct = vt_percent(p->vmas, ctx->snap.max_map_count);
	if (isnan(pct))
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%.1f%c%c", pct, vt_draw_marker_for_percent(pct),
			 vt_draw_sticky_mark(p->flags, pct));
}

/* Threads: each costs a stack and its guard page (2 VMAs). */
static void cell_thr(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	if (p->kthread || p->threads <= 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%d", p->threads);
}

static void cell_delta(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	if (p->delta == VT_NO_DELTA)
		buf[0] = '\0';
	else if (p->delta == 0)
		snprintf(buf, sz, "0");
	else
		snprintf(buf, sz, "%+ld", p->delta);
}

static void cell_rate(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	(void)ctx;
	if (isnan(p->rate))
		buf[0] = '\0';
	else
		snprintf(buf, sz, fabs(p->rate) >= 100 ? "%.0f/s" : "%.1f/s", p->rate);
}

static void cell_trend(const vt_ctx *ctx, const vt_proc *p, char *buf, size_t sz)
{
	long vals[TREND_CELLS];
	size_t n = 0;
	if (ctx->history)
		n = vt_history_counts(ctx->history, p->pid, p->start_time, vals, TREND_CELLS);
	vt_sparkline(buf, sz, vals, n, TREND_CELLS, ctx->utf8);
}

static const list_col cols[COL__COUNT] = {
	[COL_PID]   = { "PID", "PID", 7, 0, true, VT_SORT_PID, cell_pid },
	[COL_USER]  = { "USER", "USER", 9, 0, false, VT_SORT_USER, cell_user },
	[COL_VMAS]  = { "VMAS", "VMAS", 8, 0, true, VT_SORT_VMAS, cell_vmas },
	[COL_PCT]   = { "%MAX", "%MAX", 7, 0, true, VT_SORT_VMAS, cell_pct },
	[COL_THR]   = { "THR", "THR", 5, 64, true, -1, cell_thr },
	[COL_DELTA] = { "\xCE\x94", "DELTA", 7, 56, true, VT_SORT_DELTA, cell_delta },
	[COL_RATE]  = { "RATE", "RATE", 8, 72, true, VT_SORT_RATE, cell_rate },
	[COL_TREND] = { "TREND", "TREND", TREND_CELLS, 100, false, -1, cell_trend },
	[COL_CMD]   = { "COMMAND", "COMMAND", 0, 0, false, VT_SORT_COMMAND, NULL },
};

/* Column positions for this width: x and w per column, w = 0 when hidden. */
static void layout(int width, int xs[COL__COUNT], int ws[COL__COUNT])
{
	int x = 0;
	for (int c = 0; c < COL__COUNT; c++) {
		xs[c] = x;
		ws[c] = 0;
		if (width < cols[c].min_cols || x >= width)
			continue;
		ws[c] = cols[c].width ? cols[c].width : width - x;
		if (x + ws[c] > width)
			ws[c] = width - x;
		x += ws[c] + 1;
	}
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

static int rebuild_rows(list_state *ls, const vt_ctx *ctx)
{
	if (ctx->snap.nprocs > ls->cap) {
		size_t *r = realloc(ls->rows, ctx->snap.nprocs * sizeof(*r));
		if (!r)
			return -1;
		ls->rows = r;
		ls->cap = ctx->snap.nprocs;
	}
	ls->nrows = 0;
	for (size_t i = 0; i < ctx->snap.nprocs; i++) {
		if (vt_ctx_visible(ctx, &ctx->snap.procs[i]))
			ls->rows[ls->nrows++] = i;
	}
	return 0;
}

/* After a new snapshot or a re-sort: keep the selected process when following
 * (or while another view is on top), else keep the row position. */
static void list_on_snapshot(vt_view *v, vt_ctx *ctx)
{
	list_state *ls = state(v);
	if (rebuild_rows(ls, ctx) < 0)
		ls->nrows = 0;
	if (ctx->follow || !list_on_top(v, ctx)) {
		long row = find_row(ls, ctx, ctx->sel_pid, ctx->sel_start);
		if (row >= 0) {
			ls->sel = row;
			return;
		}
		if (ctx->follow)
			vt_ctx_message(ctx, "the followed process %d is gone", (int)ctx->sel_pid);
		ctx->follow = false;
	}
	select_row(ls, ctx, ls->sel);
}

/* --- drawing --- */

static unsigned cell_attr(const vt_ctx *ctx, const vt_proc *p, int c)
{
	if (c == COL_VMAS || c == COL_PCT)
		return ctx->attrs[vt_draw_role_for_percent(vt_percent(p->vmas, ctx->snap.max_map_count))];
	if (p->kthread)
		return ctx->attrs[VT_ROLE_DIM];
	return ctx->attrs[VT_ROLE_NORMAL];
}

static void draw_command(const vt_ctx *ctx, const vt_proc *p, int y, int x, int w, unsigned sel)
{
	int used = vt_draw_attr(ctx, y, x, w, sel ? sel : ctx->attrs[p->kthread ? VT_ROLE_DIM : VT_ROLE_VALUE],
				p->comm);
	if (p->cmdline[0] && used + 2 < w)
		vt_draw_attr(ctx, y, x + used + 2, w - used - 2, sel ? sel : ctx->attrs[VT_ROLE_DIM],
			     p->cmdline);
}

static void draw_row(const vt_ctx *ctx, const vt_proc *p, int y, int x0, bool selected,
		     const int xs[COL__COUNT], const int ws[COL__COUNT])
{
	char buf[256];
	unsigned sel = selected ? ctx->attrs[VT_ROLE_SELECTED] : 0;
	if (selected)
		vt_draw_fill(ctx, y, x0, xs[COL__COUNT - 1] + ws[COL__COUNT - 1], sel);
	for (int c = 0; c < COL__COUNT; c++) {
		if (!ws[c])
			continue;
		if (c == COL_CMD) {
			draw_command(ctx, p, y, x0 + xs[c], ws[c], sel);
			continue;
		}
		cols[c].cell(ctx, p, buf, sizeof(buf));
		vt_draw_pad(ctx, y, x0 + xs[c], ws[c], sel ? sel : cell_attr(ctx, p, c), buf,
			    cols[c].right);
	}
}

static void draw_titles(const vt_ctx *ctx, vt_area a, const int xs[COL__COUNT],
			const int ws[COL__COUNT])
{
	vt_draw_fill(ctx, a.y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	for (int c = 0; c < COL__COUNT; c++) {
		if (!ws[c])
			continue;
		bool sorted = cols[c].sort == (int)ctx->sort;
		unsigned attr = ctx->attrs[sorted ? VT_ROLE_SORTED : VT_ROLE_TITLE];
		vt_draw_pad(ctx, a.y, a.x + xs[c], ws[c], attr,
			    ctx->utf8 ? cols[c].title : cols[c].ascii_title, cols[c].right);
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
	int xs[COL__COUNT], ws[COL__COUNT];
	layout(a.w, xs, ws);
	draw_titles(ctx, a, xs, ws);
	ls->page = a.h - 1;
	scroll_to_selection(ls);
	if (ls->nrows == 0 && a.h > 1)
		vt_draw(ctx, a.y + 1, a.x, a.w, VT_ROLE_DIM, "no process matches");
	for (int i = 0; i < a.h - 1; i++) {
		long row = ls->top + i;
		const vt_proc *p = row_proc(ls, ctx, row);
		if (!p)
			break;
		draw_row(ctx, p, a.y + 1 + i, a.x, row == ls->sel, xs, ws);
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

static unsigned act_enter(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	if (!vt_view_detail_new || !vt_ctx_selected(ctx))
		return VT_REACT_NONE;
	return vt_ctx_push(ctx, vt_view_detail_new(ctx, ctx->sel_pid));
}

/* The sortable columns in screen order, each key once. */
static int sort_step(int key, int dir)
{
	int keys[COL__COUNT], n = 0, at = -1;
	for (int c = 0; c < COL__COUNT; c++) {
		if (cols[c].sort < 0 || (n > 0 && keys[n - 1] == cols[c].sort))
			continue;
		if (cols[c].sort == key)
			at = n;
		keys[n++] = cols[c].sort;
	}
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
	return sort_by(ctx, sort_step((int)ctx->sort, 1));
}

static unsigned act_sort_prev(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return sort_by(ctx, sort_step((int)ctx->sort, -1));
}

static unsigned act_invert(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	ctx->invert = !ctx->invert;
	return VT_REACT_RESORT | VT_REACT_REDRAW;
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
		if (ctx->search[0])
			vt_ctx_message(ctx, "not found: %s", ctx->search);
		return VT_REACT_REDRAW;
	}
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

static unsigned filter_set(vt_ctx *ctx, const char *text)
{
	snprintf(ctx->cmd_filter, sizeof(ctx->cmd_filter), "%s", text);
	list_on_snapshot(ctx->stack[0], ctx);
	return VT_REACT_REDRAW;
}

static unsigned filter_change(vt_ctx *ctx, const char *text, bool accepted)
{
	(void)accepted;
	return filter_set(ctx, text);
}

static unsigned filter_done(vt_ctx *ctx, const char *text, bool accepted)
{
	return filter_set(ctx, accepted ? text : "");
}

static unsigned act_filter(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return vt_prompt_begin(ctx, "Filter:", ctx->cmd_filter, filter_change, filter_done);
}

/* A click on the titles sorts by that column; on a row selects it. */
static unsigned mouse_click(vt_view *v, vt_ctx *ctx, int y, int x)
{
	list_state *ls = state(v);
	int xs[COL__COUNT], ws[COL__COUNT];
	if (y == v->area.y) {
		layout(v->area.w, xs, ws);
		for (int c = 0; c < COL__COUNT; c++) {
			if (ws[c] && x >= xs[c] && x < xs[c] + ws[c] && cols[c].sort >= 0)
				return sort_by(ctx, cols[c].sort);
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
	[VT_ACT_INVERT]      = act_invert,
	[VT_ACT_SEARCH]      = act_search,
	[VT_ACT_SEARCH_NEXT] = act_search_next,
	[VT_ACT_FILTER]      = act_filter,
	[VT_ACT_FOLLOW]      = act_follow,
	[VT_ACT_MOUSE]       = act_mouse,
};

static unsigned list_key(vt_view *v, vt_ctx *ctx, int key)
{
	vt_action a = vt_key_action(key);
	if (!list_actions[a])
		return VT_REACT_UNHANDLED;
	return list_actions[a](v, ctx);
}

static const vt_fkey list_fkeys[] = {
	{ "F1", "Help" }, { "F3", "Search" }, { "F4", "Filter" }, { "F6", "SortBy" },
	{ "F9", "Kill" }, { "a", "Advise" }, { "F10", "Quit" }, { "Spc", "Pause" },
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
