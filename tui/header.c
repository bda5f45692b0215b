/* The header above the views, and the function-key bar below them. */
#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "replay.h"
#include "view.h"

/* A header line is a row of items; when the line is too narrow whole items
 * are dropped, lowest priority first (a number is never cut: the limit and
 * the worst process go last).  An item is a few segments in their roles. */
#define HDR_ITEMS 12
#define HDR_SEGS 4
#define HDR_TEXT 160

typedef struct hdr_seg {
	vt_role role;
	char text[HDR_TEXT];
} hdr_seg;

typedef struct hdr_item {
	int prio;                 /* 0 is kept longest */
	int nseg;
	hdr_seg seg[HDR_SEGS];
	int bar;                  /* > 0: a bar of that many columns first (the Worst bar) */
	double pct;
} hdr_item;

typedef struct hdr_line {
	const vt_ctx *ctx;
	int y, x, end;
	hdr_item item[HDR_ITEMS];
	int n;
} hdr_line;

/* Start a new item of priority prio. */
static void item(hdr_line *l, int prio)
{
	if (l->n < HDR_ITEMS) {
		memset(&l->item[l->n], 0, sizeof(l->item[l->n]));
		l->item[l->n++].prio = prio;
	}
}

static void put(hdr_line *l, vt_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A segment of the current item. */
static void put(hdr_line *l, vt_role role, const char *fmt, ...)
{
	if (l->n == 0 || l->item[l->n - 1].nseg >= HDR_SEGS)
		return;
	hdr_item *it = &l->item[l->n - 1];
	hdr_seg *sg = &it->seg[it->nseg++];
	va_list ap;
	sg->role = role;
	va_start(ap, fmt);
	vsnprintf(sg->text, sizeof(sg->text), fmt, ap);
	va_end(ap);
}

/* An item of its own: label + value, then two spaces. */
static void field(hdr_line *l, int prio, const char *label, const char *value)
{
	item(l, prio);
	put(l, VT_ROLE_LABEL, "%s ", label);
	put(l, VT_ROLE_VALUE, "%s", value);
	put(l, VT_ROLE_NORMAL, "  ");
}

static int item_width(const hdr_line *l, const hdr_item *it)
{
	char buf[HDR_TEXT * 3];
	int w = it->bar > 0 ? it->bar + 1 : 0;
	for (int i = 0; i < it->nseg; i++) {
		int cols = 0;
		vt_draw_fit(buf, sizeof(buf), it->seg[i].text, strlen(it->seg[i].text), HDR_TEXT,
			    l->ctx->utf8, &cols);
		w += cols;
	}
	return w;
}

/* Which items fit: drop the lowest priority (the later one on a tie) until
 * the rest fit in the line.  The trailing spaces of the last item may go. */
static void hdr_fit(const hdr_line *l, bool *keep)
{
	int widths[HDR_ITEMS], total = 0, avail = l->end - l->x;
	for (int i = 0; i < l->n; i++) {
		keep[i] = true;
		widths[i] = item_width(l, &l->item[i]);
		total += widths[i];
	}
	while (total - 2 > avail) {
		int worst = -1;
		for (int i = 0; i < l->n; i++)
			if (keep[i] && (worst < 0 || l->item[i].prio >= l->item[worst].prio))
				worst = i;
		int left = 0;
		for (int i = 0; i < l->n; i++)
			left += keep[i];
		if (worst < 0 || left <= 1)
			break;            /* one item wider than the line: it is cut */
		keep[worst] = false;
		total -= widths[worst];
	}
}

static void hdr_flush(hdr_line *l)
{
	bool keep[HDR_ITEMS];
	hdr_fit(l, keep);
	for (int i = 0; i < l->n && l->x < l->end; i++) {
		const hdr_item *it = &l->item[i];
		if (!keep[i])
			continue;
		if (it->bar > 0 && it->bar + 1 <= l->end - l->x) {
			vt_draw_bar(l->ctx, l->y, l->x, it->bar, it->pct);
			l->x += it->bar + 1;
		}
		for (int s = 0; s < it->nseg && l->x < l->end; s++)
			l->x += vt_draw(l->ctx, l->y, l->x, l->end - l->x, it->seg[s].role,
					it->seg[s].text);
	}
}

int vt_header_height(const vt_ctx *ctx)
{
	if (ctx->rows >= 14)
		return 4;
	if (ctx->rows >= 8)
		return 2;
	return 1;
}

static void line_system(const vt_ctx *ctx, hdr_line *l)
{
	char v[64];
	item(l, 1);
	put(l, VT_ROLE_VALUE, "vmatop  ");
	if (vt_ctx_replaying(ctx)) {
		char when[32] = "?";
		time_t secs = (time_t)ctx->snap.time;
		struct tm tm;
		if (localtime_r(&secs, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		item(l, 0);
		put(l, VT_ROLE_CRIT, "REPLAY %s", when);
		put(l, VT_ROLE_NORMAL, "  ");
	}
	field(l, 3, "host", ctx->snap.host);
	field(l, 4, "kernel", ctx->snap.kernel);
	if (ctx->snap.max_map_count == VT_UNKNOWN)
		snprintf(v, sizeof(v), "unknown");
	else
		snprintf(v, sizeof(v), "%ld", ctx->snap.max_map_count);
	/* under 40 columns the short label keeps the number whole */
	field(l, 0, l->end - l->x < 40 ? "limit" : "vm.max_map_count", v);
	snprintf(v, sizeof(v), "%gs", ctx->delay);
	field(l, 5, "delay", v);
	field(l, 6, "backend", ctx->snap.backend ? ctx->snap.backend : "?");
	if (ctx->paused) {
		item(l, 0);
		put(l, VT_ROLE_CRIT, "[PAUSED]");
	}
}

static void line_counts(const vt_ctx *ctx, hdr_line *l)
{
	item(l, 0);
	put(l, VT_ROLE_LABEL, "Processes ");
	put(l, VT_ROLE_VALUE, "%d", ctx->snap.scanned);
	put(l, VT_ROLE_NORMAL, " scanned, ");
	item(l, 1);
	put(l, ctx->snap.unreadable ? VT_ROLE_WARN : VT_ROLE_VALUE, "%d", ctx->snap.unreadable);
	put(l, VT_ROLE_NORMAL, " unreadable  ");
	item(l, 0);
	put(l, VT_ROLE_LABEL, "Total VMAs ");
	put(l, VT_ROLE_VALUE, "%ld", ctx->snap.total_vmas);
	put(l, VT_ROLE_NORMAL, "  ");
	if (ctx->snap.unreadable) {
		item(l, 5);
		put(l, VT_ROLE_DIM, "(%s)", ctx->snap.unreadable_why ? ctx->snap.unreadable_why
							   : "permission denied");
	}
}

static void line_worst(const vt_ctx *ctx, hdr_line *l)
{
	const vt_proc *w = vt_snapshot_worst(&ctx->snap);
	item(l, 0);
	put(l, VT_ROLE_LABEL, "Worst ");
	if (!w) {
		put(l, VT_ROLE_DIM, "none readable");
		return;
	}
	double pct = vt_percent(w->vmas, ctx->snap.max_map_count);
	int barw = (l->end - l->x) / 3;
	if (barw > 40)
		barw = 40;
	if (barw >= 12) {
		item(l, 3);
		l->item[l->n - 1].bar = barw;
		l->item[l->n - 1].pct = pct;
	}
	item(l, 0);
	put(l, vt_draw_role_for(ctx, pct), "%ld", w->vmas);
	put(l, VT_ROLE_NORMAL, " VMAs  ");
	item(l, 1);
	put(l, VT_ROLE_NORMAL, "pid %d  ", (int)w->pid);
	item(l, 2);
	put(l, VT_ROLE_VALUE, "%s", w->comm);
}

/* The latest ENOMEM event (e lists them all), at the end of the state line. */
static void line_event(const vt_ctx *ctx, hdr_line *l)
{
	const vt_event *ev = vt_event_log_get(&ctx->evlog, 0);
	char text[160];
	if (!ev)
		return;
	vt_tui_event_text(text, sizeof(text), ev);
	item(l, 2);
	put(l, VT_ROLE_LABEL, "ENOMEM ");
	put(l, ev->cause == VT_EVENT_MAX_MAP_COUNT ? VT_ROLE_OVER : VT_ROLE_WARN, "%s", text);
	if (ctx->evlog.total > 1)
		put(l, VT_ROLE_DIM, " (+%llu more: e)", (unsigned long long)(ctx->evlog.total - 1));
}

static void line_state(const vt_ctx *ctx, hdr_line *l)
{
	const vt_sort_info *si = vt_sort_info_get(ctx->sort);
	bool down = si->descending != ctx->invert;
	item(l, 0);
	put(l, VT_ROLE_LABEL, "Sort ");
	put(l, VT_ROLE_VALUE, "%s %s  ", si->name, down ? "desc" : "asc");
	if (ctx->cmd_filter[0])
		field(l, 1, "Filter", ctx->cmd_filter);
	if (ctx->cgroup_filter[0])
		field(l, 1, "Cgroup", ctx->cgroup_filter);
	if (ctx->filter.by_uid)
		field(l, 1, "User", ctx->user);
	if (ctx->search[0])
		field(l, 2, "Search", ctx->search);
	if (ctx->follow) {
		item(l, 1);
		put(l, VT_ROLE_VALUE, "[Follow %d]  ", (int)ctx->sel_pid);
	}
	if (ctx->tree) {
		item(l, 2);
		put(l, VT_ROLE_VALUE, "[Tree]  ");
	}
	if (ctx->ntags > 0) {
		item(l, 1);
		put(l, VT_ROLE_LABEL, "Tagged ");
		put(l, VT_ROLE_VALUE, "%d  ", ctx->ntags);
	}
	if (ctx->filter.show_kthreads) {
		item(l, 3);
		put(l, VT_ROLE_NORMAL, "kernel threads shown");
	}
	if (ctx->show_exited) {
		item(l, 3);
		put(l, VT_ROLE_NORMAL, "%sexited shown", ctx->filter.show_kthreads ? "  " : "");
	}
	line_event(ctx, l);
}

void vt_header_draw(vt_ctx *ctx, vt_area area)
{
	static void (*const lines[])(const vt_ctx *, hdr_line *) = {
		line_system, line_worst, line_counts, line_state,
	};
	for (int i = 0; i < area.h && i < (int)(sizeof(lines) / sizeof(lines[0])); i++) {
		hdr_line l = { .ctx = ctx, .y = area.y + i, .x = area.x, .end = area.x + area.w };
		lines[i](ctx, &l);
		hdr_flush(&l);
	}
}

void vt_fkeys_draw(vt_ctx *ctx, const vt_fkey *keys, int y)
{
	int x = 0;
	for (const vt_fkey *k = keys; k->key && x < ctx->cols; k++) {
		x += vt_draw(ctx, y, x, ctx->cols - x, VT_ROLE_FKEY, k->key);
		char label[32];
		snprintf(label, sizeof(label), "%-6s ", k->label);
		x += vt_draw(ctx, y, x, ctx->cols - x, VT_ROLE_FLABEL, label);
	}
	if (x < ctx->cols)
		vt_draw_fill(ctx, y, x, ctx->cols - x, ctx->attrs[VT_ROLE_FLABEL]);
}
