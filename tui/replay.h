/* The recorded source of the screen (vmatop --db PATH) and the processes that
 * exited lately (both tui/replay.c).
 *
 * Replay: the snapshot shown comes from the recorder's database as it stood at
 * a time, through the same background job as a live scan (scanjob.h: the
 * database is never queried on the UI thread).  The step keys and t set a
 * pending move; the loop's next request carries it, the worker resolves it to
 * a recorded sample time, reads the machine then and the selected process's
 * recorded counts for the detail graph.  L switches between the recording and
 * the live scan.  Keys: { } a sample, - + a minute, T a typed time.
 *
 * Exited (X): the TUI remembers, from one live snapshot to the next, the
 * processes that disappeared (same filter), for VT_EXITED_WINDOW seconds,
 * with their last count; when shown they are appended to the snapshot flagged
 * VT_PROC_EXITED.  In replay the database gives them (same window). */
#ifndef VMATOP_TUI_REPLAY_H
#define VMATOP_TUI_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view.h"
#include "vmatop/store.h"

#define VT_EXITED_WINDOW 300.0        /* seconds an exited process stays listed */
#define VT_REPLAY_POINTS 120          /* the detail graph: this many points ... */
#define VT_REPLAY_GRID_MS 5000        /* ... as far apart as the recorded samples */
#define VT_REPLAY_GRID_MIN_MS 100     /*     (else this), within these bounds, */
#define VT_REPLAY_GRID_MAX_MS 60000   /*     ending at the time shown */

/* What the worker is asked and answers (the worker's while a request runs). */
typedef struct vt_replay_job {
	vt_store *st;
	int64_t t_ms;                 /* in: from this time; out: the sample shown */
	int step;                     /* in: -1/+1 one sample back/forward, 0 none */
	int64_t move_ms;              /* in: then this far (a minute), clamped to the recording */
	int64_t window_ms;            /* in: exited processes listed this long after they exit */
	pid_t pid;                    /* in: the process of the graph (0: none) */
	unsigned long long start;
	long counts[VT_REPLAY_POINTS];/* out: its counts, oldest first; -1 none then */
	size_t ncounts;
} vt_replay_job;

typedef struct vt_replay {
	vt_store *st;
	bool live;                    /* L: the live scan is shown instead */
	bool inflight;                /* a request of the recording is in the worker */
	int64_t t_ms;                 /* the sample time shown */
	int step;                     /* pending moves, for the next request */
	int64_t move_ms;
	bool jump;
	int64_t jump_ms;
	vt_replay_job job;
	pid_t pid;                    /* the graph shown: of this process */
	unsigned long long start;
	long counts[VT_REPLAY_POINTS];
	size_t ncounts;
} vt_replay;

/* Open --db PATH read-only and read its last sample into ctx->snap (before
 * the screen starts).  0, or -1 with *cause. */
int vt_replay_open(vt_ctx *ctx, const char *path, char **cause);
void vt_replay_close(vt_ctx *ctx);
/* The recording is on screen (not L's live scan). */
bool vt_ctx_replaying(const vt_ctx *ctx);
/* The worker's source function (scanjob.h) and the request it is given:
 * prepares ctx->replay->job from the pending moves. */
int vt_replay_source(void *arg, const vt_filter *f, vt_snapshot *out, char **cause);
vt_replay_job *vt_replay_request(vt_ctx *ctx);
/* A step or jump waits for the next request. */
bool vt_replay_pending(const vt_ctx *ctx);
/* After the worker's result is in ctx->snap: keep the time and the graph. */
void vt_replay_collected(vt_ctx *ctx);
/* The recorded counts of (pid, start) for the detail graph, at most max.
 * How many were copied (0: not this process). */
size_t vt_replay_counts(const vt_ctx *ctx, pid_t pid, unsigned long long start, long *out,
			size_t max);

/* "exited HH:MM:SS" (local time) into buf. */
const char *vt_exited_label(char *buf, size_t sz, double when);

typedef struct vt_exited vt_exited;
vt_exited *vt_exited_new(void);
void vt_exited_free(vt_exited *e);
/* A new live snapshot (before anything is appended to it): remember the
 * processes of the previous one that are gone, forget the old ones. */
void vt_exited_update(vt_exited *e, const vt_snapshot *now, const vt_filter *f);
/* Append the remembered ones to s, flagged VT_PROC_EXITED.  0, or -1 (ENOMEM). */
int vt_exited_append(const vt_exited *e, vt_snapshot *s);

/* The keys ({ } - + T L X): VT_REACT_* flags, VT_REACT_UNHANDLED when not theirs. */
unsigned vt_replay_key(vt_ctx *ctx, int action);

#endif
