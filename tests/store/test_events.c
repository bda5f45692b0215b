/* The store's ENOMEM events: add, read back since a time and by pid, totals
 * per cause that survive reopening, hostile bytes kept as they were, the
 * writer lock, and bad files refused. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vmatop/store.h"

static char dir[] = "/tmp/vmatop-store-XXXXXX";
static char db[256];

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(db, sizeof(db), "%s/sub/history.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static vt_event ev_make(int64_t t, pid_t pid, vt_event_cause c, const char *comm)
{
	vt_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.time_ns = t;
	ev.pid = pid;
	ev.tid = pid + 1;
	ev.start_time = 4242;
	snprintf(ev.comm, sizeof(ev.comm), "%s", comm);
	snprintf(ev.syscall, sizeof(ev.syscall), "mprotect");
	ev.len = 4096;
	ev.map_count = 65530;
	ev.max_map_count = 65530;
	ev.cause = c;
	snprintf(ev.cgroup, sizeof(ev.cgroup), "/system.slice/x.service");
	return ev;
}

static vt_store *open_w(void)
{
	char *cause = NULL;
	vt_store *st = vt_store_open(db, VT_STORE_WRITE, &cause);
	if (!st)
		fail_msg("open: %s", cause);
	return st;
}

static void test_add_and_query(void **state)
{
	(void)state;
	char *cause = NULL;
	vt_store *st = open_w();
	vt_event a = ev_make(1000, 10, VT_EVENT_MAX_MAP_COUNT, "java");
	vt_event b = ev_make(2000, 11, VT_EVENT_MEMORY, "\x1b[31mevil\xff");
	vt_event c = ev_make(3000, 10, VT_EVENT_MAX_MAP_COUNT, "java");
	/* a full-length comm (no NUL inside the array) is kept whole, not overrun */
	memset(c.comm, 'x', sizeof(c.comm));
	assert_int_equal(vt_store_add_event(st, &a, &cause), 0);
	assert_int_equal(vt_store_add_event(st, &b, &cause), 0);
	assert_int_equal(vt_store_add_event(st, &c, &cause), 0);

	vt_event *out;
	size_t n;
	assert_int_equal(vt_store_events(st, 0, 0, &out, &n, &cause), 0);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].time_ns, 1000);
	assert_string_equal(out[0].comm, "java");
	assert_string_equal(out[0].syscall, "mprotect");
	assert_int_equal(out[0].cause, VT_EVENT_MAX_MAP_COUNT);
	assert_int_equal(out[0].tid, 11);
	assert_int_equal(out[0].start_time, 4242);
	assert_int_equal(out[0].map_count, 65530);
	assert_string_equal(out[0].cgroup, "/system.slice/x.service");
	assert_string_equal(out[1].comm, "\x1b[31mevil\xff");      /* raw: sanitized when shown */
	assert_int_equal(out[1].cause, VT_EVENT_MEMORY);
	assert_int_equal(strlen(out[2].comm), sizeof(c.comm) - 1); /* truncated to fit */
	free(out);

	assert_int_equal(vt_store_events(st, 1500, 0, &out, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].time_ns, 2000);
	free(out);
	assert_int_equal(vt_store_events(st, 0, 10, &out, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].pid, 10);
	assert_int_equal(out[1].time_ns, 3000);
	free(out);
	assert_int_equal(vt_store_events(st, 5000, 0, &out, &n, &cause), 0);
	assert_int_equal(n, 0);
	free(out);

	uint64_t tot[2];
	assert_int_equal(vt_store_event_totals(st, tot, &cause), 0);
	assert_int_equal(tot[VT_EVENT_MAX_MAP_COUNT], 2);
	assert_int_equal(tot[VT_EVENT_MEMORY], 1);
	vt_store_close(st);

	/* kept across a reopen, readable by a reader while no writer runs */
	st = vt_store_open(db, VT_STORE_READ, &cause);
	assert_non_null(st);
	assert_int_equal(vt_store_event_totals(st, tot, &cause), 0);
	assert_int_equal(tot[VT_EVENT_MAX_MAP_COUNT], 2);
	assert_int_equal(vt_store_events(st, 0, 11, &out, &n, &cause), 0);
	assert_int_equal(n, 1);
	free(out);
	/* a reader cannot write */
	assert_int_equal(vt_store_add_event(st, &a, &cause), -1);
	assert_non_null(cause);
	free(cause);
	vt_store_close(st);
}

static void test_second_writer_refused(void **state)
{
	(void)state;
	char *cause = NULL;
	vt_store *st = open_w();
	vt_store *two = vt_store_open(db, VT_STORE_WRITE, &cause);
	assert_null(two);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "another vmatop record"));
	free(cause);
	/* a reader is fine meanwhile */
	vt_store *r = vt_store_open(db, VT_STORE_READ, &cause);
	assert_non_null(r);
	vt_store_close(r);
	vt_store_close(st);
	st = open_w();             /* the lock went with the first writer */
	vt_store_close(st);
}

static void test_bad_files(void **state)
{
	(void)state;
	char *cause = NULL;
	char path[300];
	snprintf(path, sizeof(path), "%s/missing.db", dir);
	assert_null(vt_store_open(path, VT_STORE_READ, &cause));
	assert_non_null(strstr(cause, "missing.db"));
	free(cause);

	snprintf(path, sizeof(path), "%s/garbage.db", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a database, just text that goes on for a while\n", f);
	fclose(f);
	assert_null(vt_store_open(path, VT_STORE_WRITE, &cause));
	assert_non_null(cause);
	free(cause);
	assert_null(vt_store_open(path, VT_STORE_READ, &cause));
	assert_non_null(cause);
	free(cause);
	/* the file was not destroyed */
	f = fopen(path, "r");
	char line[80];
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(strstr(line, "not a database"));
	fclose(f);

	/* a FIFO is never opened as a database */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "mkfifo '%s'", path);
	assert_int_equal(system(cmd), 0);
	assert_null(vt_store_open(path, VT_STORE_WRITE, &cause));
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_query),
		cmocka_unit_test(test_second_writer_refused),
		cmocka_unit_test(test_bad_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
