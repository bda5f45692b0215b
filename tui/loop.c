/* The interactive screen's loop.
 *
 * The loop sleeps in poll() on stdin, the terminal's signal pipe (terminal.h)
 * and the background scan's fd, with the time left until the next refresh;
 * it asks the worker for a scan when that time comes (scanjob.h: a huge maps
 * file never stalls keys), takes the snapshot when it is ready,
 * dispatches keys to the top view (then the global bindings), and redraws
 * only when a reaction marked the screen dirty. */
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "draw.h"
#include "keys.h"
#include "replay.h"
#include "scanjob.h"
#include "terminal.h"
#include "view.h"
#include "vmatop/clock.h"
#include "vmatop/privs.h"
#include "vmatop/demo.h"
#include "vmatop/sanitize.h"

typedef struct vt_tui {
	vt_ctx ctx;
	double next_scan;       /* CLOCK_MONOTONIC seconds */
	unsigned dirty;         /* VT_REACT_REDRAW | VT_REACT_RELAYOUT */
	bool quit;
	long frames;            /* snapshots shown, for -n (the first is taken in prepare) */
	vt_demo demo;           /* --demo: the child climbing to the limit */
} vt_tui;

static void notify_views(vt_ctx *ctx)
{
	for (int i = 0; i < ctx->depth; i++) {
		vt_view *v = ctx->stack[i];
		if (v->ops->on_snapshot)
			v->ops->on_snapshot(v, ctx);
	}
}

void vt_ctx_resort(vt_ctx *ctx)
{
	vt_snapshot_sort(&ctx->snap, ctx->sort, ctx->invert);
	notify_views(ctx);
}

/* A new snapshot is in ctx->snap: history (live), the processes that exited
 * lately, sort, tell the views.  A recorded one has its figures already. */
static void snapshot_apply(vt_ctx *ctx, bool recorded)
{
	if (!recorded && ctx->history && vt_history_apply(ctx->history, &ctx->snap) < 0)
		vt_ctx_message(ctx, "out of memory for the history: deltas are incomplete");
	if (!recorded && ctx->exited) {
		vt_exited_update(ctx->exited, &ctx->snap, &ctx->filter);
		if (ctx->show_exited && vt_exited_append(ctx->exited, &ctx->snap) < 0)
			vt_ctx_message(ctx, "out of memory: the exited processes are not all shown");
	}
	ctx->generation++;
	vt_ctx_resort(ctx);
}

/* One refresh in this thread (the first one, or without a worker).  -1 with *cause. */
static int scan_once(vt_ctx *ctx, char **cause)
{
	if (vt_ctx_replaying(ctx)) {
		if (vt_replay_source(vt_replay_request(ctx), &ctx->filter, &ctx->snap, cause) < 0) {
			ctx->replay->inflight = false;
			return -1;
		}
		vt_replay_collected(ctx);
		snapshot_apply(ctx, true);
		return 0;
	}
	if (vt_scanner_scan(ctx->scanner, &ctx->filter, &ctx->snap, cause) < 0)
		return -1;
	snapshot_apply(ctx, false);
	return 0;
}

static void scan_done(vt_tui *t, int rc, char *cause, bool recorded)
{
	if (rc < 0) {
		vt_ctx_message(&t->ctx, "%s: %s", recorded ? "replay" : "scan failed",
			       cause ? cause : "unknown error");
		free(cause);
	} else if (rc > 0) {
		snapshot_apply(&t->ctx, recorded);
	}
	t->dirty |= VT_REACT_REDRAW;
	t->frames++;
}

/* Time for a refresh: ask the worker (the snapshot arrives through its fd). */
static void tui_scan(vt_tui *t)
{
	char *cause = NULL;
	t->next_scan = vt_clock_mono() + t->ctx.delay;
	if (t->ctx.scanjob && vt_ctx_replaying(&t->ctx)) {
		vt_scanjob_request_from(t->ctx.scanjob, &t->ctx.filter, vt_replay_source,
					vt_replay_request(&t->ctx));
		return;
	}
	if (t->ctx.scanjob) {
		vt_scanjob_request(t->ctx.scanjob, &t->ctx.filter);
		return;
	}
	int rc = scan_once(&t->ctx, &cause);
	scan_done(t, rc < 0 ? -1 : 0, cause, false);
}

static void collect_scan(vt_tui *t)
{
	char *cause = NULL;
	bool recorded = t->ctx.replay && t->ctx.replay->inflight;
	int rc = vt_scanjob_collect(t->ctx.scanjob, &t->ctx.snap, &cause);
	if (rc != 0 && recorded) {
		if (rc > 0)
			vt_replay_collected(&t->ctx);
		t->ctx.replay->inflight = false;
	}
	if (rc != 0)
		scan_done(t, rc, cause, recorded);
}

static bool scan_busy(const vt_tui *t)
{
	return t->ctx.scanjob && vt_scanjob_busy(t->ctx.scanjob);
}

static void pop_view(vt_ctx *ctx)
{
	if (ctx->depth <= 1)
		return;
	vt_view_free(ctx->stack[--ctx->depth]);
	ctx->stack[ctx->depth] = NULL;
}

static void push_view(vt_ctx *ctx)
{
	vt_view *v = ctx->push;
	ctx->push = NULL;
	if (!v)
		return;
	if (ctx->depth >= VT_STACK_MAX) {
		vt_view_free(v);
		return;
	}
	ctx->stack[ctx->depth++] = v;
}

/* Apply a key's reaction flags. */
static void react(vt_tui *t, unsigned r)
{
	vt_ctx *ctx = &t->ctx;
	if (r & VT_REACT_POP)
		pop_view(ctx);
	if (r & VT_REACT_PUSH)
		push_view(ctx);
	if (r & VT_REACT_RESORT)
		vt_ctx_resort(ctx);
	if ((r & VT_REACT_RESCAN) || ((r & VT_REACT_PUSH) && vt_ctx_replaying(ctx)))
		t->next_scan = 0;   /* replay: a detail pane needs its recorded graph */
	if (r & VT_REACT_QUIT)
		t->quit = true;
	t->dirty |= r & (VT_REACT_REDRAW | VT_REACT_RELAYOUT | VT_REACT_POP | VT_REACT_PUSH);
}

static unsigned dispatch_key(vt_ctx *ctx, int key)
{
	vt_view *top = vt_ctx_top(ctx);
	unsigned r;
	if (key == KEY_RESIZE)
		return VT_REACT_RELAYOUT;
	if (ctx->message[0]) {
		ctx->message[0] = '\0';
		r = VT_REACT_REDRAW;
	} else {
		r = VT_REACT_NONE;
	}
	if (ctx->prompt.active)
		return r | vt_prompt_key(ctx, key);
	unsigned v = top ? top->ops->handle_key(top, ctx, key) : VT_REACT_UNHANDLED;
	if (v & VT_REACT_UNHANDLED)
		v = (v & ~VT_REACT_UNHANDLED) | vt_global_key(ctx, key);
	return r | v;
}

static void read_keys(vt_tui *t)
{
	int key;
	while (!t->quit && (key = getch()) != ERR)
		react(t, dispatch_key(&t->ctx, key));
}

static void handle_winch(vt_tui *t)
{
	vt_term_resize(&t->ctx);
	t->dirty |= VT_REACT_RELAYOUT;
}

/* The bar line: the prompt, a message, or the top view's function keys. */
static void draw_bar(vt_ctx *ctx, int y)
{
	vt_view *top = vt_ctx_top(ctx);
	const vt_fkey *keys = NULL;
	if (ctx->prompt.active) {
		vt_prompt_draw(ctx, y);
		return;
	}
	if (ctx->message[0]) {
		vt_draw_pad(ctx, y, 0, ctx->cols, ctx->attrs[VT_ROLE_PROMPT] | A_BOLD, ctx->message,
			    false);
		return;
	}
	if (top && top->ops->fkeys)
		keys = top->ops->fkeys(top, ctx);
	if (!keys && ctx->stack[0]->ops->fkeys)
		keys = ctx->stack[0]->ops->fkeys(ctx->stack[0], ctx);
	if (keys)
		vt_fkeys_draw(ctx, keys, y);
}

static void draw_views(vt_ctx *ctx, vt_area body)
{
	int first = ctx->depth - 1;
	while (first > 0 && ctx->stack[first]->ops->overlay)
		first--;
	for (int i = first; i >= 0 && i < ctx->depth; i++) {
		vt_view *v = ctx->stack[i];
		v->area = body;
		v->ops->draw(v, ctx, body);
	}
}

static void draw_screen(vt_tui *t)
{
	vt_ctx *ctx = &t->ctx;
	if (t->dirty & VT_REACT_RELAYOUT)
		clearok(curscr, TRUE);
	erase();
	int hh = vt_header_height(ctx);
	if (hh > ctx->rows - 1)
		hh = ctx->rows - 1 > 0 ? ctx->rows - 1 : 0;
	vt_area head = { 0, 0, hh, ctx->cols };
	vt_area body = { hh, 0, ctx->rows - hh - 1, ctx->cols };
	if (hh > 0)
		vt_header_draw(ctx, head);
	if (body.h > 0)
		draw_views(ctx, body);
	draw_bar(ctx, ctx->rows - 1);
	refresh();
	t->dirty = 0;
}

/* --demo: say what the child reports (the list shows its count). */
static void demo_events(vt_tui *t)
{
	vt_demo_event ev;
	vt_ctx *ctx = &t->ctx;
	while (vt_demo_poll(&t->demo, &ev) > 0) {
		if (ev.kind == VT_DEMO_ENOMEM)
			vt_ctx_message(ctx, "%s: ENOMEM at %ld VMAs: vm.max_map_count reached, memory free",
				       VT_DEMO_COMM, ev.count);
		else if (ev.kind == VT_DEMO_RESTART)
			vt_ctx_message(ctx, "%s: released its VMAs, climbing again (cycle %ld)",
				       VT_DEMO_COMM, ev.cycle);
		else if (ev.kind == VT_DEMO_FAILED)
			vt_ctx_message(ctx, "%s could not start: %s", VT_DEMO_COMM, strerror(ev.err));
		else if (ev.kind == VT_DEMO_EXITED)
			vt_ctx_message(ctx, "%s exited", VT_DEMO_COMM);
		t->dirty |= VT_REACT_REDRAW;
	}
}

/* Sleep until input, a signal, an ENOMEM event or the next refresh. */
static void wait_events(vt_tui *t)
{
	struct pollfd fds[5] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = vt_term_signal_fd(), .events = POLLIN },
		{ .fd = vt_demo_fd(&t->demo), .events = POLLIN },
		{ .fd = vt_scanjob_fd(t->ctx.scanjob), .events = POLLIN },
		{ .fd = vt_events_fd(t->ctx.events), .events = POLLIN },
	};
	int timeout = -1;
	if (!t->ctx.paused && !scan_busy(t)) {
		double left = t->next_scan - vt_clock_mono();
		timeout = left <= 0 ? 0 : (int)ceil(left * 1000.0);
	}
	if (poll(fds, 5, timeout) < 0)
		return;
	if ((fds[4].revents & POLLIN) && vt_tui_events_take(&t->ctx))
		t->dirty |= VT_REACT_REDRAW;
	if (fds[3].revents & POLLIN)
		collect_scan(t);
	if (fds[2].revents)
		demo_events(t);
	if (fds[1].revents & POLLIN)
		vt_term_drain();
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		t->quit = true;
	else if (fds[0].revents & POLLIN)
		read_keys(t);
}

static void run_loop(vt_tui *t)
{
	t->dirty = VT_REACT_RELAYOUT;
	while (!t->quit && !vt_term_quit_signal()) {
		/* stopped and resumed: the shell may have drawn over the screen */
		bool cont = vt_term_take_cont();
		if (vt_term_take_winch() || cont)
			handle_winch(t);
		bool moved = vt_replay_pending(&t->ctx);   /* replay keys work paused too */
		if ((!t->ctx.paused || moved) && vt_clock_mono() >= t->next_scan && !scan_busy(t)) {
			/* -n N: like top, leave when the next refresh would be the N+1st */
			if (t->ctx.opts->iterations > 0 && t->frames + 1 >= t->ctx.opts->iterations)
				break;
			tui_scan(t);
		}
		if (t->dirty)
			draw_screen(t);
		wait_events(t);
	}
}

static void config_warn(void *arg, int line, const char *reason)
{
	fprintf(stderr, "vmatop: %s:%d: %s (line ignored)\n", (const char *)arg, line, reason);
}

/* vmatoprc, then the command line over it for this run. */
static void ctx_config(vt_ctx *ctx, const vt_opts *o)
{
	char *cause = NULL;
	vt_config *c = &ctx->config;
	vt_config_defaults(c);
	ctx->config_path = vt_config_path();
	if (ctx->config_path && vt_config_load(c, ctx->config_path, config_warn, ctx->config_path,
					       &cause) < 0) {
		fprintf(stderr, "vmatop: %s (settings ignored)\n", cause ? cause : ctx->config_path);
		free(cause);
	}
	ctx->colset = c->colset;
	ctx->warn = c->warn;
	ctx->crit = c->crit;
	ctx->sort = o->sort_given ? o->sort : c->sort;
	ctx->invert = o->invert || (!o->sort_given && c->invert);
	ctx->delay = o->delay_given ? o->delay : c->delay;
	ctx->filter.show_kthreads = o->show_kthreads || c->kernel_threads;
	if (!c->other_users && !o->by_uid && o->npids == 0) {
		ctx->filter.by_uid = true;
		ctx->filter.uid = geteuid();
	}
}

static void ctx_init(vt_ctx *ctx, const vt_opts *o)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->opts = o;
	vt_filter_from_opts(&ctx->filter, o);
	ctx->filter.cgroup = NULL;     /* --cgroup is the screen's G filter: editable there */
	snprintf(ctx->cgroup_filter, sizeof(ctx->cgroup_filter), "%s", o->cgroup ? o->cgroup : "");
	vt_snapshot_init(&ctx->snap);
	ctx_config(ctx, o);
	if (o->containers && !vt_col_set_has(&ctx->colset, VT_COL_CONTAINER))
		vt_col_set_toggle(&ctx->colset, VT_COL_CONTAINER);
	ctx->utf8 = vt_locale_is_utf8();
	snprintf(ctx->user, sizeof(ctx->user), "%s", o->by_uid ? o->user : "");
	if (o->npids > 0) {
		ctx->sel_pid = o->pids[0];
		ctx->follow = true;
	}
	ctx->exited = vt_exited_new();
}

static void ctx_free(vt_ctx *ctx)
{
	while (ctx->depth > 0)
		vt_view_free(ctx->stack[--ctx->depth]);
	vt_view_free(ctx->push);
	vt_tui_events_stop(ctx);
	vt_snapshot_free(&ctx->snap);
	vt_replay_close(ctx);
	vt_exited_free(ctx->exited);
	if (ctx->history)
		vt_history_free(ctx->history);
	if (ctx->scanner)
		vt_scanner_free(ctx->scanner);
	free(ctx->config_path);
}

/* The scanner, the history and a first snapshot, before the screen starts
 * (errors go to stderr).  Exit status or -1 to go on. */
static int prepare(vt_ctx *ctx)
{
	char *cause = NULL;
	ctx->scanner = vt_scanner_new(NULL, ctx->opts->backend, &cause);
	if (ctx->scanner && (vt_scanner_set_pods_root(ctx->scanner, ctx->opts->pods_dir) < 0 ||
			     !(ctx->history = vt_history_new(0, 0))))
		cause = strdup("out of memory");
	if (ctx->opts->db && ctx->scanner && ctx->history &&
	    vt_replay_open(ctx, ctx->opts->db, &cause) < 0) {
		vt_errorf("--db: %s", cause ? cause : "cannot open");
		free(cause);
		return 1;
	}
	if (ctx->replay)
		snapshot_apply(ctx, true);
	if (!ctx->scanner || !ctx->history || (!ctx->replay && scan_once(ctx, &cause) < 0)) {
		vt_errorf("%s", cause ? cause : "cannot start the scanner");
		free(cause);
		return 1;
	}
	if (vt_scanner_backend_note(ctx->scanner))
		vt_ctx_message(ctx, "%s", vt_scanner_backend_note(ctx->scanner));
	if (ctx->sel_pid > 0) {
		const vt_proc *p = vt_snapshot_find(&ctx->snap, ctx->sel_pid);
		if (!p) {
			vt_errorf("no process with pid %d", (int)ctx->sel_pid);
			return 1;
		}
		vt_ctx_select(ctx, p);
	}
	vt_tui_events_start(ctx);
	/* after every BPF program is loaded (the counter, the ENOMEM catcher);
	 * the catcher's ring buffer needs nothing more once attached */
	if (vt_privs_keep(vt_privs_for_backend(vt_scanner_backend(ctx->scanner)) | VT_PRIV_KILL,
			  &cause) < 0) {
		vt_errorf("%s", cause ? cause : "cannot drop capabilities");
		free(cause);
		return 1;
	}
	return -1;
}

/* --demo: start the child before the first scan; it is selected and followed. */
static int start_demo(vt_tui *t)
{
	char *cause = NULL;
	t->demo.fd = -1;
	if (!t->ctx.opts->demo)
		return 0;
	if (vt_demo_start(t->ctx.opts->demo_rate, &t->demo, &cause) < 0) {
		vt_errorf("--demo: %s", cause ? cause : "cannot start the child");
		free(cause);
		return -1;
	}
	t->ctx.sel_pid = t->demo.pid;
	t->ctx.follow = true;
	return 0;
}

static int start_views(vt_ctx *ctx)
{
	vt_view *list = vt_view_list_new(ctx);
	if (!list)
		return -1;
	ctx->stack[ctx->depth++] = list;
	notify_views(ctx);
	/* -p and --demo open the selected process's detail, when that view exists. */
	bool detail = ctx->opts->npids > 0 || ctx->opts->demo;
	if (detail && ctx->sel_pid > 0) {
		vt_view *d = vt_view_detail_new(ctx, ctx->sel_pid);
		if (d)
			ctx->stack[ctx->depth++] = d;
	}
	return 0;
}

int vt_tui_main(const vt_opts *o)
{
	vt_tui t;
	int status;
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		vt_errorf("the interactive screen needs a terminal: use -b for batch output");
		return 2;
	}
	if (vt_term_check() < 0)
		return 2;
	memset(&t, 0, sizeof(t));
	ctx_init(&t.ctx, o);
	status = start_demo(&t) < 0 ? 1 : prepare(&t.ctx);
	if (status < 0 && (vt_term_signals() < 0 || start_views(&t.ctx) < 0)) {
		vt_errorf("cannot set up the screen: %s", strerror(errno));
		status = 1;
	}
	if (status < 0 && vt_term_start(&t.ctx) < 0) {
		vt_errorf("cannot initialise the terminal (is TERM set?)");
		status = 1;
	}
	if (status < 0) {
		/* without a worker thread the scans run in the loop itself */
		t.ctx.scanjob = vt_scanjob_new(t.ctx.scanner);
		t.next_scan = vt_clock_mono() + t.ctx.delay;
		run_loop(&t);
		vt_ctx_save_config(&t.ctx);
		status = 0;
	}
	vt_scanjob_free(t.ctx.scanjob);
	t.ctx.scanjob = NULL;
	vt_term_stop();
	vt_demo_stop(&t.demo);
	ctx_free(&t.ctx);
	vt_term_reraise();
	return status;
}
