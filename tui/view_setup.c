/* Setup (F2), like htop's: the columns of the column table (shown ones in
 * their order, then the hidden ones), then the settings.  Changes apply at
 * once; leaving Setup writes them to vmatoprc (vt_ctx_save_config). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "widget_list.h"

enum { SET_DELAY, SET_WARN, SET_CRIT, SET_KTHREADS, SET_OTHERS, SET_SCHEME, SET__COUNT };

typedef struct setup_state {
	int order[VT_COL__COUNT];   /* every column: the shown ones first */
	vt_wlist list;              /* the rows: columns, then settings */
} setup_state;

/* Shown columns in ctx order, then the others in table order. */
static void setup_order(setup_state *ss, const vt_ctx *ctx)
{
	int n = 0;
	for (int i = 0; i < ctx->colset.n; i++)
		ss->order[n++] = ctx->colset.ids[i];
	for (int id = 0; id < VT_COL__COUNT; id++)
		if (!vt_col_set_has(&ctx->colset, id))
			ss->order[n++] = id;
}

static int rows(void)
{
	return VT_COL__COUNT + SET__COUNT;
}

static void setting_text(const vt_ctx *ctx, int s, char *buf, size_t sz)
{
	switch (s) {
	case SET_DELAY: snprintf(buf, sz, "Refresh delay      %g s", ctx->delay); break;
	case SET_WARN: snprintf(buf, sz, "Warn at            %g%% of the limit", ctx->warn); break;
	case SET_CRIT: snprintf(buf, sz, "Critical at        %g%% of the limit", ctx->crit); break;
	case SET_KTHREADS:
		snprintf(buf, sz, "Kernel threads     %s", ctx->filter.show_kthreads ? "shown" : "hidden");
		break;
	case SET_OTHERS:
		snprintf(buf, sz, "Other users        %s", ctx->config.other_users ? "shown" : "hidden");
		break;
	default:
		snprintf(buf, sz, "Colour scheme      %s",
			 ctx->config.scheme == VT_SCHEME_MONO ? "monochrome" : "default");
		break;
	}
}

static void draw_row(const vt_ctx *ctx, const setup_state *ss, int r, int y, int x, int w)
{
	char buf[160];
	unsigned attr = ctx->attrs[r == ss->list.cursor ? VT_ROLE_SELECTED : VT_ROLE_NORMAL];
	vt_draw_fill(ctx, y, x, w, attr);
	if (r < VT_COL__COUNT) {
		const vt_column *c = vt_column_get(ss->order[r]);
		snprintf(buf, sizeof(buf), "[%c] %-8s %s", vt_col_set_has(&ctx->colset, ss->order[r]) ? 'x' : ' ',
			 ctx->utf8 ? c->title : c->ascii_title, c->description);
	} else {
		setting_text(ctx, r - VT_COL__COUNT, buf, sizeof(buf));
	}
	vt_draw_attr(ctx, y, x + 1, w - 1, attr, buf);
}

static void setup_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	setup_state *ss = v->priv;
	int page = a.h - 1;
	vt_draw_fill(ctx, a.y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	vt_draw_attr(ctx, a.y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE],
		     "Setup: columns (Space shows/hides, [ ] move), then settings (Left/Right)");
	vt_wlist_set(&ss->list, rows(), page);
	for (int i = 0; i < page && ss->list.top + i < rows(); i++)
		draw_row(ctx, ss, ss->list.top + i, a.y + 1 + i, a.x, a.w);
}

/* The shown set from the order, COMMAND last. */
static void set_from_order(setup_state *ss, vt_ctx *ctx, int toggled)
{
	vt_col_set s = { .n = 0 };
	for (int i = 0; i < VT_COL__COUNT; i++) {
		int id = ss->order[i];
		bool shown = vt_col_set_has(&ctx->colset, id) != (id == toggled);
		if (shown && id != VT_COL_COMMAND)
			s.ids[s.n++] = id;
	}
	s.ids[s.n++] = VT_COL_COMMAND;
	ctx->colset = s;
	setup_order(ss, ctx);
}

static unsigned toggle(setup_state *ss, vt_ctx *ctx)
{
	if (ss->list.cursor < VT_COL__COUNT) {
		int id = ss->order[ss->list.cursor];
		if (id == VT_COL_COMMAND) {
			vt_ctx_message(ctx, "COMMAND is always shown (last)");
			return VT_REACT_REDRAW;
		}
		set_from_order(ss, ctx, id);
		for (int i = 0; i < VT_COL__COUNT; i++)
			if (ss->order[i] == id)
				ss->list.cursor = i;
		return VT_REACT_REDRAW;
	}
	if (ss->list.cursor - VT_COL__COUNT == SET_KTHREADS) {
		ctx->filter.show_kthreads = !ctx->filter.show_kthreads;
		return VT_REACT_REDRAW | VT_REACT_RESCAN;
	}
	if (ss->list.cursor - VT_COL__COUNT == SET_OTHERS) {
		/* Hidden: only the processes of the user running vmatop (even
		 * with -p); shown again: back to what -u asked for. */
		ctx->config.other_users = !ctx->config.other_users;
		ctx->filter.by_uid = !ctx->config.other_users || ctx->opts->by_uid;
		ctx->filter.uid = ctx->config.other_users ? ctx->opts->uid : geteuid();
		return VT_REACT_REDRAW | VT_REACT_RESCAN;
	}
	if (ss->list.cursor - VT_COL__COUNT == SET_SCHEME) {
		ctx->config.scheme = ctx->config.scheme == VT_SCHEME_MONO ? VT_SCHEME_DEFAULT : VT_SCHEME_MONO;
		vt_ctx_apply_scheme(ctx);
	}
	return VT_REACT_REDRAW;
}

/* Swap the selected shown column with its neighbour (COMMAND stays last). */
static unsigned move_col(setup_state *ss, vt_ctx *ctx, int dir)
{
	int i = ss->list.cursor, j = ss->list.cursor + dir;
	int n = ctx->colset.n - 1;           /* shown columns before COMMAND */
	if (i >= n || j < 0 || j >= n)
		return VT_REACT_NONE;
	int t = ctx->colset.ids[i];
	ctx->colset.ids[i] = ctx->colset.ids[j];
	ctx->colset.ids[j] = t;
	setup_order(ss, ctx);
	ss->list.cursor = j;
	return VT_REACT_REDRAW;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static unsigned adjust(setup_state *ss, vt_ctx *ctx, int dir)
{
	switch (ss->list.cursor - VT_COL__COUNT) {
	case SET_DELAY:
		ctx->delay = clamp(ctx->delay + dir * (ctx->delay < 1 || (ctx->delay == 1 && dir < 0) ? 0.1 : 0.5),
				   0.1, 3600);
		return VT_REACT_REDRAW | VT_REACT_RESCAN;
	case SET_WARN: ctx->warn = clamp(ctx->warn + 5 * dir, 5, ctx->crit); return VT_REACT_REDRAW;
	case SET_CRIT: ctx->crit = clamp(ctx->crit + 5 * dir, ctx->warn, 100); return VT_REACT_REDRAW;
	case SET_KTHREADS:
	case SET_OTHERS:
	case SET_SCHEME: return toggle(ss, ctx);
	default: return VT_REACT_NONE;
	}
}

static unsigned setup_key(vt_view *v, vt_ctx *ctx, int key)
{
	setup_state *ss = v->priv;
	vt_action act = vt_key_action(key);
	if (vt_wlist_action(&ss->list, act))
		return VT_REACT_REDRAW;
	switch (act) {
	case VT_ACT_MOUSE: return vt_wlist_mouse(&ss->list) ? VT_REACT_REDRAW : VT_REACT_NONE;
	case VT_ACT_TOGGLE:
	case VT_ACT_ENTER: return toggle(ss, ctx);
	case VT_ACT_MOVE_UP: return move_col(ss, ctx, -1);
	case VT_ACT_MOVE_DOWN: return move_col(ss, ctx, 1);
	case VT_ACT_RIGHT: return adjust(ss, ctx, 1);
	case VT_ACT_LEFT: return adjust(ss, ctx, -1);
	case VT_ACT_SETUP:
	case VT_ACT_BACK:
		vt_ctx_save_config(ctx);
		return VT_REACT_POP | VT_REACT_REDRAW;
	case VT_ACT_QUIT:
	case VT_ACT_HELP: return VT_REACT_UNHANDLED;
	default: return VT_REACT_NONE;
	}
}

static const vt_fkey setup_fkeys[] = {
	{ "Space", "Show/Hide" }, { "[]", "Move" }, { "<-->", "Change" }, { "Esc", "Save" },
	{ "F1", "Help" }, { "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *setup_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return setup_fkeys;
}

static void setup_destroy(vt_view *v)
{
	free(v->priv);
}

static const struct vt_view_ops setup_ops = {
	.name = "setup",
	.draw = setup_draw,
	.handle_key = setup_key,
	.fkeys = setup_bar,
	.destroy = setup_destroy,
};

vt_view *vt_view_setup_new(vt_ctx *ctx)
{
	setup_state *ss = calloc(1, sizeof(*ss));
	if (!ss)
		return NULL;
	setup_order(ss, ctx);
	vt_wlist_init(&ss->list, true);
	vt_wlist_set(&ss->list, rows(), 1);   /* the page is known when drawn */
	vt_view *v = vt_view_new(&setup_ops, ss);
	if (!v)
		free(ss);
	return v;
}
