/* The advisor view (key a): what vm.max_map_count this machine needs, what it
 * costs and how to set it.  The content is `vmatop --advise`'s: computed by the
 * core (vt_advise_compute) and rendered by vt_advise_render, again at every
 * snapshot; the peak is the history's highest count since vmatop started.
 * The view scrolls when the screen is short.  It only advises: nothing here
 * writes vm.max_map_count. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "scanjob.h"
#include "view.h"
#include "view_advise.h"

typedef struct advise_state {
	vt_advise_lines lines;  /* the rendered advice (empty until it could be rendered) */
	vt_snapshot all;        /* every process, for the machine totals under -p/-u/K */
	int top;                /* first line shown */
	int page;               /* lines that fit, from the last draw */
} advise_state;

/* How each kind of line is drawn; the indents are --advise's. */
static const struct {
	vt_role role;
	int indent;
} advise_kinds[] = {
	[VT_ADVISE_LINE_BLANK]     = { VT_ROLE_NORMAL, 0 },
	[VT_ADVISE_LINE_TITLE]     = { VT_ROLE_LABEL, 0 },
	[VT_ADVISE_LINE_TEXT]      = { VT_ROLE_NORMAL, 2 },
	[VT_ADVISE_LINE_RECOMMEND] = { VT_ROLE_VALUE, 2 },
	[VT_ADVISE_LINE_COMMAND]   = { VT_ROLE_BAR, 4 },
	[VT_ADVISE_LINE_WARN]      = { VT_ROLE_WARN, 2 },
};

void vt_advise_view_peak(vt_advise_peak *pk, const vt_history *h, const vt_snapshot *s)
{
	const vt_history_peak *hp = h ? vt_history_peak_proc(h) : NULL;
	vt_advise_peak_init(pk);
	if (!hp || hp->vmas == VT_UNKNOWN)
		return;
	pk->vmas = hp->vmas;
	pk->pid = hp->pid;
	memcpy(pk->comm, hp->comm, sizeof(pk->comm) < sizeof(hp->comm) ? sizeof(pk->comm)
									: sizeof(hp->comm));
	pk->comm[sizeof(pk->comm) - 1] = '\0';
	pk->time = s->time - (s->mono - hp->mono);
	pk->start_time = hp->start_time;
}

int vt_advise_view_lines(vt_advise_lines *out, const vt_snapshot *snap, const vt_snapshot *all,
			 const vt_history *h, const vt_opts *o, bool utf8,
			 const vt_advise_env *env)
{
	vt_advise_peak pk;
	vt_advice a;
	vt_advise_view_peak(&pk, h, snap);
	vt_advise_compute(&a, snap, &pk, o->headroom, o->round_to, env);
	if (all && all->nprocs > 0)
		vt_advise_set_totals(&a, all);
	return vt_advise_render(&a, utf8 ? 0 : VT_ADVISE_ASCII, out);
}

/* The scanner shows a selection (-p, -u, or kernel threads too): the machine
 * totals come from one scan of every process, as with --advise -p. */
static bool advise_selection(const vt_ctx *ctx)
{
	return ctx->filter.npids > 0 || ctx->filter.by_uid || ctx->filter.show_kthreads;
}

/* Every process, or NULL when the screen already has them all (or the scan
 * failed: the totals are then the selection's, and the bar says so). */
static const vt_snapshot *advise_scan_all(advise_state *st, vt_ctx *ctx)
{
	vt_filter every;
	char *cause = NULL;
	if (!advise_selection(ctx) || !ctx->scanner)
		return NULL;
	memset(&every, 0, sizeof(every));
	vt_scanjob_hold(ctx->scanjob);
	int rc = vt_scanner_scan(ctx->scanner, &every, &st->all, &cause);
	vt_scanjob_release(ctx->scanjob);
	if (rc == 0)
		return &st->all;
	vt_ctx_message(ctx, "advisor: machine totals are the shown processes' only: %s",
		       cause ? cause : "scan failed");
	free(cause);
	return NULL;
}

/* Render the advice for the current snapshot; on ENOMEM the previous stays. */
static void advise_refresh(advise_state *st, vt_ctx *ctx)
{
	vt_advise_lines l;
	const vt_snapshot *all = advise_scan_all(st, ctx);
	if (vt_advise_view_lines(&l, &ctx->snap, all, ctx->history, ctx->opts, ctx->utf8,
				 NULL) < 0) {
		vt_ctx_message(ctx, "advisor: out of memory");
		return;
	}
	vt_advise_lines_free(&st->lines);
	st->lines = l;
}

static void advise_on_snapshot(vt_view *v, vt_ctx *ctx)
{
	advise_refresh(v->priv, ctx);
}

static int advise_max_top(const advise_state *st)
{
	int max = (int)st->lines.n - st->page;
	return max > 0 ? max : 0;
}

static unsigned advise_scroll_to(advise_state *st, int top)
{
	int max = advise_max_top(st);
	st->top = top < 0 ? 0 : top > max ? max : top;
	return VT_REACT_REDRAW;
}

/* A command wider than the screen wraps onto the next rows (indented 2 more)
 * instead of being cut: every character of it stays visible.  The text is
 * already sanitized, so fitting it consumes exactly the bytes it writes.
 * Returns the rows used (at most rows). */
static int advise_draw_wrapped(const vt_ctx *ctx, const char *s, int y, int x, int w, int rows,
			       unsigned attr)
{
	char buf[1024];
	int used = 0;
	while (*s && used < rows) {
		int cx = used ? x + 2 : x, cw = used ? w - 2 : w;
		if (cw < 8)
			break;
		size_t n = vt_draw_fit(buf, sizeof(buf), s, strlen(s), cw, ctx->utf8, NULL);
		if (n == 0)
			break;
		vt_draw_attr(ctx, y + used, cx, cw, attr, buf);
		s += n;
		used++;
	}
	return used ? used : 1;
}

/* One line of the advice; *cols gets the columns of its first row.  Returns
 * the rows it took (commands wrap, at most rows). */
static int advise_draw_line(const vt_ctx *ctx, const vt_advise_line *l, int y, vt_area a,
			    int rows, int *cols)
{
	int kind = (int)l->kind;
	*cols = 0;
	if (kind < 0 || kind >= (int)(sizeof(advise_kinds) / sizeof(advise_kinds[0])))
		kind = VT_ADVISE_LINE_TEXT;
	int indent = advise_kinds[kind].indent;
	if (indent >= a.w)
		return 1;
	unsigned attr = ctx->attrs[advise_kinds[kind].role];
	if (kind == VT_ADVISE_LINE_TITLE || kind == VT_ADVISE_LINE_RECOMMEND)
		attr |= A_BOLD;
	if (kind == VT_ADVISE_LINE_COMMAND) {
		*cols = a.w;
		return advise_draw_wrapped(ctx, l->text, y, a.x + indent, a.w - indent, rows, attr);
	}
	*cols = indent + vt_draw_attr(ctx, y, a.x + indent, a.w - indent, attr, l->text);
	return 1;
}

/* "[31-65 of 71]" at the right of the first row when not all lines fit and
 * that row leaves room for it. */
static void advise_draw_position(const advise_state *st, const vt_ctx *ctx, vt_area a,
				 int used)
{
	char pos[48];
	if ((int)st->lines.n <= a.h)
		return;
	int last = st->top + a.h < (int)st->lines.n ? st->top + a.h : (int)st->lines.n;
	int n = snprintf(pos, sizeof(pos), "[%d-%d of %zu]", st->top + 1, last, st->lines.n);
	if (n > 0 && used + 2 + n <= a.w)
		vt_draw(ctx, a.y, a.x + a.w - n, n, VT_ROLE_DIM, pos);
}

static void advise_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	advise_state *st = v->priv;
	int used = 0;
	st->page = a.h;
	advise_scroll_to(st, st->top);
	for (int r = 0, i = st->top; r < a.h && i < (int)st->lines.n; i++) {
		int w = 0;
		int rows = advise_draw_line(ctx, &st->lines.v[i], a.y + r, a, a.h - r, &w);
		if (r == 0)
			used = w;
		r += rows;
	}
	advise_draw_position(st, ctx, a, used);
}

/* The wheel scrolls; clicks do nothing here. */
static unsigned advise_mouse(advise_state *st)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return VT_REACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return advise_scroll_to(st, st->top - 3);
	if (ev.bstate & BUTTON5_PRESSED)
		return advise_scroll_to(st, st->top + 3);
	return VT_REACT_NONE;
}

static unsigned advise_key(vt_view *v, vt_ctx *ctx, int key)
{
	advise_state *st = v->priv;
	int page = st->page > 1 ? st->page - 1 : 1;
	switch (vt_key_action(key)) {
	case VT_ACT_UP: return advise_scroll_to(st, st->top - 1);
	case VT_ACT_DOWN: return advise_scroll_to(st, st->top + 1);
	case VT_ACT_PGUP: return advise_scroll_to(st, st->top - page);
	case VT_ACT_PGDN: return advise_scroll_to(st, st->top + page);
	case VT_ACT_HOME: return advise_scroll_to(st, 0);
	case VT_ACT_END: return advise_scroll_to(st, advise_max_top(st));
	case VT_ACT_BACK: return VT_REACT_POP;
	case VT_ACT_ADVISE: return VT_REACT_POP;
	case VT_ACT_QUIT: return key == 'q' ? VT_REACT_POP : VT_REACT_UNHANDLED;
	case VT_ACT_MOUSE: return advise_mouse(st);
	default:
		if (key == 'r' && ctx->history) {   /* forget the highest seen */
			vt_history_reset_peak(ctx->history);
			advise_refresh(st, ctx);
			vt_ctx_message(ctx, "highest seen reset: it restarts from now");
			return VT_REACT_REDRAW;
		}
		return VT_REACT_UNHANDLED;
	}
}

static const vt_fkey advise_fkeys[] = {
	{ "Esc", "Back" }, { "Up", "Scroll" }, { "PgDn", "Page" }, { "r", "ResetPeak" }, { "F1", "Help" },
	{ "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *advise_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return advise_fkeys;
}

static void advise_destroy(vt_view *v)
{
	advise_state *st = v->priv;
	vt_advise_lines_free(&st->lines);
	vt_snapshot_free(&st->all);
	free(st);
}

static const struct vt_view_ops advise_ops = {
	.name = "advise",
	.draw = advise_draw,
	.handle_key = advise_key,
	.on_snapshot = advise_on_snapshot,
	.fkeys = advise_bar,
	.destroy = advise_destroy,
};

vt_view *vt_view_advise_new(vt_ctx *ctx)
{
	advise_state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	vt_snapshot_init(&st->all);
	vt_view *v = vt_view_new(&advise_ops, st);
	if (!v) {
		free(st);
		return NULL;
	}
	advise_refresh(st, ctx);
	return v;
}
