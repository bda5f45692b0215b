/* The recorder's store, writing: one transaction per sample. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-private.h"

#define HEARTBEAT_MS 60000          /* a steady count is written at most once a minute */
#define PRUNE_EVERY_MS (10 * 60000)

void vt_store_set_retention(vt_store *st, int64_t retention_ms)
{
	st->rec.retention_ms = retention_ms;
}

static int rec_cmp(const void *a, const void *b)
{
	const vt_rec_proc *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->start_time != y->start_time)
		return x->start_time < y->start_time ? -1 : 1;
	return 0;
}

static void bind_count(sqlite3_stmt *q, int i, long count)
{
	if (count == VT_UNKNOWN)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_int64(q, i, count);
}

static int step_done(vt_store *st, sqlite3_stmt *q, const char *what, char **cause)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	return vt_store_sqlfail(st, cause, rc == SQLITE_FULL ? "disk full" : what);
}

static int add_scan(vt_store *st, const vt_snapshot *s, int64_t t, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_SCAN_ADD,
		"INSERT OR REPLACE INTO scans(time, max_map_count, total_vmas, processes)"
		" VALUES (?,?,?,?)", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, t);
	bind_count(q, 2, s->max_map_count);
	sqlite3_bind_int64(q, 3, s->total_vmas);
	sqlite3_bind_int64(q, 4, s->scanned);
	return step_done(st, q, "cannot write the sample", cause);
}

/* A process seen for the first time by this recorder: its row (reopened when
 * a previous recorder knew it), its id in r->id. */
static int add_process(vt_store *st, const vt_proc *p, const char *proc_root, int64_t t,
		       vt_rec_proc *r, char **cause)
{
	(void)proc_root;               /* the scanner read the cgroup (p->cg, cgroup.h) */
	const char *cgroup = p->cg.path ? p->cg.path : "";
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_PROC_UPSERT,
		"INSERT INTO processes(pid, start_time, ppid, uid, user, comm, cmdline, cgroup,"
		" first_seen, last_seen, last_count) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?9,?10)"
		" ON CONFLICT(pid, start_time) DO UPDATE SET exited = 0,"
		" last_seen = excluded.last_seen, last_count = excluded.last_count RETURNING id",
		cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, p->pid);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)p->start_time);
	sqlite3_bind_int64(q, 3, p->ppid);
	sqlite3_bind_int64(q, 4, p->uid);
	sqlite3_bind_text(q, 5, p->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, p->comm, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, p->cmdline, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, cgroup, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 9, t);
	bind_count(q, 10, p->vmas);
	int rc = sqlite3_step(q);
	if (rc != SQLITE_ROW)
		return vt_store_sqlfail(st, cause, rc == SQLITE_FULL ? "disk full" :
					"cannot write a process");
	r->id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return 0;
}

static int add_sample(vt_store *st, const vt_rec_proc *r, int64_t t, bool touch, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_SAMPLE_ADD,
		"INSERT OR REPLACE INTO samples(process, time, count) VALUES (?,?,?)", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->id);
	sqlite3_bind_int64(q, 2, t);
	bind_count(q, 3, r->count);
	if (step_done(st, q, "cannot write a sample", cause) < 0)
		return -1;
	if (!touch)
		return 0;
	q = vt_store_stmt(st, VT_STMT_PROC_SEEN,
		"UPDATE processes SET last_seen = ?2, last_count = ?3 WHERE id = ?1", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->id);
	sqlite3_bind_int64(q, 2, t);
	bind_count(q, 3, r->count);
	return step_done(st, q, "cannot write a process", cause);
}

static int mark_exited(vt_store *st, const vt_rec_proc *r, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_PROC_EXIT,
		"UPDATE processes SET last_seen = ?2, last_count = ?3, exited = 1 WHERE id = ?1",
		cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, r->id);
	sqlite3_bind_int64(q, 2, r->seen_ms);
	bind_count(q, 3, r->count);
	return step_done(st, q, "cannot write an exit", cause);
}

/* The processes of s worth recording (kernel threads have no VMAs), sorted. */
static vt_rec_proc *next_state(const vt_snapshot *s, size_t *n)
{
	vt_rec_proc *next = calloc(s->nprocs ? s->nprocs : 1, sizeof(*next));
	*n = 0;
	if (!next)
		return NULL;
	for (size_t i = 0; i < s->nprocs; i++) {
		const vt_proc *p = &s->procs[i];
		if (p->kthread)
			continue;
		next[*n].pid = p->pid;
		next[*n].start_time = p->start_time;
		next[*n].count = p->vmas;
		next[*n].src = i;
		(*n)++;
	}
	qsort(next, *n, sizeof(*next), rec_cmp);
	return next;
}

/* Walk the previous state and the new one together (both sorted). */
static int write_changes(vt_store *st, const vt_snapshot *s, const char *proc_root, int64_t t,
			 vt_rec_proc *next, size_t n, char **cause)
{
	const vt_rec_state *old = &st->rec;
	size_t i = 0, j = 0;
	while (i < old->n || j < n) {
		int c = i == old->n ? 1 : j == n ? -1 : rec_cmp(&old->procs[i], &next[j]);
		if (c < 0) {                             /* gone since the last sample */
			if (mark_exited(st, &old->procs[i++], cause) < 0)
				return -1;
			continue;
		}
		vt_rec_proc *r = &next[j++];
		r->seen_ms = t;
		if (c > 0) {                             /* new */
			r->written_ms = t;
			if (add_process(st, &s->procs[r->src], proc_root, t, r, cause) < 0 ||
			    add_sample(st, r, t, false, cause) < 0)
				return -1;
			continue;
		}
		const vt_rec_proc *o = &old->procs[i++];
		r->id = o->id;
		r->written_ms = o->written_ms;
		if (r->count != o->count || t - o->written_ms >= HEARTBEAT_MS) {
			r->written_ms = t;
			if (add_sample(st, r, t, true, cause) < 0)
				return -1;
		}
	}
	return 0;
}

/* The host and kernel, for the header of a listing read back. */
static int write_meta(vt_store *st, const vt_snapshot *s, char **cause)
{
	const char *keys[] = { "host", "kernel", "backend" };
	const char *vals[] = { s->host, s->kernel, s->backend ? s->backend : "" };
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
			       -1, &q, NULL) != SQLITE_OK)
		return vt_store_sqlfail(st, cause, "cannot write the host");
	for (size_t i = 0; i < 3; i++) {
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, vals[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE) {
			sqlite3_finalize(q);
			return vt_store_sqlfail(st, cause, "cannot write the host");
		}
	}
	sqlite3_finalize(q);
	return 0;
}

int vt_store_record(vt_store *st, const vt_snapshot *s, const char *proc_root, char **cause)
{
	int64_t t = (int64_t)(s->time * 1000.0);
	size_t n;
	*cause = NULL;
	vt_rec_proc *next = next_state(s, &n);
	if (!next)
		return vt_store_fail(cause, "%s: out of memory", st->path);
	if (vt_store_begin(st, cause) < 0 || add_scan(st, s, t, cause) < 0 ||
	    (!st->rec.meta_written && write_meta(st, s, cause) < 0) ||
	    write_changes(st, s, proc_root, t, next, n, cause) < 0 ||
	    vt_store_commit(st, cause) < 0) {
		vt_store_rollback(st);
		free(next);
		return -1;
	}
	st->rec.meta_written = true;
	free(st->rec.procs);
	st->rec.procs = next;
	st->rec.n = n;
	if (st->rec.retention_ms > 0 && t - st->rec.last_prune_ms >= PRUNE_EVERY_MS) {
		st->rec.last_prune_ms = t;
		return vt_store_prune(st, t - st->rec.retention_ms, cause);
	}
	return 0;
}

int vt_store_prune(vt_store *st, int64_t before_ms, char **cause)
{
	char sql[512];
	*cause = NULL;
	snprintf(sql, sizeof(sql),
		 "BEGIN IMMEDIATE;"
		 "DELETE FROM samples WHERE process IN (SELECT id FROM processes) AND time < %lld;"
		 "DELETE FROM processes WHERE exited = 1 AND last_seen < %lld;"
		 "DELETE FROM scans WHERE time < %lld;"
		 "DELETE FROM events WHERE time_ns < %lld * 1000000;"
		 "COMMIT;",
		 (long long)before_ms, (long long)before_ms, (long long)before_ms,
		 (long long)before_ms);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		vt_store_sqlfail(st, cause, "cannot prune");
		vt_store_rollback(st);
		return -1;
	}
	sqlite3_exec(st->db, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);",
		     NULL, NULL, NULL);
	return 0;
}
