/* The store's samples on a fake clock: written on change or once a minute,
 * exits with their last count, "as of" queries, series, pid reuse, a second
 * recorder session, and retention pruning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "vmatop/store.h"

#define T0 1800000000.0            /* the fake clock's start, seconds */
#define DAY (86400.0)

static char dir[] = "/tmp/vmatop-store-XXXXXX";
static char db[256];
static int seq;

struct fake { pid_t pid; unsigned long long start; long vmas; const char *comm; };

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static vt_store *fresh(void)
{
	char *cause = NULL;
	snprintf(db, sizeof(db), "%s/t%d.db", dir, seq++);
	vt_store *st = vt_store_open(db, VT_STORE_WRITE, &cause);
	if (!st)
		fail_msg("open: %s", cause);
	return st;
}

static void record(vt_store *st, double t, long limit, const struct fake *f, size_t n)
{
	vt_snapshot s;
	char *cause = NULL;
	vt_snapshot_init(&s);
	s.time = t;
	s.max_map_count = limit;
	snprintf(s.host, sizeof(s.host), "testhost");
	snprintf(s.kernel, sizeof(s.kernel), "6.1.0-test");
	for (size_t i = 0; i < n; i++) {
		vt_proc *p = vt_snapshot_add(&s);
		p->pid = f[i].pid;
		p->start_time = f[i].start;
		p->vmas = f[i].vmas;
		p->uid = 1000;
		snprintf(p->user, sizeof(p->user), "u%d", (int)f[i].pid);
		p->comm = strdup(f[i].comm ? f[i].comm : "fake");
		p->cmdline = strdup("fake --arg");
		s.total_vmas += f[i].vmas > 0 ? f[i].vmas : 0;
		s.scanned++;
	}
	if (vt_store_record(st, &s, "/nonexistent", &cause) < 0)
		fail_msg("record: %s", cause);
	vt_snapshot_free(&s);
}

static long sql_long(const char *sql)
{
	sqlite3 *d;
	sqlite3_stmt *q;
	long v = -999;
	assert_int_equal(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(d, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(d);
	return v;
}

static const vt_proc *at(vt_store *st, vt_snapshot *s, double t, pid_t pid)
{
	char *cause = NULL;
	if (vt_store_at(st, (int64_t)(t * 1000), 0, s, &cause) < 0)
		fail_msg("at: %s", cause);
	return vt_snapshot_find(s, pid);
}

/* Steady for 3 minutes at -d 5: one sample a minute; a change is written at once. */
static void test_change_and_heartbeat(void **state)
{
	(void)state;
	vt_store *st = fresh();
	struct fake f[2] = { { 100, 1, 500, "steady" }, { 200, 2, 10, "grower" } };
	for (int i = 0; i <= 36; i++) {                /* 0..180 s */
		f[1].vmas = 10 + i;                    /* grows every sample */
		record(st, T0 + 5 * i, 65530, f, 2);
	}
	assert_int_equal(sql_long("SELECT count(*) FROM scans"), 37);
	/* samples at 0, 60, 120, 180 s */
	assert_int_equal(sql_long("SELECT count(*) FROM samples JOIN processes p ON p.id = process"
				  " WHERE p.pid = 100"), 4);
	assert_int_equal(sql_long("SELECT count(*) FROM samples JOIN processes p ON p.id = process"
				  " WHERE p.pid = 200"), 37);
	assert_int_equal(sql_long("SELECT count(*) FROM processes"), 2);
	assert_int_equal(sql_long("PRAGMA user_version"), VT_STORE_SCHEMA);

	vt_snapshot s;
	vt_snapshot_init(&s);
	const vt_proc *p = at(st, &s, T0 + 92, 200);   /* the sample at 90 s */
	assert_non_null(p);
	assert_int_equal(p->vmas, 10 + 18);
	assert_int_equal(s.time * 1000, (T0 + 90) * 1000);
	assert_int_equal(s.max_map_count, 65530);
	assert_string_equal(s.host, "testhost");
	assert_string_equal(s.kernel, "6.1.0-test");
	p = vt_snapshot_find(&s, 100);
	assert_non_null(p);
	assert_int_equal(p->vmas, 500);
	assert_string_equal(p->comm, "steady");
	assert_string_equal(p->user, "u100");
	assert_int_equal(s.total_vmas, 528);
	vt_snapshot_free(&s);

	char *cause = NULL;
	assert_int_equal(vt_store_at(st, (int64_t)((T0 - 1) * 1000), 0, &s, &cause), -1);
	assert_non_null(cause);
	free(cause);
	vt_store_close(st);
}

/* A process that grows then dies: its last count and last seen time are
 * kept, it is in the listing at times it was alive (exited since), not after. */
static void test_exit(void **state)
{
	(void)state;
	vt_store *st = fresh();
	struct fake f[2] = { { 100, 1, 500, "other" }, { 300, 7, 1000, "victim" } };
	for (int i = 0; i < 10; i++) {
		f[1].vmas = 1000 + 100 * i;            /* 1900 at 45 s */
		record(st, T0 + 5 * i, 65530, f, 2);
	}
	record(st, T0 + 50, 65530, f, 1);              /* victim gone */
	record(st, T0 + 55, 262144, f, 1);             /* the limit changed */
	assert_int_equal(sql_long("SELECT last_count FROM processes WHERE pid = 300"), 1900);
	assert_int_equal(sql_long("SELECT exited FROM processes WHERE pid = 300"), 1);
	assert_int_equal(sql_long("SELECT last_seen FROM processes WHERE pid = 300"),
			 (long)((T0 + 45) * 1000));
	assert_int_equal(sql_long("SELECT exited FROM processes WHERE pid = 100"), 0);

	vt_snapshot s;
	vt_snapshot_init(&s);
	const vt_proc *p = at(st, &s, T0 + 45, 300);
	assert_non_null(p);
	assert_int_equal(p->vmas, 1900);
	assert_false(p->flags & VT_PROC_EXITED);
	p = at(st, &s, T0 + 55, 300);
	assert_null(p);
	assert_int_equal(s.max_map_count, 262144);
	/* with a window of exited processes: flagged, last count, last seen */
	char *cause = NULL;
	assert_int_equal(vt_store_at(st, (int64_t)((T0 + 55) * 1000), 60000, &s, &cause), 0);
	p = vt_snapshot_find(&s, 300);
	assert_non_null(p);
	assert_true(p->flags & VT_PROC_EXITED);
	assert_int_equal(p->vmas, 1900);
	assert_int_equal((long)p->exited, (long)(T0 + 45));
	vt_snapshot_free(&s);

	vt_store_series ser;
	assert_int_equal(vt_store_series_get(st, 300, 0, 0, &ser, &cause), 0);
	assert_int_equal(ser.npoints, 10);
	assert_int_equal(ser.points[9].count, 1900);
	assert_true(ser.exited);
	assert_int_equal(ser.last_count, 1900);
	assert_string_equal(ser.comm, "victim");
	vt_store_series_free(&ser);
	assert_int_equal(vt_store_series_get(st, 300, 0, (int64_t)((T0 + 30) * 1000), &ser,
					     &cause), 0);
	assert_int_equal(ser.npoints, 4);
	vt_store_series_free(&ser);
	assert_int_equal(vt_store_series_get(st, 999, 0, 0, &ser, &cause), -1);
	assert_non_null(strstr(cause, "no process 999"));
	free(cause);
	vt_store_close(st);
}

/* A pid reused: the latest process by default, the other by --start. */
static void test_pid_reuse(void **state)
{
	(void)state;
	vt_store *st = fresh();
	struct fake a = { 400, 10, 50, "first" }, b = { 400, 90, 70, "second" };
	record(st, T0, 65530, &a, 1);
	record(st, T0 + 5, 65530, &a, 1);
	record(st, T0 + 10, 65530, &b, 1);             /* same pid, new start time */
	char *cause = NULL;
	vt_store_series ser;
	assert_int_equal(vt_store_series_get(st, 400, 0, 0, &ser, &cause), 0);
	assert_string_equal(ser.comm, "second");
	assert_int_equal(ser.start_time, 90);
	assert_int_equal(ser.nothers, 1);
	assert_int_equal(ser.others[0], 10);
	vt_store_series_free(&ser);
	assert_int_equal(vt_store_series_get(st, 400, 10, 0, &ser, &cause), 0);
	assert_string_equal(ser.comm, "first");
	assert_true(ser.exited);
	assert_int_equal(ser.last_seen_ms, (int64_t)((T0 + 5) * 1000));
	vt_store_series_free(&ser);
	assert_int_equal(vt_store_series_get(st, 400, 55, 0, &ser, &cause), -1);
	free(cause);
	vt_store_close(st);
}

/* A second session (the recorder restarted, or killed before): processes
 * still alive continue their row, the others are closed as exited. */
static void test_restart(void **state)
{
	(void)state;
	vt_store *st = fresh();
	struct fake f[2] = { { 100, 1, 5, "stays" }, { 200, 2, 6, "goes" } };
	record(st, T0, 65530, f, 2);
	vt_store_close(st);                            /* like a kill: no exit written */
	char *cause = NULL;
	st = vt_store_open(db, VT_STORE_WRITE, &cause);
	assert_non_null(st);
	record(st, T0 + 600, 65530, f, 1);
	assert_int_equal(sql_long("SELECT count(*) FROM processes"), 2);
	assert_int_equal(sql_long("SELECT exited FROM processes WHERE pid = 100"), 0);
	assert_int_equal(sql_long("SELECT exited FROM processes WHERE pid = 200"), 1);
	assert_int_equal(sql_long("SELECT count(*) FROM samples"), 3);
	vt_store_close(st);
}

/* Retention on a fake clock: 9 days at one sample per 10 minutes with 7
 * days kept: nothing older than 7 days remains, the recent days do. */
static void test_retention(void **state)
{
	(void)state;
	vt_store *st = fresh();
	vt_store_set_retention(st, 7LL * 86400 * 1000);
	struct fake f[2] = { { 100, 1, 5, "long" }, { 0, 0, 9, "short" } };
	vt_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.pid = 100;
	ev.cause = VT_EVENT_MAX_MAP_COUNT;
	char *cause = NULL;
	ev.time_ns = (int64_t)T0 * 1000000000LL;       /* an old event */
	assert_int_equal(vt_store_add_event(st, &ev, &cause), 0);
	int steps = (int)(9 * DAY / 600);
	for (int i = 0; i <= steps; i++) {
		f[0].vmas = 5 + i % 3;
		f[1].pid = 1000 + i / 6;               /* a new short-lived process every hour */
		f[1].start = (unsigned long long)i / 6 + 1;
		record(st, T0 + 600.0 * i, 65530, f, 2);
	}
	int64_t first, last;
	assert_int_equal(vt_store_range(st, &first, &last, &cause), 0);
	int64_t end = (int64_t)((T0 + 600.0 * steps) * 1000);
	assert_int_equal(last, end);
	assert_true(first >= end - 7LL * 86400 * 1000);
	assert_true(first <= end - 7LL * 86400 * 1000 + 600000);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM samples WHERE time < %lld",
		 (long long)(end - 7LL * 86400 * 1000 - 600000));
	assert_int_equal(sql_long(sql), 0);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM processes WHERE last_seen < %lld",
		 (long long)(end - 7LL * 86400 * 1000 - 600000));
	assert_int_equal(sql_long(sql), 0);
	assert_int_equal(sql_long("SELECT count(*) FROM events"), 0);
	/* the counter is not lowered by retention */
	uint64_t tot[2];
	assert_int_equal(vt_store_event_totals(st, tot, &cause), 0);
	assert_int_equal(tot[VT_EVENT_MAX_MAP_COUNT], 1);
	/* the long-lived process is still there, with its recent samples */
	assert_int_equal(sql_long("SELECT count(*) FROM processes WHERE pid = 100"), 1);
	assert_true(sql_long("SELECT count(*) FROM samples JOIN processes p ON p.id = process"
			     " WHERE pid = 100") >= 7 * 144 - 1);
	/* short-lived processes of the last 7 days remain */
	assert_true(sql_long("SELECT count(*) FROM processes") >= 7 * 24);
	vt_store_close(st);
	/* a time before the oldest sample kept is refused */
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	st = vt_store_open(db, VT_STORE_READ, &cause);
	assert_non_null(st);
	assert_int_equal(vt_store_at(st, (int64_t)(T0 * 1000), 0, &snap, &cause), -1);
	free(cause);
	vt_snapshot_free(&snap);
	vt_store_close(st);
	assert_int_equal(sql_long("SELECT integrity_check = 'ok' FROM pragma_integrity_check"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_and_heartbeat),
		cmocka_unit_test(test_exit),
		cmocka_unit_test(test_pid_reuse),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_retention),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
