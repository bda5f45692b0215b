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

/* A line being written left to right. */
typedef struct hdr_line {
	const vt_ctx *ctx;
	int y, x, end;
} hdr_line;

static void put(hdr_line *l, vt_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(hdr_line *l, vt_role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (l->x < l->end)
		l->x += vt_draw(l->ctx, l->y, l->x, l->end - l->x, role, buf);
}

/* label + value, then two spaces. */
static void field(hdr_line *l, const char *label, const char *value)
{
	put(l, VT_ROLE_LABEL, "%s ", label);
	put(l, VT_ROLE_VALUE, "%s", value);
	put(l, VT_ROLE_NORMAL, "  ");
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
	put(l, VT_ROLE_VALUE, "vmatop  ");
	if (vt_ctx_replaying(ctx)) {
		char when[32] = "?";
		time_t secs = (time_t)ctx->snap.time;
		struct tm tm;
		if (localtime_r(&secs, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		put(l, VT_ROLE_CRIT, "REPLAY %s", when);
		put(l, VT_ROLE_NORMAL, "  ");
	}
	field(l, "host", ctx->snap.host);
	field(l, "kernel", ctx->snap.kernel);
	if (ctx->snap.max_map_count == VT_UNKNOWN)
		snprintf(v, sizeof(v), "unknown");
	else
		snprintf(v, sizeof(v), "%ld", ctx->snap.max_map_count);
	field(l, "vm.max_map_count", v);
	snprintf(v, sizeof(v), "%gs", ctx->delay);
	field(l, "delay", v);
	field(l, "backend", ctx->snap.backend ? ctx->snap.backend : "?");
	if (ctx->paused)
		put(l, VT_ROLE_CRIT, "[PAUSED]");
}

static void line_counts(const vt_ctx *ctx, hdr_line *l)
{
	put(l, VT_ROLE_LABEL, "Processes ");
	put(l, VT_ROLE_VALUE, "%d", ctx->snap.scanned);
	put(l, VT_ROLE_NORMAL, " scanned, ");
	put(l, ctx->snap.unreadable ? VT_ROLE_WARN : VT_ROLE_VALUE, "%d", ctx->snap.unreadable);
	put(l, VT_ROLE_NORMAL, " unreadable");
	if (ctx->snap.unreadable)
		put(l, VT_ROLE_DIM, " (run as root or with CAP_SYS_PTRACE to read them)");
	put(l, VT_ROLE_NORMAL, "  ");
	put(l, VT_ROLE_LABEL, "Total VMAs ");
	put(l, VT_ROLE_VALUE, "%ld", ctx->snap.total_vmas);
}

static void line_worst(const vt_ctx *ctx, hdr_line *l)
{
	const vt_proc *w = vt_snapshot_worst(&ctx->snap);
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
		vt_draw_bar(ctx, l->y, l->x, barw, pct);
		l->x += barw + 1;
	}
	put(l, vt_draw_role_for(ctx, pct), "%ld", w->vmas);
	put(l, VT_ROLE_NORMAL, " VMAs  pid %d  ", (int)w->pid);
	put(l, VT_ROLE_VALUE, "%s", w->comm);
}

static void line_state(const vt_ctx *ctx, hdr_line *l)
{
	const vt_sort_info *si = vt_sort_info_get(ctx->sort);
	bool down = si->descending != ctx->invert;
	put(l, VT_ROLE_LABEL, "Sort ");
	put(l, VT_ROLE_VALUE, "%s %s  ", si->name, down ? "desc" : "asc");
	if (ctx->cmd_filter[0]) {
		put(l, VT_ROLE_LABEL, "Filter ");
		put(l, VT_ROLE_VALUE, "%s  ", ctx->cmd_filter);
	}
	if (ctx->filter.by_uid) {
		put(l, VT_ROLE_LABEL, "User ");
		put(l, VT_ROLE_VALUE, "%s  ", ctx->user);
	}
	if (ctx->search[0]) {
		put(l, VT_ROLE_LABEL, "Search ");
		put(l, VT_ROLE_VALUE, "%s  ", ctx->search);
	}
	if (ctx->follow)
		put(l, VT_ROLE_VALUE, "[Follow %d]  ", (int)ctx->sel_pid);
	if (ctx->filter.show_kthreads)
		put(l, VT_ROLE_NORMAL, "kernel threads shown  ");
	if (ctx->show_exited)
		put(l, VT_ROLE_NORMAL, "exited shown");
}

void vt_header_draw(vt_ctx *ctx, vt_area area)
{
	static void (*const lines[])(const vt_ctx *, hdr_line *) = {
		line_system, line_worst, line_counts, line_state,
	};
	for (int i = 0; i < area.h && i < (int)(sizeof(lines) / sizeof(lines[0])); i++) {
		hdr_line l = { ctx, area.y + i, area.x, area.x + area.w };
		lines[i](ctx, &l);
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
