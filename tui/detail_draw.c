/* Drawing the detail pane: a title, the history graph against the limit,
 * the rate line, then the tree of types, paths and VMAs.  Every string goes
 * through tui/draw.h (paths and the command name are untrusted bytes). */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "detail.h"
#include "draw.h"
#include "replay.h"

#define LABEL_MIN 8          /* the graph's axis labels: at least this wide */
#define GRAPH_BYTES 4096
#define DETAIL_EVENTS_MAX 3  /* event lines of the process above its table */
#define DETAIL_TABLE_MIN 4   /* rows the table keeps at least */

enum { DC_NAME, DC_VMAS, DC_PROC, DC_MAX, DC_VIRT, DC_NOACC, DC_RSS, DC_REST, DC__COUNT };

typedef struct dcol {
	const char *title;
	int width;               /* 0: the rest of the line */
	int min_cols;            /* hidden on narrower screens */
	bool right;
} dcol;

static const dcol dcols[DC__COUNT] = {
	[DC_NAME]  = { "TYPE", 9, 0, false },
	[DC_VMAS]  = { "VMAS", 8, 0, true },
	[DC_PROC]  = { "%PROC", 6, 60, true },
	[DC_MAX]   = { "%MAX", 7, 0, true },
	[DC_VIRT]  = { "VIRT", 10, 0, true },
	[DC_NOACC] = { "NOACC", 6, 90, true },
	[DC_RSS]   = { "RSS", 10, 70, true },
	[DC_REST]  = { "DETAIL / PATH / VMA", 0, 0, false },
};

typedef struct dline {
	const vt_ctx *ctx;
	int y, x;
	int xs[DC__COUNT], ws[DC__COUNT];
	unsigned sel;            /* the selection's attribute, 0 when not selected */
	const char *dot;
} dline;

static void layout(dline *l, int width)
{
	int x = 0;
	for (int c = 0; c < DC__COUNT; c++) {
		l->xs[c] = x;
		l->ws[c] = 0;
		if (width < dcols[c].min_cols || x >= width)
			continue;
		l->ws[c] = dcols[c].width ? dcols[c].width : width - x;
		if (x + l->ws[c] > width)
			l->ws[c] = width - x;
		x += l->ws[c] + 1;
	}
}

static void cell(const dline *l, int c, vt_role role, const char *text)
{
	if (!l->ws[c])
		return;
	vt_draw_pad(l->ctx, l->y, l->x + l->xs[c], l->ws[c], l->sel ? l->sel : l->ctx->attrs[role],
		    text, dcols[c].right);
}

static void cell_fmt(const dline *l, int c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void cell_fmt(const dline *l, int c, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cell(l, c, VT_ROLE_NORMAL, buf);
}

/* Draw s in the rest column after `used` columns; returns the new `used`. */
static int rest(const dline *l, int used, vt_role role, const char *s)
{
	int w = l->ws[DC_REST] - used;
	if (w <= 0 || !l->ws[DC_REST])
		return used;
	unsigned attr = l->sel ? l->sel : l->ctx->attrs[role];
	return used + vt_draw_attr(l->ctx, l->y, l->x + l->xs[DC_REST] + used, w, attr, s);
}

static const char *marker(const vt_ctx *ctx, bool open)
{
	if (ctx->utf8)
		return open ? "\xE2\x96\xBE" : "\xE2\x96\xB8";
	return open ? "-" : "+";
}

static void pct_cell(const dline *l, int c, long n, long of)
{
	double p = vt_percent(n, of);
	if (isnan(p))
		cell(l, c, VT_ROLE_DIM, "-");
	else
		cell_fmt(l, c, c == DC_MAX ? "%.2f%%" : "%.1f%%", p);
}

static void size_cells(const dline *l, unsigned long long bytes, long rss_kb)
{
	char buf[32];
	vt_format_bytes(buf, sizeof(buf), bytes);
	cell(l, DC_VIRT, VT_ROLE_NORMAL, buf);
	vt_format_kb(buf, sizeof(buf), rss_kb);
	cell(l, DC_RSS, rss_kb < 0 ? VT_ROLE_DIM : VT_ROLE_NORMAL, buf);
}

/* ---- the rows ---- */

static void row_type(const dline *l, const vt_detail *d, const vt_drow *r, bool open)
{
	const vt_grouping *g = &d->cur->g;
	const vt_type_group *t = vt_dtree_type(g, r);
	char buf[512];
	snprintf(buf, sizeof(buf), "%s %s", marker(l->ctx, open), vt_type_name(t->type));
	cell(l, DC_NAME, VT_ROLE_VALUE, buf);
	cell_fmt(l, DC_VMAS, "%ld", t->vmas);
	pct_cell(l, DC_PROC, t->vmas, g->vmas);
	pct_cell(l, DC_MAX, t->vmas, g->max_map_count);
	size_cells(l, t->bytes, t->rss_kb);
	if (t->type == VT_TYPE_ANON)
		cell_fmt(l, DC_NOACC, "%ld", t->no_access);
	rest(l, 0, VT_ROLE_NORMAL, vt_detail_summary(buf, sizeof(buf), g, t, l->ctx->utf8));
}

static void row_path(const dline *l, const vt_detail *d, const vt_drow *r, bool open)
{
	const vt_grouping *g = &d->cur->g;
	const vt_path_group *p = vt_dtree_path(g, r);
	size_t n;
	const char *path = vt_maps_path(g->maps, p->path, &n);
	char mark[16];
	cell_fmt(l, DC_VMAS, "%ld", p->vmas);
	pct_cell(l, DC_PROC, p->vmas, g->vmas);
	pct_cell(l, DC_MAX, p->vmas, g->max_map_count);
	size_cells(l, p->bytes, p->rss_kb);
	snprintf(mark, sizeof(mark), "%s%s ", r->depth > 1 ? "    " : "  ", marker(l->ctx, open));
	int used = rest(l, 0, VT_ROLE_NORMAL, mark);
	used = rest(l, used, n ? VT_ROLE_NORMAL : VT_ROLE_DIM, n ? path : "(unnamed)");
	if (p->deleted)
		rest(l, used, VT_ROLE_WARN, " (deleted)");
}

/* A directory's files folded: "DIR/ (N files, M VMAs)". */
static void row_dir(const dline *l, const vt_detail *d, const vt_drow *r, bool open)
{
	const vt_grouping *g = &d->cur->g;
	const vt_rollup *dir = vt_dtree_dir(&d->tree, r);
	const char *s = vt_maps_path(g->maps, dir->path, NULL);
	char buf[96], text[1024];
	size_t n = dir->dirlen < sizeof(text) ? dir->dirlen : sizeof(text) - 1;
	memcpy(text, s, n);
	text[n] = '\0';
	cell_fmt(l, DC_VMAS, "%ld", dir->vmas);
	pct_cell(l, DC_PROC, dir->vmas, g->vmas);
	pct_cell(l, DC_MAX, dir->vmas, g->max_map_count);
	size_cells(l, dir->bytes, dir->rss_kb);
	snprintf(buf, sizeof(buf), "  %s ", marker(l->ctx, open));
	int used = rest(l, 0, VT_ROLE_NORMAL, buf);
	used = rest(l, used, VT_ROLE_NORMAL, text);
	snprintf(buf, sizeof(buf), " (%ld files, %ld VMAs)", dir->files, dir->vmas);
	rest(l, used, VT_ROLE_DIM, buf);
}

static void row_vma(const dline *l, const vt_detail *d, const vt_drow *r)
{
	const vt_maps *m = d->cur->g.maps;
	const vt_vma *v = &m->vmas[r->vi];
	char perms[5], buf[160];
	vt_maps_perms_text(v->perms, perms);
	size_cells(l, (unsigned long long)(v->end - v->start), m->rss_kb ? m->rss_kb[r->vi] : VT_UNKNOWN);
	snprintf(buf, sizeof(buf), "      %08lx-%08lx %s %08llx %02x:%02x %llu", v->start, v->end,
		 perms, v->offset, v->dev_major, v->dev_minor, v->inode);
	rest(l, 0, VT_ROLE_NORMAL, buf);
}

static void draw_row(dline *l, const vt_detail *d, long row)
{
	const vt_drow *r = &d->tree.rows[row];
	bool open = vt_dtree_is_open(&d->tree, &d->cur->g, row);
	l->sel = row == d->tree.sel ? l->ctx->attrs[VT_ROLE_SELECTED] : 0;
	if (l->sel)
		vt_draw_fill(l->ctx, l->y, l->x, l->xs[DC__COUNT - 1] + l->ws[DC__COUNT - 1], l->sel);
	if (r->kind == VT_DROW_TYPE)
		row_type(l, d, r, open);
	else if (r->kind == VT_DROW_PATH)
		row_path(l, d, r, open);
	else if (r->kind == VT_DROW_DIR)
		row_dir(l, d, r, open);
	else
		row_vma(l, d, r);
}

static void draw_titles(dline *l)
{
	vt_draw_fill(l->ctx, l->y, l->x, l->xs[DC__COUNT - 1] + l->ws[DC__COUNT - 1],
		     l->ctx->attrs[VT_ROLE_TITLE]);
	for (int c = 0; c < DC__COUNT; c++) {
		if (l->ws[c])
			vt_draw_pad(l->ctx, l->y, l->x + l->xs[c], l->ws[c], l->ctx->attrs[VT_ROLE_TITLE],
				    dcols[c].title, dcols[c].right);
	}
}

static void scroll_to_selection(vt_detail *d)
{
	long n = (long)d->tree.nrows;
	if (d->page < 1)
		d->page = 1;
	if (d->tree.sel < d->top)
		d->top = d->tree.sel;
	if (d->tree.sel >= d->top + d->page)
		d->top = d->tree.sel - d->page + 1;
	if (d->top > n - d->page)
		d->top = n - d->page;
	if (d->top < 0)
		d->top = 0;
}

static void draw_table(vt_detail *d, const vt_ctx *ctx, int y, vt_area a)
{
	dline l = { .ctx = ctx, .y = y, .x = a.x };
	layout(&l, a.w);
	if (y >= a.y + a.h)
		return;
	draw_titles(&l);
	d->table_y = y + 1;
	d->page = a.y + a.h - d->table_y;
	if (!d->cur && vt_ctx_replaying(ctx) && d->page > 0)
		vt_draw(ctx, d->table_y, a.x, a.w, VT_ROLE_DIM,
			"recorded: the count over time only (the memory map is not recorded)");
	if (!d->cur)
		return;
	scroll_to_selection(d);
	if (d->tree.nrows == 0 && d->page > 0)
		vt_draw(ctx, d->table_y, a.x, a.w, VT_ROLE_DIM,
			"no memory map (a kernel thread, or the process is exiting)");
	for (int i = 0; i < d->page && d->top + i < (long)d->tree.nrows; i++) {
		l.y = d->table_y + i;
		draw_row(&l, d, d->top + i);
	}
}

/* ---- the title and the history ---- */

static const char *err_text(const vt_ctx *ctx, int err)
{
	static char buf[256];
	if (err == EACCES || err == EPERM) {
		snprintf(buf, sizeof(buf), "permission denied (%s)",
			 ctx->snap.unreadable_why ? ctx->snap.unreadable_why : "needs CAP_SYS_PTRACE");
		return buf;
	}
	return strerror(err);
}

static void draw_title(const vt_detail *d, const vt_ctx *ctx, int y, vt_area a)
{
	const char *dot = ctx->utf8 ? "\xC2\xB7" : "-";
	int x = a.x, w = a.w;
	x += vt_draw_fmt(ctx, y, x, w, ctx->attrs[VT_ROLE_VALUE], "pid %d (%s)", (int)d->pid, d->comm);
	if (d->cur) {
		long n = d->cur->g.vmas, lim = d->cur->g.max_map_count;
		double p = vt_percent(n, lim);
		char mark[2] = { vt_draw_marker_for_percent(p), '\0' };
		unsigned attr = ctx->attrs[vt_draw_role_for(ctx, p)];
		x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_NORMAL], " %s ", dot);
		x += vt_draw_fmt(ctx, y, x, a.x + w - x, attr, "%ld VMAs", n);
		if (!isnan(p))
			x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_NORMAL],
					 " %s %.2f%%%s of vm.max_map_count %ld", dot, p,
					 mark[0] == ' ' ? "" : mark, lim);
	} else if (vt_ctx_replaying(ctx)) {
		const vt_proc *p = vt_snapshot_find(&ctx->snap, d->pid);
		if (p && p->vmas >= 0)
			x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_VALUE],
					 " %s %ld VMAs recorded", dot, p->vmas);
	}
	if (d->kthread && !d->exited)
		x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_DIM],
				 "  [a kernel thread: no memory map, no VMAs]");
	else if (d->exited)
		x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_CRIT], "  [process exited%s%s]",
				 d->reused ? ", its pid now names another process" : "",
				 d->cur ? ": last data shown" : "");
	else if (d->err)
		x += vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_CRIT],
				 "  cannot read /proc/%d/maps: %s", (int)d->pid, err_text(ctx, d->err));
	if (d->rss && d->rss_err)
		vt_draw_fmt(ctx, y, x, a.x + w - x, ctx->attrs[VT_ROLE_WARN], "  smaps: %s",
			    err_text(ctx, d->rss_err));
}

/* The axis label of graph row i of h: the limit on top, 0 at the bottom. */
static void graph_label(const vt_ctx *ctx, int y, int x, int w, int i, int h, long hi)
{
	char buf[24];
	buf[0] = '\0';
	if (i == 0)
		snprintf(buf, sizeof(buf), "%ld", hi);
	else if (i == h - 1)
		snprintf(buf, sizeof(buf), "0");
	vt_draw_pad(ctx, y, x, w, ctx->attrs[VT_ROLE_LABEL], buf, true);
}

/* Columns of the labels: the top value's digits (a limit of 2147483642 too). */
static int label_width(long hi)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%ld", hi);
	return n > LABEL_MIN ? n : LABEL_MIN;
}

static long graph_top(const vt_detail *d)
{
	long hi = d->cur ? d->cur->g.max_map_count : VT_UNKNOWN;
	if (hi > 0)
		return hi;
	for (size_t i = 0; i < d->ncounts; i++)
		if (d->counts[i] > hi)
			hi = d->counts[i];
	return hi > 0 ? hi : 1;
}

static void draw_graph(const vt_detail *d, const vt_ctx *ctx, int y, int h, vt_area a)
{
	char buf[GRAPH_BYTES];
	long hi = graph_top(d);
	int lw = label_width(hi);
	int gw = a.w - lw - 1;
	long now = d->ncounts ? d->counts[d->ncounts - 1] : VT_UNKNOWN;
	unsigned attr = ctx->attrs[vt_draw_bar_role(ctx, vt_percent(now, hi))];
	for (int i = 0; i < h; i++) {
		graph_label(ctx, y + i, a.x, lw, i, h, hi);
		if (gw <= 0)
			continue;
		vt_detail_graph_row(buf, sizeof(buf), d->counts, d->ncounts, gw, h, i, hi, ctx->utf8);
		vt_draw_attr(ctx, y + i, a.x + lw + 1, gw, attr, buf);
	}
	if (d->ncounts == 0 && gw > 0)
		vt_draw(ctx, y + h / 2, a.x + lw + 1, gw, VT_ROLE_DIM, "no samples yet");
}

static int grew_text(const vt_detail *d, char *buf, size_t sz)
{
	long now[VT_TYPE_COUNT], delta = 0;
	if (!d->cur || !d->have_open)
		return snprintf(buf, sz, "%s", "");
	vt_detail_type_counts(&d->cur->g, now);
	int t = vt_detail_grew_most(d->open_counts, now, &delta);
	if (t < 0)
		return snprintf(buf, sz, "no type grew since the pane opened");
	return snprintf(buf, sz, "grew most since the pane opened: %s %+ld",
			vt_type_name((vt_vma_type)t), delta);
}

static void draw_rates(const vt_detail *d, const vt_ctx *ctx, int y, vt_area a)
{
	const char *dot = ctx->utf8 ? "\xC2\xB7" : "-";
	char rate[32], eta[32], grew[96], delta[32] = "-";
	int x = a.x;
	vt_detail_rate(rate, sizeof(rate), d->rate);
	if (d->delta == 0)
		snprintf(delta, sizeof(delta), "0");
	else if (d->delta != VT_NO_DELTA)
		snprintf(delta, sizeof(delta), "%+ld", d->delta);
	x += vt_draw_fmt(ctx, y, x, a.w, ctx->attrs[VT_ROLE_NORMAL], "rate %s %s %s %s ", rate, dot,
			 ctx->utf8 ? "\xCE\x94" : "delta", delta);
	if (d->rate > 0 && isfinite(d->eta)) {
		vt_detail_duration(eta, sizeof(eta), d->eta);
		x += vt_draw_fmt(ctx, y, x, a.x + a.w - x, ctx->attrs[VT_ROLE_CRIT],
				 "%s %s", dot, d->eta > 0 ? "ETA to the limit" : "at the limit");
		if (d->eta > 0)
			x += vt_draw_fmt(ctx, y, x, a.x + a.w - x, ctx->attrs[VT_ROLE_CRIT], " %s", eta);
		x += vt_draw_attr(ctx, y, x, a.x + a.w - x, 0, " ");
	}
	grew_text(d, grew, sizeof(grew));
	x += vt_draw_fmt(ctx, y, x, a.x + a.w - x, ctx->attrs[VT_ROLE_NORMAL], "%s %s", dot, grew);
	if (d->flags & (VT_PROC_CROSSED_WARN | VT_PROC_CROSSED_LIMIT))
		x += vt_draw_fmt(ctx, y, x, a.x + a.w - x, ctx->attrs[VT_ROLE_OVER], " %s crossed %s",
				 dot, d->flags & VT_PROC_CROSSED_LIMIT ? "the limit" : "80%");
	if (d->read_ms > 0)
		vt_draw_fmt(ctx, y, x, a.x + a.w - x, ctx->attrs[VT_ROLE_DIM], " %s maps read in %.1f ms",
			    dot, d->read_ms);
}

/* ---- the causes ---- */

#define TABLE_KEEP 6         /* rows kept for the table below the causes */
#define CAUSE_NAME_W 18
#define CAUSE_VMAS_W 8
#define CAUSE_PCT_W 7

static void cause_line(const vt_ctx *ctx, int y, vt_area a, const vt_causes *c,
		       const vt_cause_entry *e, bool with_advice)
{
	int x = a.x, dx = a.x + CAUSE_NAME_W + CAUSE_VMAS_W + CAUSE_PCT_W + 4;
	vt_draw_pad(ctx, y, x, CAUSE_NAME_W, ctx->attrs[VT_ROLE_VALUE], vt_cause_name(e->cause), false);
	x += CAUSE_NAME_W + 1;
	vt_draw_fmt(ctx, y, x, CAUSE_VMAS_W, ctx->attrs[VT_ROLE_NORMAL], "%*ld", CAUSE_VMAS_W, e->vmas);
	x += CAUSE_VMAS_W + 1;
	vt_draw_fmt(ctx, y, x, CAUSE_PCT_W, ctx->attrs[VT_ROLE_NORMAL], "%*.1f%%", CAUSE_PCT_W - 1,
		    c->vmas > 0 ? 100.0 * (double)e->vmas / (double)c->vmas : 0.0);
	if (dx >= a.x + a.w)
		return;
	/* Without room for two lines a cause shows what to do. */
	const char *text = with_advice || !e->advice[0] ? e->detail : e->advice;
	vt_draw(ctx, y, dx, a.x + a.w - dx, e->vmas ? VT_ROLE_NORMAL : VT_ROLE_DIM,
		e->vmas ? text : "none");
}

static void advice_line(const vt_ctx *ctx, int y, vt_area a, const vt_cause_entry *e)
{
	int dx = a.x + CAUSE_NAME_W + CAUSE_VMAS_W + CAUSE_PCT_W + 4;
	if (dx >= a.x + a.w)
		return;
	int used = vt_draw(ctx, y, dx, a.x + a.w - dx, VT_ROLE_LABEL, ctx->utf8 ? "\xE2\x86\x92 " : "-> ");
	vt_draw(ctx, y, dx + used, a.x + a.w - dx - used, VT_ROLE_NORMAL, e->advice);
}

/* Why so many VMAs: a title, one line per cause with VMAs (and other) and,
 * when the pane is tall enough, each advice below its cause.  Returns the
 * lines drawn. */
static int draw_causes(const vt_detail *d, const vt_ctx *ctx, int y, vt_area a)
{
	const char *dot = ctx->utf8 ? "\xC2\xB7" : "-";
	const vt_causes *c = d->cur ? &d->cur->causes : NULL;
	int room = a.y + a.h - y - TABLE_KEEP, shown = 0, line = 0;
	if (!c || room < 2)
		return 0;
	for (int i = 0; i < VT_CAUSE_COUNT; i++)
		shown += vt_cause_shown(&c->list[i]);
	bool advice = room >= 1 + 2 * shown;
	char threads[32] = "unknown";
	if (c->threads >= 0)
		snprintf(threads, sizeof(threads), "%ld", c->threads);
	vt_draw_fill(ctx, y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	vt_draw_fmt(ctx, y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE],
		    "%-*s %*s %*s  WHY %ld VMAS %s threads %s %s first rule that matches",
		    CAUSE_NAME_W, "CAUSE", CAUSE_VMAS_W, "VMAS", CAUSE_PCT_W, "%PROC", c->vmas, dot,
		    threads, dot);
	line++;
	for (int i = 0; i < VT_CAUSE_COUNT && line < room; i++) {
		const vt_cause_entry *e = &c->list[i];
		if (!vt_cause_shown(e))
			continue;
		cause_line(ctx, y + line++, a, c, e, advice);
		if (advice && e->vmas > 0 && e->advice[0] && line < room)
			advice_line(ctx, y + line++, a, e);
	}
	return line;
}

/* The process's ENOMEM events (only when it had some): a count, then the
 * latest ones while the table keeps at least DETAIL_TABLE_MIN rows.
 * Returns the next free line. */
static int draw_events(const vt_detail *d, const vt_ctx *ctx, int y, vt_area a)
{
	size_t hits = 0;
	size_t n = vt_event_log_count(&ctx->evlog, d->pid, d->start_time, &hits);
	char text[160];
	if (n == 0 || y >= a.y + a.h - DETAIL_TABLE_MIN)
		return y;
	vt_draw_fmt(ctx, y++, a.x, a.w, ctx->attrs[hits ? VT_ROLE_OVER : VT_ROLE_WARN],
		    "ENOMEM events of this process: %zu, %zu at the limit (e: all events)", n, hits);
	size_t shown = 0;
	for (size_t i = 0; i < ctx->evlog.n && shown < DETAIL_EVENTS_MAX; i++) {
		const vt_event *ev = vt_event_log_get(&ctx->evlog, i);
		if (ev->pid != d->pid || (d->start_time && ev->start_time && ev->start_time != d->start_time))
			continue;
		if (y >= a.y + a.h - DETAIL_TABLE_MIN)
			break;
		vt_tui_event_text(text, sizeof(text), ev);
		vt_draw(ctx, y++, a.x + 2, a.w - 2, VT_ROLE_NORMAL, text);
		shown++;
	}
	return y;
}

int vt_detail_graph_height(int area_h)
{
	if (area_h >= 30)
		return 8;
	if (area_h >= 22)
		return 6;
	if (area_h >= 16)
		return 4;
	if (area_h >= 12)
		return 2;
	return 0;
}

void vt_detail_draw(vt_detail *d, vt_ctx *ctx, vt_area a)
{
	int y = a.y, gh = vt_detail_graph_height(a.h);
	if (a.h <= 0)
		return;
	draw_title(d, ctx, y++, a);
	if (gh > 0) {
		draw_graph(d, ctx, y, gh, a);
		y += gh;
	}
	if (y < a.y + a.h - 2)
		draw_rates(d, ctx, y++, a);
	y = draw_events(d, ctx, y, a);
	y += draw_causes(d, ctx, y, a);
	draw_table(d, ctx, y, a);
}
