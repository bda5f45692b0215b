/* The recorded source of the screen and the processes that exited lately
 * (replay.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "replay.h"
#include "vmatop/options.h"

/* ---- replay: the worker's side ---- */

/* The series of one process resampled on the graph's grid ending at t: one
 * point per recorded sample interval (the one before t), like one per
 * refresh live. */
static void job_series(vt_replay_job *j, int64_t t)
{
	vt_store_series s;
	char *cause = NULL;
	int64_t prev, grid = VT_REPLAY_GRID_MS;
	if (vt_store_step(j->st, t, -1, &prev) == 0 && t > prev)
		grid = t - prev < VT_REPLAY_GRID_MIN_MS ? VT_REPLAY_GRID_MIN_MS :
		       t - prev > VT_REPLAY_GRID_MAX_MS ? VT_REPLAY_GRID_MAX_MS : t - prev;
	int64_t from = t - (int64_t)(VT_REPLAY_POINTS - 1) * grid;
	j->ncounts = 0;
	if (j->pid <= 0)
		return;
	memset(&s, 0, sizeof(s));
	/* a minute earlier: the last sample before the grid (a steady count is
	 * written once a minute) */
	if (vt_store_series_get(j->st, j->pid, j->start, from - 60000, &s, &cause) < 0) {
		free(cause);
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < VT_REPLAY_POINTS; i++) {
		int64_t at = from + (int64_t)i * grid;
		while (k < s.npoints && s.points[k].time_ms <= at)
			k++;
		bool alive = at >= s.first_seen_ms && (!s.exited || at <= s.last_seen_ms);
		j->counts[i] = alive && k > 0 ? s.points[k - 1].count : -1;
	}
	j->ncounts = VT_REPLAY_POINTS;
	vt_store_series_free(&s);
}

int vt_replay_source(void *arg, const vt_filter *f, vt_snapshot *out, char **cause)
{
	vt_replay_job *j = arg;
	int64_t first, last, t = j->t_ms, next;
	if (vt_store_range(j->st, &first, &last, cause) < 0)
		return -1;
	if (j->step && vt_store_step(j->st, t, j->step, &next) == 0)
		t = next;
	t += j->move_ms;
	if (t < first)
		t = first;
	if (t > last)
		t = last;
	if (vt_store_at(j->st, t, j->window_ms, out, cause) < 0)
		return -1;
	vt_snapshot_filter(out, f);
	vt_history_first(out);
	j->t_ms = (int64_t)(out->time * 1000.0 + 0.5);
	job_series(j, j->t_ms);
	return 0;
}

/* ---- replay: the main thread's side ---- */

bool vt_ctx_replaying(const vt_ctx *ctx)
{
	return ctx->replay && !ctx->replay->live;
}

int vt_replay_open(vt_ctx *ctx, const char *path, char **cause)
{
	vt_replay *r = calloc(1, sizeof(*r));
	int64_t first;
	if (!r) {
		*cause = strdup("out of memory");
		return -1;
	}
	r->st = vt_store_open(path, VT_STORE_READ, cause);
	if (!r->st || vt_store_range(r->st, &first, &r->t_ms, cause) < 0) {
		vt_store_close(r->st);
		free(r);
		return -1;
	}
	ctx->replay = r;
	ctx->show_exited = true;   /* X hides them */
	vt_replay_job *j = vt_replay_request(ctx);
	if (vt_replay_source(j, &ctx->filter, &ctx->snap, cause) < 0) {
		vt_replay_close(ctx);
		return -1;
	}
	vt_replay_collected(ctx);
	return 0;
}

void vt_replay_close(vt_ctx *ctx)
{
	if (!ctx->replay)
		return;
	vt_store_close(ctx->replay->st);
	free(ctx->replay);
	ctx->replay = NULL;
}

bool vt_replay_pending(const vt_ctx *ctx)
{
	const vt_replay *r = ctx->replay;
	return vt_ctx_replaying(ctx) && (r->step || r->move_ms || r->jump);
}

vt_replay_job *vt_replay_request(vt_ctx *ctx)
{
	vt_replay *r = ctx->replay;
	vt_replay_job *j = &r->job;
	j->st = r->st;
	j->t_ms = r->jump ? r->jump_ms : r->t_ms;
	j->step = r->step;
	j->move_ms = r->move_ms;
	j->window_ms = ctx->show_exited ? (int64_t)(VT_EXITED_WINDOW * 1000.0) : 0;
	j->pid = ctx->sel_pid;
	j->start = ctx->sel_start;
	r->jump = false;
	r->step = 0;
	r->move_ms = 0;
	r->inflight = true;
	return j;
}

void vt_replay_collected(vt_ctx *ctx)
{
	vt_replay *r = ctx->replay;
	r->inflight = false;
	r->t_ms = r->job.t_ms;
	r->pid = r->job.pid;
	r->start = r->job.start;
	r->ncounts = r->job.ncounts;
	memcpy(r->counts, r->job.counts, sizeof(r->counts));
}

size_t vt_replay_counts(const vt_ctx *ctx, pid_t pid, unsigned long long start, long *out,
			size_t max)
{
	const vt_replay *r = ctx->replay;
	if (!r || r->pid != pid || (start && r->start && r->start != start))
		return 0;
	size_t n = r->ncounts < max ? r->ncounts : max;
	memcpy(out, r->counts + (r->ncounts - n), n * sizeof(long));
	return n;
}

/* ---- the keys ---- */

static unsigned move(vt_ctx *ctx, int step, int64_t move_ms)
{
	if (!vt_ctx_replaying(ctx)) {
		vt_ctx_message(ctx, ctx->replay ? "live: press L to go back to the recording" :
			       "stepping needs a recording: vmatop --db PATH");
		return VT_REACT_REDRAW;
	}
	ctx->replay->step = step;
	ctx->replay->move_ms += move_ms;
	return VT_REACT_RESCAN;
}

static unsigned jump_done(vt_ctx *ctx, const char *text, bool accepted)
{
	int64_t ms;
	if (!accepted || !text[0] || !vt_ctx_replaying(ctx))
		return VT_REACT_REDRAW;
	if (vt_parse_time(text, (double)time(NULL), &ms) < 0) {
		vt_ctx_message(ctx, "time: '%s' is not a TIME (-10m, 13:05, 2026-12-02T13:05:00, @EPOCH)",
			       text);
		return VT_REACT_REDRAW;
	}
	ctx->replay->jump = true;
	ctx->replay->jump_ms = ms;
	ctx->replay->step = 0;
	ctx->replay->move_ms = 0;
	return VT_REACT_REDRAW | VT_REACT_RESCAN;
}

static unsigned toggle_live(vt_ctx *ctx)
{
	if (!ctx->replay) {
		vt_ctx_message(ctx, "already live (a recording is replayed with vmatop --db PATH)");
		return VT_REACT_REDRAW;
	}
	ctx->replay->live = !ctx->replay->live;
	vt_ctx_message(ctx, "%s", ctx->replay->live ? "live" : "replaying the recording");
	return VT_REACT_REDRAW | VT_REACT_RESCAN;
}

unsigned vt_replay_key(vt_ctx *ctx, int action)
{
	switch (action) {
	case VT_ACT_REPLAY_PREV:
		return move(ctx, -1, 0);
	case VT_ACT_REPLAY_NEXT:
		return move(ctx, 1, 0);
	case VT_ACT_REPLAY_BACK_MIN:
		return move(ctx, 0, -60000);
	case VT_ACT_REPLAY_FWD_MIN:
		return move(ctx, 0, 60000);
	case VT_ACT_REPLAY_JUMP:
		if (!vt_ctx_replaying(ctx))
			return move(ctx, 0, 0);
		return vt_prompt_begin(ctx, "Time (-10m, 13:05, @EPOCH):", "", NULL, jump_done);
	case VT_ACT_REPLAY_LIVE:
		return toggle_live(ctx);
	case VT_ACT_EXITED:
		ctx->show_exited = !ctx->show_exited;
		vt_ctx_message(ctx, "processes that exited in the last %.0f minutes %s",
			       VT_EXITED_WINDOW / 60.0, ctx->show_exited ? "shown" : "hidden");
		return VT_REACT_REDRAW | VT_REACT_RESCAN;
	default:
		return VT_REACT_UNHANDLED;
	}
}

/* ---- exited lately (live) ---- */

const char *vt_exited_label(char *buf, size_t sz, double when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char hms[16] = "?";
	if (localtime_r(&t, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(buf, sz, "exited %s", hms);
	return buf;
}

struct vt_exited {
	vt_snapshot gone;        /* the processes remembered, flagged VT_PROC_EXITED */
	vt_snapshot prev;        /* the last live snapshot */
	vt_filter filter;        /* its filter: a change hides processes, it does not end them */
	bool have_prev;
};

vt_exited *vt_exited_new(void)
{
	vt_exited *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	vt_snapshot_init(&e->gone);
	vt_snapshot_init(&e->prev);
	return e;
}

void vt_exited_free(vt_exited *e)
{
	if (!e)
		return;
	vt_snapshot_free(&e->gone);
	vt_snapshot_free(&e->prev);
	free(e);
}

typedef struct ident {
	pid_t pid;
	unsigned long long start;
} ident;

static int ident_cmp(const void *a, const void *b)
{
	const ident *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int keep_proc(vt_snapshot *s, const vt_proc *p, double when)
{
	vt_proc *q = vt_snapshot_add(s);
	if (!q)
		return -1;
	*q = *p;
	q->comm = strdup(p->comm);
	q->cmdline = strdup(p->cmdline);
	int cg = vt_cgroup_copy(&q->cg, &p->cg);
	q->flags |= VT_PROC_EXITED;
	q->state = 'X';
	q->exited = when;
	q->delta = VT_NO_DELTA;
	q->rate = q->eta = NAN;
	if (q->comm && q->cmdline && cg == 0)
		return 0;
	free(q->comm);
	free(q->cmdline);
	vt_cgroup_clear(&q->cg);
	s->nprocs--;
	return -1;
}

/* Forget the ones that exited longer ago than the window. */
static void expire(vt_snapshot *gone, double now)
{
	size_t keep = 0;
	for (size_t i = 0; i < gone->nprocs; i++) {
		vt_proc *p = &gone->procs[i];
		if (now - p->exited <= VT_EXITED_WINDOW) {
			gone->procs[keep++] = *p;
			continue;
		}
		free(p->comm);
		free(p->cmdline);
		vt_cgroup_clear(&p->cg);
	}
	gone->nprocs = keep;
}

void vt_exited_update(vt_exited *e, const vt_snapshot *now, const vt_filter *f)
{
	expire(&e->gone, now->time);
	bool same = e->have_prev && e->filter.pids == f->pids && e->filter.npids == f->npids &&
		    e->filter.by_uid == f->by_uid && e->filter.uid == f->uid &&
		    e->filter.show_kthreads == f->show_kthreads && e->filter.cgroup == f->cgroup;
	ident *ids = same && now->nprocs ? malloc(now->nprocs * sizeof(*ids)) : NULL;
	if (same && (ids || !now->nprocs)) {
		for (size_t i = 0; i < now->nprocs; i++)
			ids[i] = (ident){ now->procs[i].pid, now->procs[i].start_time };
		if (now->nprocs)
			qsort(ids, now->nprocs, sizeof(*ids), ident_cmp);
		for (size_t i = 0; i < e->prev.nprocs; i++) {
			const vt_proc *p = &e->prev.procs[i];
			ident k = { p->pid, p->start_time };
			if (p->kthread || p->vmas < 0 ||
			    (now->nprocs && bsearch(&k, ids, now->nprocs, sizeof(*ids), ident_cmp)))
				continue;
			if (keep_proc(&e->gone, p, e->prev.time) < 0)
				break;
		}
	}
	free(ids);
	e->filter = *f;
	e->have_prev = vt_snapshot_copy(&e->prev, now) == 0;
}

int vt_exited_append(const vt_exited *e, vt_snapshot *s)
{
	for (size_t i = 0; i < e->gone.nprocs; i++) {
		if (keep_proc(s, &e->gone.procs[i], e->gone.procs[i].exited) < 0)
			return -1;
	}
	return 0;
}
