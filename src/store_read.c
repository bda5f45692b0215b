/* The recorder's store, reading back: the machine at a time, one process's
 * samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"

static sqlite3_stmt *prepare(vt_store *st, const char *sql, char **cause)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
		vt_store_sqlfail(st, cause, "query");
		return NULL;
	}
	return q;
}

int vt_store_range(vt_store *st, int64_t *first_ms, int64_t *last_ms, char **cause)
{
	*cause = NULL;
	sqlite3_stmt *q = prepare(st, "SELECT min(time), max(time) FROM scans", cause);
	if (!q)
		return -1;
	int ok = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL;
	if (ok) {
		*first_ms = sqlite3_column_int64(q, 0);
		*last_ms = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return ok ? 0 : vt_store_fail(cause, "%s: no samples recorded", st->path);
}

int vt_store_step(vt_store *st, int64_t t_ms, int dir, int64_t *out_ms)
{
	char *cause = NULL;
	sqlite3_stmt *q = prepare(st, dir < 0 ?
		"SELECT max(time) FROM scans WHERE time < ?" :
		"SELECT min(time) FROM scans WHERE time > ?", &cause);
	free(cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, t_ms);
	int ok = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL;
	if (ok)
		*out_ms = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return ok ? 0 : -1;
}

static char *column_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	return strdup(s ? (const char *)s : "");
}

static long column_count(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? VT_UNKNOWN :
	       (long)sqlite3_column_int64(q, i);
}

/* The scan at or before t: its time and limit.  0, or -1 when none. */
static int scan_at(vt_store *st, int64_t t_ms, int64_t *at, long *limit, char **cause)
{
	sqlite3_stmt *q = prepare(st, "SELECT time, max_map_count FROM scans WHERE time <= ?"
				  " ORDER BY time DESC LIMIT 1", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, t_ms);
	int ok = sqlite3_step(q) == SQLITE_ROW;
	if (ok) {
		*at = sqlite3_column_int64(q, 0);
		*limit = column_count(q, 1);
	}
	sqlite3_finalize(q);
	if (!ok)
		return vt_store_fail(cause, "%s: nothing recorded at or before that time", st->path);
	return 0;
}

static int proc_from_row(sqlite3_stmt *q, vt_snapshot *out, int64_t at)
{
	vt_proc *p = vt_snapshot_add(out);
	if (!p)
		return -1;
	p->pid = (pid_t)sqlite3_column_int64(q, 0);
	p->start_time = (unsigned long long)sqlite3_column_int64(q, 1);
	p->ppid = (pid_t)sqlite3_column_int64(q, 2);
	p->uid = (uid_t)sqlite3_column_int64(q, 3);
	const unsigned char *u = sqlite3_column_text(q, 4);
	snprintf(p->user, sizeof(p->user), "%s", u ? (const char *)u : "");
	p->comm = column_dup(q, 5);
	p->cmdline = column_dup(q, 6);
	p->state = '?';
	int64_t last_seen = sqlite3_column_int64(q, 8);
	bool exited = sqlite3_column_int(q, 7) && last_seen < at;
	p->vmas = exited ? column_count(q, 10) : column_count(q, 9);
	if (exited) {
		p->flags |= VT_PROC_EXITED;
		p->exited = (double)last_seen / 1000.0;
		p->state = 'X';
	}
	if (!p->comm || !p->cmdline)
		return -1;
	if (p->vmas >= 0)
		out->total_vmas += p->vmas;
	else
		out->unreadable++;
	out->scanned++;
	return 0;
}

static void read_meta(vt_store *st, vt_snapshot *out)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT key, value FROM meta", -1, &q, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		const char *v = (const char *)sqlite3_column_text(q, 1);
		if (!k || !v)
			continue;
		if (!strcmp(k, "host"))
			snprintf(out->host, sizeof(out->host), "%s", v);
		else if (!strcmp(k, "kernel"))
			snprintf(out->kernel, sizeof(out->kernel), "%s", v);
	}
	sqlite3_finalize(q);
}

int vt_store_at(vt_store *st, int64_t t_ms, int64_t exited_window_ms, vt_snapshot *out,
		char **cause)
{
	int64_t at = 0;
	long limit = VT_UNKNOWN;
	*cause = NULL;
	vt_snapshot_clear(out);
	if (scan_at(st, t_ms, &at, &limit, cause) < 0)
		return -1;
	out->time = (double)at / 1000.0;
	out->max_map_count = limit;
	out->backend = "recorded";
	read_meta(st, out);
	sqlite3_stmt *q = prepare(st,
		"SELECT pid, start_time, ppid, uid, user, comm, cmdline, exited, last_seen,"
		" (SELECT count FROM samples s WHERE s.process = p.id AND s.time <= ?1"
		"  ORDER BY s.time DESC LIMIT 1), last_count"
		" FROM processes p WHERE first_seen <= ?1"
		" AND (exited = 0 OR last_seen >= ?1 - ?2) ORDER BY pid", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, at);
	sqlite3_bind_int64(q, 2, exited_window_ms);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (proc_from_row(q, out, at) < 0) {
			sqlite3_finalize(q);
			return vt_store_fail(cause, "out of memory");
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return vt_store_sqlfail(st, cause, "cannot read the processes");
	return 0;
}

void vt_store_series_free(vt_store_series *s)
{
	free(s->comm);
	free(s->cmdline);
	free(s->user);
	free(s->others);
	free(s->points);
	memset(s, 0, sizeof(*s));
}

/* The processes with this pid, latest first: pick one, list the others. */
static int series_pick(vt_store *st, pid_t pid, unsigned long long start, vt_store_series *out,
		       sqlite3_int64 *id, char **cause)
{
	sqlite3_stmt *q = prepare(st, "SELECT id, start_time, comm, cmdline, user, first_seen,"
				  " last_seen, exited, last_count FROM processes WHERE pid = ?"
				  " ORDER BY first_seen DESC, start_time DESC", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, pid);
	*id = -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		unsigned long long s = (unsigned long long)sqlite3_column_int64(q, 1);
		if (*id >= 0 || (start && s != start)) {
			unsigned long long *o = realloc(out->others,
							(out->nothers + 1) * sizeof(*o));
			if (o) {
				out->others = o;
				o[out->nothers++] = s;
			}
			continue;
		}
		*id = sqlite3_column_int64(q, 0);
		out->pid = pid;
		out->start_time = s;
		out->comm = column_dup(q, 2);
		out->cmdline = column_dup(q, 3);
		out->user = column_dup(q, 4);
		out->first_seen_ms = sqlite3_column_int64(q, 5);
		out->last_seen_ms = sqlite3_column_int64(q, 6);
		out->exited = sqlite3_column_int(q, 7);
		out->last_count = column_count(q, 8);
	}
	sqlite3_finalize(q);
	if (*id >= 0)
		return 0;
	if (start)
		return vt_store_fail(cause, "%s: no process %d with start time %llu recorded",
				     st->path, (int)pid, start);
	return vt_store_fail(cause, "%s: no process %d recorded", st->path, (int)pid);
}

int vt_store_series_get(vt_store *st, pid_t pid, unsigned long long start_time,
			int64_t since_ms, vt_store_series *out, char **cause)
{
	sqlite3_int64 id;
	size_t cap = 0;
	*cause = NULL;
	memset(out, 0, sizeof(*out));
	if (series_pick(st, pid, start_time, out, &id, cause) < 0) {
		vt_store_series_free(out);
		return -1;
	}
	sqlite3_stmt *q = prepare(st, "SELECT time, count FROM samples WHERE process = ?"
				  " AND time >= ? ORDER BY time", cause);
	if (!q) {
		vt_store_series_free(out);
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, since_ms);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (out->npoints == cap) {
			cap = cap ? cap * 2 : 64;
			vt_store_point *p = realloc(out->points, cap * sizeof(*p));
			if (!p) {
				sqlite3_finalize(q);
				vt_store_series_free(out);
				return vt_store_fail(cause, "out of memory");
			}
			out->points = p;
		}
		out->points[out->npoints].time_ms = sqlite3_column_int64(q, 0);
		out->points[out->npoints++].count = column_count(q, 1);
	}
	sqlite3_finalize(q);
	return 0;
}
