/* The ENOMEM events on the screen: the catcher's life in the TUI (started
 * with the screen, never fatal: without BPF or privileges the reason is
 * shown instead), and the events view (e): the latest events, newest first,
 * one row each.  The header's last line shows the latest event, the list
 * marks processes that hit the limit, the detail pane lists its process's. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "vmatop/export.h"
#include "vmatop/format.h"

#define EVENTS_KEPT 512

void vt_tui_events_start(vt_ctx *ctx)
{
	char *cause = NULL;
	vt_events_filter f = {
		.pids = ctx->filter.pids,
		.npids = ctx->filter.npids,
		.by_uid = ctx->filter.by_uid,
		.uid = ctx->filter.uid,
	};
	ctx->events_off[0] = '\0';
	if (vt_event_log_init(&ctx->evlog, EVENTS_KEPT) < 0) {
		snprintf(ctx->events_off, sizeof(ctx->events_off), "out of memory");
		return;
	}
	/* No cgroup paths: resolving them is file I/O, and the screen does none. */
	ctx->events = vt_events_open(&f, 0, &cause);
	if (!ctx->events)
		snprintf(ctx->events_off, sizeof(ctx->events_off), "%s",
			 cause ? cause : "ENOMEM catcher: cannot start");
	free(cause);
}

static void take_one(const vt_event *ev, void *arg)
{
	vt_event_log_add(arg, ev);
}

bool vt_tui_events_take(vt_ctx *ctx)
{
	uint64_t before = ctx->evlog.total;
	if (!ctx->events)
		return false;
	vt_events_set_limit(ctx->events, ctx->snap.max_map_count);
	vt_events_poll(ctx->events, 0, take_one, &ctx->evlog);
	return ctx->evlog.total != before;
}

void vt_tui_events_stop(vt_ctx *ctx)
{
	vt_events_close(ctx->events);
	ctx->events = NULL;
	vt_event_log_free(&ctx->evlog);
}

static void count_text(char *buf, size_t sz, int64_t v)
{
	if (v < 0)
		snprintf(buf, sz, "?");
	else
		snprintf(buf, sz, "%lld", (long long)v);
}

void vt_tui_event_text(char *buf, size_t sz, const vt_event *ev)
{
	char when[48], n[24], lim[24];
	vt_event_time_text(when, sizeof(when), ev->time_ns, false);
	count_text(n, sizeof(n), ev->map_count);
	count_text(lim, sizeof(lim), ev->max_map_count);
	/* the time of day only: "2026-12-02 16:40:12.123" -> "16:40:12" */
	const char *tod = strlen(when) >= 19 ? when + 11 : when;
	snprintf(buf, sz, "%.8s pid %d %.16s %s at %s/%s VMAs: %s", tod, (int)ev->pid, ev->comm,
		 ev->syscall, n, lim, vt_event_cause_name(ev->cause));
}

size_t vt_tui_limit_hits(const vt_ctx *ctx, const vt_proc *p)
{
	size_t hits = 0;
	if (ctx->evlog.n == 0)
		return 0;
	vt_event_log_count(&ctx->evlog, p->pid, p->start_time, &hits);
	return hits;
}

/* ---- the view ---- */

typedef struct events_state {
	long top;               /* first event row shown (0 = the newest) */
	int page;
} events_state;

enum { EC_TIME, EC_PID, EC_TID, EC_CALL, EC_LEN, EC_COUNT, EC_LIMIT, EC_CAUSE, EC_COMM, EC__COUNT };

static const struct {
	const char *title;
	int width;              /* 0: the rest */
	bool right;
} ecols[EC__COUNT] = {
	[EC_TIME]  = { "TIME", 12, false },
	[EC_PID]   = { "PID", 7, true },
	[EC_TID]   = { "TID", 7, true },
	[EC_CALL]  = { "CALL", 8, false },
	[EC_LEN]   = { "LENGTH", 10, true },
	[EC_COUNT] = { "VMAS", 10, true },
	[EC_LIMIT] = { "LIMIT", 10, true },
	[EC_CAUSE] = { "CAUSE", 13, false },
	[EC_COMM]  = { "COMMAND", 0, false },
};

/* Draw the columns of one row from texts[] (NULL: the titles). */
static void draw_cells(const vt_ctx *ctx, int y, vt_area a, const char *const texts[EC__COUNT],
		       const unsigned attrs[EC__COUNT])
{
	int x = a.x;
	for (int c = 0; c < EC__COUNT && x < a.x + a.w; c++) {
		int w = ecols[c].width ? ecols[c].width : a.x + a.w - x;
		if (x + w > a.x + a.w)
			w = a.x + a.w - x;
		vt_draw_pad(ctx, y, x, w, attrs[c], texts[c], ecols[c].right);
		x += w + 1;
	}
}

static void draw_event(const vt_ctx *ctx, int y, vt_area a, const vt_event *ev)
{
	char when[48], pid[16], tid[16], len[32], n[24], lim[24];
	vt_event_time_text(when, sizeof(when), ev->time_ns, false);
	snprintf(pid, sizeof(pid), "%d", (int)ev->pid);
	snprintf(tid, sizeof(tid), "%d", (int)ev->tid);
	vt_format_bytes(len, sizeof(len), ev->len);
	count_text(n, sizeof(n), ev->map_count);
	count_text(lim, sizeof(lim), ev->max_map_count);
	char comm[VT_EVENT_COMM_LEN + 1];
	snprintf(comm, sizeof(comm), "%.16s", ev->comm);
	const char *texts[EC__COUNT] = {
		strlen(when) >= 19 ? when + 11 : when, pid, tid, ev->syscall, len, n, lim,
		vt_event_cause_name(ev->cause), comm,
	};
	unsigned normal = ctx->attrs[VT_ROLE_NORMAL];
	unsigned attrs[EC__COUNT];
	for (int c = 0; c < EC__COUNT; c++)
		attrs[c] = normal;
	attrs[EC_CAUSE] = ctx->attrs[ev->cause == VT_EVENT_MAX_MAP_COUNT ? VT_ROLE_OVER : VT_ROLE_WARN];
	attrs[EC_COMM] = ctx->attrs[VT_ROLE_VALUE];
	draw_cells(ctx, y, a, texts, attrs);
}

static void events_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	events_state *st = v->priv;
	const vt_event_log *l = &ctx->evlog;
	int y = a.y;
	if (a.h <= 0)
		return;
	if (ctx->events_off[0])
		vt_draw(ctx, y, a.x, a.w, VT_ROLE_CRIT, ctx->events_off);
	else
		vt_draw_fmt(ctx, y, a.x, a.w, ctx->attrs[VT_ROLE_VALUE],
			    "ENOMEM events: %llu caught, the last %zu kept (newest first)",
			    (unsigned long long)l->total, l->n);
	if (++y >= a.y + a.h)
		return;
	unsigned tattr[EC__COUNT];
	const char *titles[EC__COUNT];
	for (int c = 0; c < EC__COUNT; c++) {
		tattr[c] = ctx->attrs[VT_ROLE_TITLE];
		titles[c] = ecols[c].title;
	}
	vt_draw_fill(ctx, y, a.x, a.w, ctx->attrs[VT_ROLE_TITLE]);
	draw_cells(ctx, y++, a, titles, tattr);
	st->page = a.y + a.h - y;
	if (st->top > (long)l->n - st->page)
		st->top = (long)l->n - st->page;
	if (st->top < 0)
		st->top = 0;
	if (l->n == 0 && st->page > 0)
		vt_draw(ctx, y, a.x, a.w, VT_ROLE_DIM,
			ctx->events_off[0] ? "no events: the catcher is off" : "no ENOMEM since vmatop started");
	for (int r = 0; r < st->page; r++) {
		const vt_event *ev = vt_event_log_get(l, (size_t)(st->top + r));
		if (!ev)
			break;
		draw_event(ctx, y + r, a, ev);
	}
}

static unsigned events_scroll(events_state *st, long top)
{
	st->top = top;
	return VT_REACT_REDRAW;
}

static unsigned events_key(vt_view *v, vt_ctx *ctx, int key)
{
	events_state *st = v->priv;
	long page = st->page > 1 ? st->page - 1 : 1;
	switch (vt_key_action(key)) {
	case VT_ACT_UP: return events_scroll(st, st->top - 1);
	case VT_ACT_DOWN: return events_scroll(st, st->top + 1);
	case VT_ACT_PGUP: return events_scroll(st, st->top - page);
	case VT_ACT_PGDN: return events_scroll(st, st->top + page);
	case VT_ACT_HOME: return events_scroll(st, 0);
	case VT_ACT_END: return events_scroll(st, (long)ctx->evlog.n);
	case VT_ACT_BACK: return VT_REACT_POP;
	case VT_ACT_EVENTS: return VT_REACT_POP;
	case VT_ACT_QUIT: return key == 'q' ? VT_REACT_POP : VT_REACT_UNHANDLED;
	default: return VT_REACT_UNHANDLED;
	}
}

static const vt_fkey events_fkeys[] = {
	{ "Esc", "Back" }, { "Up", "Scroll" }, { "PgDn", "Page" }, { "F1", "Help" },
	{ "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *events_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return events_fkeys;
}

static void events_destroy(vt_view *v)
{
	free(v->priv);
}

static const struct vt_view_ops events_ops = {
	.name = "events",
	.draw = events_draw,
	.handle_key = events_key,
	.fkeys = events_bar,
	.destroy = events_destroy,
};

vt_view *vt_view_events_new(vt_ctx *ctx)
{
	(void)ctx;
	events_state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->page = 10;
	vt_view *v = vt_view_new(&events_ops, st);
	if (!v)
		free(st);
	return v;
}
