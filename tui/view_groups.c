/* The groups view (key g): processes folded per container, pod, systemd unit
 * or cgroup (vt_cgroup_groups), each with its process count, the sum of its
 * VMAs and its worst process.  Enter filters the list to the selected group
 * (the G filter) and goes back; Esc goes back unfiltered. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "view.h"

typedef struct groups_state {
	vt_cgroup_group *g;     /* pointers into ctx->snap: rebuilt at every snapshot */
	size_t n;
	long sel, top;
	int page;
} groups_state;

enum { GC_GROUP, GC_KIND, GC_PROCS, GC_VMAS, GC_PCT, GC_PID, GC_CMD, GC__COUNT };

static const struct {
	const char *title;
	int width;              /* 0: the rest of the line */
	bool right;
} gcols[GC__COUNT] = {
	[GC_GROUP] = { "GROUP", 30, false },
	[GC_KIND]  = { "KIND", 9, false },
	[GC_PROCS] = { "PROCS", 5, true },
	[GC_VMAS]  = { "VMAS", 9, true },
	[GC_PCT]   = { "WORST%", 7, true },
	[GC_PID]   = { "PID", 7, true },
	[GC_CMD]   = { "WORST COMMAND", 0, false },
};

/* The groups are those of the processes the list shows (its filters). */
static bool groups_keep(const vt_proc *p, const void *ctx)
{
	return vt_ctx_visible(ctx, p);
}

static void groups_rebuild(groups_state *st, const vt_ctx *ctx)
{
	free(st->g);
	st->g = NULL;
	st->n = 0;
	if (vt_cgroup_groups(&ctx->snap, groups_keep, ctx, &st->g, &st->n) < 0)
		st->n = 0;
	if (st->sel >= (long)st->n)
		st->sel = (long)st->n - 1;
	if (st->sel < 0)
		st->sel = 0;
}

/* The group's name as shown: short id and pod for a container, the pod, the unit, the path. */
static void group_name(const vt_cgroup_group *g, char *buf, size_t sz)
{
	const vt_cgroup *cg = &g->first->cg;
	char id[VT_CONTAINER_SHORT + 1];
	switch (g->kind) {
	case VT_GROUP_CONTAINER:
		snprintf(id, sizeof(id), "%.*s", VT_CONTAINER_SHORT, cg->container);
		if (cg->pod && cg->namespace)
			snprintf(buf, sz, "%s %s/%s", id, cg->namespace, cg->pod);
		else
			snprintf(buf, sz, "%s", id);
		break;
	case VT_GROUP_POD:
		if (cg->pod && cg->namespace)
			snprintf(buf, sz, "%s/%s", cg->namespace, cg->pod);
		else
			snprintf(buf, sz, "pod%s", cg->pod_uid);
		break;
	case VT_GROUP_UNKNOWN:
		snprintf(buf, sz, "(cgroup unreadable)");
		break;
	default:
		snprintf(buf, sz, "%s", g->key);
		break;
	}
}

static void group_cell(const vt_ctx *ctx, const vt_cgroup_group *g, int c, char *buf, size_t sz)
{
	double pct = g->worst ? vt_percent(g->worst->vmas, ctx->snap.max_map_count) : NAN;
	buf[0] = '\0';
	switch (c) {
	case GC_GROUP: group_name(g, buf, sz); break;
	case GC_KIND: snprintf(buf, sz, "%s", vt_group_kind_name(g->kind)); break;
	case GC_PROCS: snprintf(buf, sz, "%d", g->procs); break;
	case GC_VMAS: snprintf(buf, sz, g->worst ? "%ld" : "-", g->vmas); break;
	case GC_PCT:
		if (isnan(pct))
			snprintf(buf, sz, "-");
		else
			snprintf(buf, sz, "%.1f%c", pct, vt_draw_marker_for_percent(pct));
		break;
	case GC_PID:
		if (g->worst)
			snprintf(buf, sz, "%d", (int)g->worst->pid);
		break;
	case GC_CMD:
		if (g->worst)
			snprintf(buf, sz, "%s", g->worst->comm);
		break;
	}
}

/* One row (g NULL, y < 0: the titles). */
static void groups_row(const vt_ctx *ctx, const vt_cgroup_group *g, vt_area a, int y, bool sel)
{
	char buf[512];
	int x = a.x;
	unsigned selattr = sel ? ctx->attrs[VT_ROLE_SELECTED] : 0;
	if (sel)
		vt_draw_fill(ctx, y, a.x, a.w, selattr);
	for (int c = 0; c < GC__COUNT && x < a.x + a.w; c++) {
		int w = gcols[c].width ? gcols[c].width : a.x + a.w - x;
		if (x + w > a.x + a.w)
			w = a.x + a.w - x;
		unsigned attr = ctx->attrs[VT_ROLE_NORMAL];
		if (c == GC_PCT && g && g->worst)
			attr = ctx->attrs[vt_draw_role_for_percent(
				vt_percent(g->worst->vmas, ctx->snap.max_map_count))];
		if (y < 0) {
			vt_draw_pad(ctx, a.y, x, w, ctx->attrs[VT_ROLE_TITLE], gcols[c].title,
				    gcols[c].right);
		} else {
			group_cell(ctx, g, c, buf, sizeof(buf));
			vt_draw_pad(ctx, y, x, w, sel ? selattr : attr, buf, gcols[c].right);
		}
		x += w + 1;
	}
}

static void groups_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	groups_state *st = v->priv;
	v->area = a;
	vt_draw_fill(ctx, a.y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	groups_row(ctx, NULL, a, -1, false);
	st->page = a.h > 1 ? a.h - 1 : 1;
	if (st->sel < st->top)
		st->top = st->sel;
	if (st->sel >= st->top + st->page)
		st->top = st->sel - st->page + 1;
	if (st->n == 0 && a.h > 1)
		vt_draw(ctx, a.y + 1, a.x, a.w, VT_ROLE_DIM, "no process");
	for (int i = 0; i < a.h - 1; i++) {
		long r = st->top + i;
		if (r >= (long)st->n)
			break;
		groups_row(ctx, &st->g[r], a, a.y + 1 + i, r == st->sel);
	}
}

static unsigned groups_move(groups_state *st, long to)
{
	if (to >= (long)st->n)
		to = (long)st->n - 1;
	st->sel = to < 0 ? 0 : to;
	return VT_REACT_REDRAW;
}

/* Enter: the list shows only the selected group (the G filter), back to it. */
static unsigned groups_enter(groups_state *st, vt_ctx *ctx)
{
	if (st->sel < 0 || (size_t)st->sel >= st->n || !st->g[st->sel].key)
		return VT_REACT_POP;
	snprintf(ctx->cgroup_filter, sizeof(ctx->cgroup_filter), "%s", st->g[st->sel].key);
	ctx->stack[0]->ops->on_snapshot(ctx->stack[0], ctx);
	return VT_REACT_POP | VT_REACT_REDRAW;
}

static unsigned groups_key(vt_view *v, vt_ctx *ctx, int key)
{
	groups_state *st = v->priv;
	long page = st->page > 1 ? st->page - 1 : 1;
	switch (vt_key_action(key)) {
	case VT_ACT_UP: return groups_move(st, st->sel - 1);
	case VT_ACT_DOWN: return groups_move(st, st->sel + 1);
	case VT_ACT_PGUP: return groups_move(st, st->sel - page);
	case VT_ACT_PGDN: return groups_move(st, st->sel + page);
	case VT_ACT_HOME: return groups_move(st, 0);
	case VT_ACT_END: return groups_move(st, (long)st->n - 1);
	case VT_ACT_ENTER: return groups_enter(st, ctx);
	case VT_ACT_GROUPS: return VT_REACT_POP;
	case VT_ACT_BACK: return VT_REACT_POP;
	case VT_ACT_QUIT: return key == 'q' ? VT_REACT_POP : VT_REACT_UNHANDLED;
	default: return VT_REACT_UNHANDLED;
	}
}

static void groups_on_snapshot(vt_view *v, vt_ctx *ctx)
{
	groups_rebuild(v->priv, ctx);
}

static const vt_fkey groups_fkeys[] = {
	{ "Enter", "Filter" }, { "Esc", "Back" }, { "g", "List" }, { "F1", "Help" },
	{ "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *groups_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return groups_fkeys;
}

static void groups_destroy(vt_view *v)
{
	groups_state *st = v->priv;
	free(st->g);
	free(st);
}

static const struct vt_view_ops groups_ops = {
	.name = "groups",
	.draw = groups_draw,
	.handle_key = groups_key,
	.on_snapshot = groups_on_snapshot,
	.fkeys = groups_bar,
	.destroy = groups_destroy,
};

vt_view *vt_view_groups_new(vt_ctx *ctx)
{
	groups_state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	vt_view *v = vt_view_new(&groups_ops, st);
	if (!v) {
		free(st);
		return NULL;
	}
	groups_rebuild(st, ctx);
	return v;
}
