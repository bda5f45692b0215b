/* vmatop core: the flight recorder's store, one SQLite database.
 *
 * WAL mode, synchronous=FULL, one transaction per sample, the schema version
 * in PRAGMA user_version (VT_STORE_SCHEMA; the man page documents the tables).
 * Times are milliseconds since the epoch (events: nanoseconds, as vt_event).
 *
 * A writer (vt_store_open with VT_STORE_WRITE) holds an exclusive flock on
 * the database file: a second writer fails with a clear message.  Readers
 * never take it.  Every function that can fail returns -1 (or NULL) and fills
 * *cause with a one-line, malloc'd message.
 */
#ifndef VMATOP_STORE_H
#define VMATOP_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "vmatop/event.h"
#include "vmatop/proc.h"

#define VT_STORE_SCHEMA 1

typedef struct vt_store vt_store;

typedef enum vt_store_mode {
	VT_STORE_READ,    /* read-only; the file must exist */
	VT_STORE_WRITE,   /* create if needed (and its directory), lock, migrate */
} vt_store_mode;

vt_store *vt_store_open(const char *path, vt_store_mode mode, char **cause);
void vt_store_close(vt_store *st);
const char *vt_store_path(const vt_store *st);

/* --- ENOMEM events --- */

/* Keep one event (its own transaction).  0, or -1 and *cause. */
int vt_store_add_event(vt_store *st, const vt_event *ev, char **cause);

/* The events with time_ns >= since_ns (0: all kept), of pid only when pid > 0,
 * oldest first, in a malloc'd array (*out, *n; free(*out)).  0, or -1. */
int vt_store_events(vt_store *st, int64_t since_ns, pid_t pid, vt_event **out, size_t *n,
		    char **cause);

/* Events ever added per cause, counts[VT_EVENT_MEMORY] and
 * counts[VT_EVENT_MAX_MAP_COUNT]: a counter (never lowered by retention),
 * for vmatop_enomem_events_total.  0, or -1. */
int vt_store_event_totals(vt_store *st, uint64_t counts[2], char **cause);

/* --- samples (store_rec.c) --- */

/* Record one snapshot (its time is the sample's time: tests give a fake
 * clock) in one transaction: the scan (limit, totals), each new process once
 * (its cgroup: p->cg.path, as the scanner read it; proc_root is unused), a sample of a process whose
 * count changed or was last written a minute ago, and the processes gone
 * since the last sample (exited: their last count and last seen time).  On
 * failure nothing of the sample is kept (a disk-full error says "disk full")
 * and the next sample writes what changed since the last one that was kept.
 * With a retention set, data older than it is pruned every 10 minutes. */
int vt_store_record(vt_store *st, const vt_snapshot *s, const char *proc_root, char **cause);
void vt_store_set_retention(vt_store *st, int64_t retention_ms);
/* Delete everything older than before_ms (exited processes last seen before,
 * samples, scans, events) and give the pages back.  0, or -1. */
int vt_store_prune(vt_store *st, int64_t before_ms, char **cause);

/* --- reading back (store_read.c) --- */

/* The first and last sample times; -1 with *cause when there is none. */
int vt_store_range(vt_store *st, int64_t *first_ms, int64_t *last_ms, char **cause);
/* The sample times just before/after t_ms (step keys); 0, or -1 when none. */
int vt_store_step(vt_store *st, int64_t t_ms, int dir, int64_t *out_ms);

/* The machine as it stood at t_ms: the last sample at or before it (its
 * time in out->time), every process alive then with its last count at or
 * before it; with exited_window_ms > 0 also the processes that exited in the
 * window before, flagged VT_PROC_EXITED with proc->exited its last seen time.
 * -1 with *cause when t_ms is before the first sample. */
int vt_store_at(vt_store *st, int64_t t_ms, int64_t exited_window_ms, vt_snapshot *out,
		char **cause);

typedef struct vt_store_point {
	int64_t time_ms;
	long count;                  /* VT_UNKNOWN when unreadable */
} vt_store_point;

typedef struct vt_store_series {
	pid_t pid;
	unsigned long long start_time;
	char *comm, *cmdline, *user; /* owned, raw bytes */
	int64_t first_seen_ms, last_seen_ms;
	bool exited;
	long last_count;
	unsigned long long *others;  /* start times of other processes with this pid */
	size_t nothers;
	vt_store_point *points;      /* oldest first */
	size_t npoints;
} vt_store_series;

/* One process's samples since since_ms: start_time 0 picks the latest
 * process with this pid.  -1 with *cause when there is none. */
int vt_store_series_get(vt_store *st, pid_t pid, unsigned long long start_time,
			int64_t since_ms, vt_store_series *out, char **cause);
void vt_store_series_free(vt_store_series *s);

/* --export csv|json (export_store.c): every sample, oldest first, one row /
 * JSON line each: time, pid, start_time, user, comm, vmas, max_map_count.
 * 0, or -1 with *cause (a write error). */
typedef enum vt_store_export_format { VT_STORE_CSV, VT_STORE_JSON } vt_store_export_format;
int vt_store_export(vt_store *st, FILE *f, vt_store_export_format fmt, char **cause);
/* One process's samples as text (a header naming its start time and any other
 * process that had the pid, then TIME VMAS rows) or one JSON document.
 * 0, or -1 (errno). */
int vt_write_series(FILE *f, const vt_store_series *s, bool json, bool ascii);

#endif
