/* The recorder's store: open, lock, schema, and the ENOMEM events. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-private.h"

int vt_store_fail(char **cause, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(cause, fmt, ap) < 0)
		*cause = NULL;
	va_end(ap);
	return -1;
}

int vt_store_sqlfail(vt_store *st, char **cause, const char *what)
{
	return vt_store_fail(cause, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

/* Version 1.  Times in ms since the epoch (events: ns).  See doc/vmatop.1. */
static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE scans(time INTEGER PRIMARY KEY, max_map_count INTEGER,"
	" total_vmas INTEGER, processes INTEGER);"
	"CREATE TABLE processes(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL,"
	" start_time INTEGER NOT NULL, ppid INTEGER, uid INTEGER, user TEXT, comm TEXT,"
	" cmdline TEXT, cgroup TEXT, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
	" last_count INTEGER, exited INTEGER NOT NULL DEFAULT 0, UNIQUE(pid, start_time));"
	"CREATE INDEX processes_last_seen ON processes(last_seen);"
	"CREATE TABLE samples(process INTEGER NOT NULL, time INTEGER NOT NULL, count INTEGER,"
	" PRIMARY KEY(process, time)) WITHOUT ROWID;"
	"CREATE TABLE events(id INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, pid INTEGER,"
	" tid INTEGER, start_time INTEGER, comm TEXT, syscall TEXT, len INTEGER,"
	" map_count INTEGER, max_map_count INTEGER, cause TEXT NOT NULL, cgroup TEXT);"
	"CREATE INDEX events_time ON events(time_ns);"
	"CREATE TABLE event_totals(cause TEXT PRIMARY KEY, total INTEGER NOT NULL) WITHOUT ROWID;"
	"PRAGMA user_version = 1;";

static int user_version(vt_store *st, int *v, char **cause)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		return vt_store_sqlfail(st, cause, "not a vmatop database");
	int rc = sqlite3_step(q);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return vt_store_sqlfail(st, cause, "not a vmatop database");
	return 0;
}

static int exec(vt_store *st, const char *sql, char **cause)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return 0;
	vt_store_fail(cause, "%s: %s", st->path, err ? err : sqlite3_errmsg(st->db));
	sqlite3_free(err);
	return -1;
}

static int check_schema(vt_store *st, vt_store_mode mode, char **cause)
{
	int v;
	if (user_version(st, &v, cause) < 0)
		return -1;
	if (v == VT_STORE_SCHEMA)
		return 0;
	if (v == 0 && mode == VT_STORE_WRITE) {
		sqlite3_stmt *q;
		int empty = 0;
		if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &q,
				       NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			empty = sqlite3_column_int(q, 0) == 0;
		sqlite3_finalize(q);
		if (!empty)
			return vt_store_fail(cause, "%s: not a vmatop database (other tables)", st->path);
		if (exec(st, "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;", cause) < 0)
			return -1;
		return exec(st, "BEGIN;", cause) < 0 ? -1 :
		       exec(st, schema_v1, cause) < 0 ? (exec(st, "ROLLBACK", cause), -1) :
		       exec(st, "COMMIT;", cause);
	}
	if (v == 0)
		return vt_store_fail(cause, "%s: not a vmatop database (no schema)", st->path);
	return vt_store_fail(cause, "%s: schema version %d, this vmatop knows %d", st->path, v,
			     VT_STORE_SCHEMA);
}

/* mkdir -p of the database's directory (mode 0755). */
static int make_parent(const char *path, char **cause)
{
	char *dir = strdup(path);
	if (!dir)
		return vt_store_fail(cause, "%s: out of memory", path);
	char *slash = strrchr(dir, '/');
	for (char *p = dir + 1; slash && p <= slash; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			vt_store_fail(cause, "%s: cannot create directory %s: %s", path, dir,
				      strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

static int take_lock(vt_store *st, char **cause)
{
	struct stat sb;
	st->lock_fd = open(st->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (st->lock_fd < 0)
		return vt_store_fail(cause, "%s: %s", st->path, strerror(errno));
	if (fstat(st->lock_fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		return vt_store_fail(cause, "%s: not a regular file", st->path);
	if (flock(st->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return vt_store_fail(cause, "%s: another vmatop record is writing this database",
					     st->path);
		return vt_store_fail(cause, "%s: cannot lock: %s", st->path, strerror(errno));
	}
	return 0;
}

static int configure(vt_store *st, vt_store_mode mode, char **cause)
{
	sqlite3_busy_timeout(st->db, 5000);
	if (mode == VT_STORE_READ)
		return exec(st, "PRAGMA query_only = 1;", cause);
	return exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", cause);
}

/* The recorder's own state (store_rec.c writes with it): reset on open; a
 * new recording first closes the rows an earlier one left open. */
static int rec_init(vt_store *st, vt_store_mode mode, char **cause)
{
	memset(&st->rec, 0, sizeof(st->rec));
	if (mode != VT_STORE_WRITE)
		return 0;
	if (sqlite3_exec(st->db, "UPDATE processes SET exited = 1 WHERE exited = 0", NULL, NULL,
			 NULL) != SQLITE_OK)
		return vt_store_sqlfail(st, cause, "cannot close the previous recording");
	return 0;
}

static void rec_free(vt_store *st)
{
	free(st->rec.procs);
	memset(&st->rec, 0, sizeof(st->rec));
}

vt_store *vt_store_open(const char *path, vt_store_mode mode, char **cause)
{
	vt_store *st = calloc(1, sizeof(*st));
	*cause = NULL;
	if (!st || !(st->path = strdup(path))) {
		free(st);
		vt_store_fail(cause, "%s: out of memory", path);
		return NULL;
	}
	st->lock_fd = -1;
	int flags = SQLITE_OPEN_NOFOLLOW | (mode == VT_STORE_WRITE ?
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
	if (mode == VT_STORE_READ && access(path, F_OK) < 0) {
		vt_store_fail(cause, "%s: %s", path, strerror(errno));
	} else if (mode == VT_STORE_WRITE && (make_parent(path, cause) < 0 ||
					      take_lock(st, cause) < 0)) {
		/* cause set */
	} else if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		vt_store_sqlfail(st, cause, "cannot open");
	} else if (configure(st, mode, cause) == 0 && check_schema(st, mode, cause) == 0 &&
		   rec_init(st, mode, cause) == 0) {
		return st;
	}
	vt_store_close(st);
	return NULL;
}

void vt_store_close(vt_store *st)
{
	if (!st)
		return;
	rec_free(st);
	for (size_t i = 0; i < VT_STMT_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db)
		sqlite3_close(st->db);
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	free(st->path);
	free(st);
}

const char *vt_store_path(const vt_store *st)
{
	return st->path;
}

sqlite3_stmt *vt_store_stmt(vt_store *st, vt_stmt_id id, const char *sql, char **cause)
{
	sqlite3_stmt *q = st->stmt[id];
	if (q) {
		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
		return q;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[id],
			       NULL) != SQLITE_OK) {
		vt_store_sqlfail(st, cause, "query");
		return NULL;
	}
	return st->stmt[id];
}

/* --- events --- */

static const char *cause_name(vt_event_cause c)
{
	return c == VT_EVENT_MAX_MAP_COUNT ? "max_map_count" : "memory";
}

static void bind_text(sqlite3_stmt *q, int i, const char *s, size_t max)
{
	sqlite3_bind_text(q, i, s, (int)strnlen(s, max), SQLITE_TRANSIENT);
}

static int insert_event(vt_store *st, const vt_event *ev, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_EVENT_ADD,
		"INSERT INTO events(time_ns, pid, tid, start_time, comm, syscall, len, map_count,"
		" max_map_count, cause, cgroup) VALUES (?,?,?,?,?,?,?,?,?,?,?)", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, ev->time_ns);
	sqlite3_bind_int64(q, 2, ev->pid);
	sqlite3_bind_int64(q, 3, ev->tid);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)ev->start_time);
	bind_text(q, 5, ev->comm, sizeof(ev->comm));
	bind_text(q, 6, ev->syscall, sizeof(ev->syscall));
	sqlite3_bind_int64(q, 7, (sqlite3_int64)ev->len);
	sqlite3_bind_int64(q, 8, ev->map_count);
	sqlite3_bind_int64(q, 9, ev->max_map_count);
	sqlite3_bind_text(q, 10, cause_name(ev->cause), -1, SQLITE_STATIC);
	bind_text(q, 11, ev->cgroup, sizeof(ev->cgroup));
	if (sqlite3_step(q) != SQLITE_DONE)
		return vt_store_sqlfail(st, cause, "cannot add the event");
	q = vt_store_stmt(st, VT_STMT_EVENT_TOTAL,
		"INSERT INTO event_totals(cause, total) VALUES (?, 1)"
		" ON CONFLICT(cause) DO UPDATE SET total = total + 1", cause);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, cause_name(ev->cause), -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		return vt_store_sqlfail(st, cause, "cannot count the event");
	return 0;
}

int vt_store_add_event(vt_store *st, const vt_event *ev, char **cause)
{
	*cause = NULL;
	if (vt_store_begin(st, cause) < 0)
		return -1;
	if (insert_event(st, ev, cause) < 0) {
		vt_store_rollback(st);
		return -1;
	}
	return vt_store_commit(st, cause);
}

static void column_text(sqlite3_stmt *q, int i, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(q, i);
	int len = sqlite3_column_bytes(q, i);
	size_t n = s ? (size_t)len : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

static void event_from_row(sqlite3_stmt *q, vt_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->time_ns = sqlite3_column_int64(q, 0);
	ev->pid = (pid_t)sqlite3_column_int64(q, 1);
	ev->tid = (pid_t)sqlite3_column_int64(q, 2);
	ev->start_time = (uint64_t)sqlite3_column_int64(q, 3);
	column_text(q, 4, ev->comm, sizeof(ev->comm));
	column_text(q, 5, ev->syscall, sizeof(ev->syscall));
	ev->len = (uint64_t)sqlite3_column_int64(q, 6);
	ev->map_count = sqlite3_column_int64(q, 7);
	ev->max_map_count = sqlite3_column_int64(q, 8);
	const unsigned char *c = sqlite3_column_text(q, 9);
	ev->cause = c && !strcmp((const char *)c, "max_map_count") ? VT_EVENT_MAX_MAP_COUNT :
		    VT_EVENT_MEMORY;
	column_text(q, 10, ev->cgroup, sizeof(ev->cgroup));
}

int vt_store_events(vt_store *st, int64_t since_ns, pid_t pid, vt_event **out, size_t *n,
		    char **cause)
{
	size_t cap = 0;
	*cause = NULL;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_EVENTS,
		"SELECT time_ns, pid, tid, start_time, comm, syscall, len, map_count,"
		" max_map_count, cause, cgroup FROM events WHERE time_ns >= ?1"
		" AND (?2 <= 0 OR pid = ?2) ORDER BY time_ns, id", cause);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, since_ns);
	sqlite3_bind_int64(q, 2, pid);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			vt_event *grown = realloc(*out, cap * sizeof(**out));
			if (!grown) {
				free(*out);
				*out = NULL;
				*n = 0;
				return vt_store_fail(cause, "%s: out of memory", st->path);
			}
			*out = grown;
		}
		event_from_row(q, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return vt_store_sqlfail(st, cause, "cannot read the events");
	}
	return 0;
}

int vt_store_event_totals(vt_store *st, uint64_t counts[2], char **cause)
{
	*cause = NULL;
	counts[VT_EVENT_MEMORY] = counts[VT_EVENT_MAX_MAP_COUNT] = 0;
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_EVENT_TOTALS,
		"SELECT cause, total FROM event_totals", cause);
	if (!q)
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *c = sqlite3_column_text(q, 0);
		int i = c && !strcmp((const char *)c, "max_map_count") ? VT_EVENT_MAX_MAP_COUNT :
			VT_EVENT_MEMORY;
		counts[i] += (uint64_t)sqlite3_column_int64(q, 1);
	}
	if (rc != SQLITE_DONE)
		return vt_store_sqlfail(st, cause, "cannot read the event totals");
	return 0;
}

/* --- transactions --- */

int vt_store_begin(vt_store *st, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_BEGIN, "BEGIN IMMEDIATE", cause);
	if (!q)
		return -1;
	if (sqlite3_step(q) != SQLITE_DONE)
		return vt_store_sqlfail(st, cause, "cannot begin a transaction");
	return 0;
}

int vt_store_commit(vt_store *st, char **cause)
{
	sqlite3_stmt *q = vt_store_stmt(st, VT_STMT_COMMIT, "COMMIT", cause);
	if (!q) {
		vt_store_rollback(st);
		return -1;
	}
	if (sqlite3_step(q) != SQLITE_DONE) {
		int full = sqlite3_errcode(st->db) == SQLITE_FULL;
		vt_store_sqlfail(st, cause, full ? "disk full" : "cannot commit");
		vt_store_rollback(st);
		return -1;
	}
	return 0;
}

void vt_store_rollback(vt_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
