/* The detail pane: one process's memory map grouped by type.
 *
 * The pane reads /proc/PID/maps of its one process once per refresh (in
 * on_snapshot, only when the snapshot is new), groups it with the core
 * (vmatop/group.h), attributes its VMAs to causes (vmatop/causes.h) and draws
 * the causes, then a tree: types, the paths of a type, the raw VMAs of a path.  Resident memory comes from smaps only after the user asks (r).
 * When the process exits the last data stays on screen, marked as such.
 */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "detail.h"
#include "keys.h"
#include "replay.h"
#include "view.h"
#include "vmatop/clock.h"

static vt_detail *state(vt_view *v)
{
	return v->priv;
}

/* ---- reading ---- */

static void ddata_clear(vt_ddata *dd)
{
	vt_group_free(&dd->g);
	vt_maps_free(&dd->maps);
}

/* The snapshot says the process is gone: another process has its pid, or it
 * is a zombie (no memory map any more). */
static bool proc_gone(const vt_detail *d, const vt_proc *p)
{
	if (!p)
		return false;
	if (d->start_time && p->start_time != d->start_time)
		return true;
	return p->state == 'Z' || p->state == 'X';
}

/* The history figures of the process, kept for after it exits. */
static void take_history(vt_detail *d, const vt_ctx *ctx, const vt_proc *p)
{
	if (!p || (d->start_time && p->start_time != d->start_time))
		return;
	d->rate = p->rate;
	d->eta = p->eta;
	d->delta = p->delta;
	d->flags = p->flags;
	d->threads = p->threads;
	if (vt_ctx_replaying(ctx)) {
		if (d->counts)
			d->ncounts = vt_replay_counts(ctx, p->pid, p->start_time, d->counts,
						      d->counts_cap);
		return;
	}
	if (ctx->history && d->counts)
		d->ncounts = vt_history_counts(ctx->history, p->pid, p->start_time, d->counts,
					       d->counts_cap);
}

static void read_failed(vt_detail *d, int err)
{
	if (err == ENOENT || err == ESRCH)
		d->exited = true;
	else
		d->err = err;
}

/* Group a read; on success it becomes the current data. */
static int adopt(vt_detail *d, const vt_ctx *ctx, vt_ddata *nd)
{
	if (vt_group_build(&nd->g, &nd->maps, ctx->snap.max_map_count) < 0 ||
	    vt_causes_build(&nd->causes, &nd->maps, d->threads) < 0)
		return -1;
	if (d->cur) {
		ddata_clear(d->cur);
		d->spare = d->cur;
	}
	d->cur = nd;
	vt_dtree_build(&d->tree, &d->cur->g);
	if (!d->have_open) {
		vt_detail_type_counts(&d->cur->g, d->open_counts);
		d->have_open = true;
	}
	return 0;
}

/* Smaps for the data in nd when the user asked for it. */
static void read_smaps(vt_detail *d, vt_ddata *nd)
{
	int err = 0;
	d->rss_err = 0;
	if (d->rss && vt_maps_load_smaps(&nd->maps, NULL, d->pid, &err) < 0) {
		d->rss_err = err;
		free(nd->maps.rss_kb);
		nd->maps.rss_kb = NULL;
	}
}

static void detail_read(vt_detail *d, const vt_ctx *ctx)
{
	double t0 = (vt_clock_mono() * 1e3);
	int err = 0;
	vt_ddata *nd = d->spare ? d->spare : calloc(1, sizeof(*nd));
	if (!nd) {
		d->err = ENOMEM;
		return;
	}
	d->spare = NULL;
	if (vt_maps_read(&nd->maps, NULL, d->pid, &err) < 0) {
		read_failed(d, err);
	} else if (nd->maps.n == 0 && d->cur && !d->kthread) {
		d->exited = true;          /* a zombie: its map is gone */
	} else {
		read_smaps(d, nd);
		d->err = adopt(d, ctx, nd) < 0 ? ENOMEM : 0;
		if (d->cur == nd)
			nd = NULL;
	}
	if (nd) {
		ddata_clear(nd);
		d->spare = nd;
	}
	d->last_read = t0;
	d->read_ms = (vt_clock_mono() * 1e3) - t0;
}

/* Reading a huge map takes a while and holds the target's mmap lock: keep the
 * pane's reads to at most a quarter of the time (a read of R ms waits 3R ms
 * before the next), so input stays responsive at any refresh delay. */
static bool read_due(const vt_detail *d)
{
	return (vt_clock_mono() * 1e3) >= d->last_read + 4.0 * d->read_ms;
}

static void detail_refresh(vt_detail *d, const vt_ctx *ctx)
{
	const vt_proc *p = vt_snapshot_find(&ctx->snap, d->pid);
	if (vt_ctx_replaying(ctx)) {
		take_history(d, ctx, p);   /* recorded: the graph only, no maps to read */
		d->exited = p && (p->flags & VT_PROC_EXITED);
		return;
	}
	if (d->exited)
		return;
	if (proc_gone(d, p)) {
		d->exited = true;
		d->reused = p->start_time != d->start_time;
		return;
	}
	take_history(d, ctx, p);
	if (p && p->kthread)
		d->kthread = true;
	if (read_due(d))
		detail_read(d, ctx);
}

static void detail_on_snapshot(vt_view *v, vt_ctx *ctx)
{
	vt_detail *d = state(v);
	if (d->generation == ctx->generation)
		return;                    /* a re-sort, not a new snapshot */
	d->generation = ctx->generation;
	detail_refresh(d, ctx);
}

/* ---- keys ---- */

static unsigned move_to(vt_detail *d, long row)
{
	if (d->cur)
		vt_dtree_select(&d->tree, &d->cur->g, row);
	return VT_REACT_REDRAW;
}

static unsigned act_page(vt_detail *d, long dir)
{
	d->top += dir * d->page;
	return move_to(d, d->tree.sel + dir * d->page);
}

/* r: resident memory per group from smaps (now and at every refresh), or off. */
static unsigned toggle_rss(vt_detail *d, vt_ctx *ctx)
{
	if (!d->cur)
		return VT_REACT_NONE;
	if (d->exited && !d->rss) {
		vt_ctx_message(ctx, "the process exited: its resident memory cannot be read");
		return VT_REACT_REDRAW;
	}
	d->rss = !d->rss;
	vt_group_free(&d->cur->g);
	if (d->rss)
		read_smaps(d, d->cur);
	else {
		free(d->cur->maps.rss_kb);
		d->cur->maps.rss_kb = NULL;
	}
	if (vt_group_build(&d->cur->g, &d->cur->maps, ctx->snap.max_map_count) < 0) {
		ddata_clear(d->cur);
		d->err = ENOMEM;
	}
	vt_dtree_build(&d->tree, &d->cur->g);
	return VT_REACT_REDRAW;
}

static unsigned fold(vt_detail *d, int how)
{
	bool changed = false;
	if (!d->cur)
		return VT_REACT_NONE;
	if (how > 0)
		changed = vt_dtree_expand(&d->tree, &d->cur->g);
	else if (how < 0)
		changed = vt_dtree_collapse(&d->tree, &d->cur->g);
	else
		changed = vt_dtree_toggle(&d->tree, &d->cur->g);
	return changed ? VT_REACT_REDRAW : VT_REACT_NONE;
}

static unsigned detail_mouse(vt_view *v)
{
	vt_detail *d = state(v);
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return VT_REACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return move_to(d, d->tree.sel - 3);
	if (ev.bstate & BUTTON5_PRESSED)
		return move_to(d, d->tree.sel + 3);
	if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && ev.y >= d->table_y &&
	    ev.y < d->table_y + d->page && ev.y < v->area.y + v->area.h)
		return move_to(d, d->top + (ev.y - d->table_y));
	return VT_REACT_NONE;
}

/* Keys of the list that mean nothing here: swallowed so they do not change
 * the list behind the pane. */
static bool list_only(vt_action a)
{
	return a == VT_ACT_SORT_NEXT || a == VT_ACT_SORT_PREV || a == VT_ACT_INVERT ||
	       a == VT_ACT_SEARCH || a == VT_ACT_SEARCH_NEXT || a == VT_ACT_FILTER ||
	       a == VT_ACT_FOLLOW || a == VT_ACT_SORT_MENU || a == VT_ACT_SETUP ||
	       a == VT_ACT_TREE;
}

/* k: signal the pane's own process (pid + start time), never the process
 * that now sits on the list's row; nothing once it exited. */
static unsigned detail_kill(vt_detail *d, vt_ctx *ctx)
{
	if (d->exited || !d->start_time) {
		vt_ctx_message(ctx, "process exited: %d (%s) cannot be signalled", (int)d->pid, d->comm);
		return VT_REACT_REDRAW;
	}
	vt_proc p = { .pid = d->pid, .start_time = d->start_time, .comm = d->comm };
	return vt_ctx_push(ctx, vt_view_kill_new(ctx, &p));
}

static unsigned detail_action(vt_view *v, vt_ctx *ctx, vt_action a)
{
	vt_detail *d = state(v);
	switch (a) {
	case VT_ACT_UP:    return move_to(d, d->tree.sel - 1);
	case VT_ACT_DOWN:  return move_to(d, d->tree.sel + 1);
	case VT_ACT_PGUP:  return act_page(d, -1);
	case VT_ACT_PGDN:  return act_page(d, 1);
	case VT_ACT_HOME:  return move_to(d, 0);
	case VT_ACT_END:   return move_to(d, (long)d->tree.nrows - 1);
	case VT_ACT_ENTER: return fold(d, 0);
	case VT_ACT_MOUSE: return detail_mouse(v);
	case VT_ACT_KILL:  return detail_kill(d, ctx);
	default:
		(void)ctx;
		return list_only(a) ? VT_REACT_NONE : VT_REACT_UNHANDLED;
	}
}

static unsigned detail_key(vt_view *v, vt_ctx *ctx, int key)
{
	vt_detail *d = state(v);
	vt_action a = vt_key_action(key);
	if (a == VT_ACT_RIGHT)
		return fold(d, 1);
	if (a == VT_ACT_LEFT)
		return fold(d, -1);
	if (a == VT_ACT_RSS)
		return toggle_rss(d, ctx);
	return detail_action(v, ctx, a);
}

/* ---- the view ---- */

static void detail_draw_view(vt_view *v, vt_ctx *ctx, vt_area a)
{
	vt_detail_draw(state(v), ctx, a);
}

static const vt_fkey detail_fkeys[] = {
	{ "Enter", "Expand" }, { "\xE2\x86\x90\xE2\x86\x92", "Fold" }, { "r", "Resident" },
	{ "Esc", "Back" }, { "F1", "Help" }, { "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey detail_fkeys_ascii[] = {
	{ "Enter", "Expand" }, { "<-->", "Fold" }, { "r", "Resident" },
	{ "Esc", "Back" }, { "F1", "Help" }, { "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *detail_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	return ctx->utf8 ? detail_fkeys : detail_fkeys_ascii;
}

static void detail_destroy(vt_view *v)
{
	vt_detail *d = state(v);
	if (d->cur)
		ddata_clear(d->cur);
	if (d->spare)
		ddata_clear(d->spare);
	free(d->cur);
	free(d->spare);
	vt_dtree_free(&d->tree);
	free(d->counts);
	free(d);
}

static const struct vt_view_ops detail_ops = {
	.name = "detail",
	.draw = detail_draw_view,
	.handle_key = detail_key,
	.on_snapshot = detail_on_snapshot,
	.fkeys = detail_bar,
	.destroy = detail_destroy,
};

/* Who the pane is about, from the snapshot (the selection's start time when
 * it is this pid). */
static void detail_identify(vt_detail *d, const vt_ctx *ctx)
{
	const vt_proc *p = vt_snapshot_find(&ctx->snap, d->pid);
	int err;
	if (p) {
		d->start_time = p->start_time;
		snprintf(d->comm, sizeof(d->comm), "%s", p->comm);
	} else if (vt_maps_read_comm(NULL, d->pid, d->comm, sizeof(d->comm), &err) < 0) {
		d->comm[0] = '\0';
	}
	if (ctx->sel_pid == d->pid && ctx->sel_start)
		d->start_time = ctx->sel_start;
}

vt_view *vt_view_detail_new(vt_ctx *ctx, pid_t pid)
{
	vt_detail *d = calloc(1, sizeof(*d));
	size_t cap = ctx->history ? vt_history_capacity(ctx->history) : VT_HISTORY_SAMPLES;
	if (!d)
		return NULL;
	d->pid = pid;
	d->rate = d->eta = NAN;
	d->delta = VT_NO_DELTA;
	d->threads = VT_UNKNOWN;
	d->page = 10;
	d->counts = malloc(cap * sizeof(long));
	d->counts_cap = d->counts ? cap : 0;
	vt_dtree_init(&d->tree);
	detail_identify(d, ctx);
	d->generation = ctx->generation;
	detail_refresh(d, ctx);
	vt_view *v = vt_view_new(&detail_ops, d);
	if (!v) {
		vt_view tmp = { .ops = &detail_ops, .priv = d };
		detail_destroy(&tmp);
	}
	return v;
}
