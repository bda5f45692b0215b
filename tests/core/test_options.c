/* The command-line contract: good arguments, and a one-line error for every bad one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmatop/options.h"
#include "vmatop/sort.h"

#define ARGS(...) ((char *[]){ "vmatop", __VA_ARGS__, NULL })
#define NARGS(...) ((int)(sizeof((char *[]){ "vmatop", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, cause, ...) parse(o, cause, NARGS(__VA_ARGS__), ARGS(__VA_ARGS__))

static int parse(vt_opts *o, char **cause, int argc, char **argv)
{
	vt_opts_defaults(o);
	*cause = NULL;
	return vt_opts_parse(o, argc, argv, cause);
}

/* Bad arguments: -1, and a cause naming the argument. */
static void expect_error(int rc, char *cause, const char *names)
{
	assert_int_equal(rc, -1);
	assert_non_null(cause);
	if (!strstr(cause, names))
		fail_msg("error '%s' does not name '%s'", cause, names);
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void test_defaults(void **state)
{
	(void)state;
	vt_opts o;
	char *cause;
	assert_int_equal(parse(&o, &cause, 1, ARGS(NULL)), 0);
	assert_int_equal(o.mode, VT_MODE_TUI);
	assert_int_equal(o.sort, VT_SORT_VMAS);
	assert_int_equal(o.iterations, 0);
	assert_true(o.delay > 1.4 && o.delay < 1.6);
}

static void test_batch(void **state)
{
	(void)state;
	vt_opts o;
	char *cause;
	assert_int_equal(PARSE(&o, &cause, "-b", "-n", "3", "-d", "0.5", "-p", "1,22,333", "-s", "pid"), 0);
	assert_int_equal(o.mode, VT_MODE_BATCH);
	assert_int_equal(o.iterations, 3);
	assert_true(o.delay > 0.49 && o.delay < 0.51);
	assert_int_equal(o.npids, 3);
	assert_int_equal(o.pids[2], 333);
	assert_int_equal(o.sort, VT_SORT_PID);
	assert_int_equal(PARSE(&o, &cause, "--batch", "--iterations=1", "--sort=COMMAND", "--top", "5"), 0);
	assert_int_equal(o.sort, VT_SORT_COMMAND);
	assert_int_equal(o.top, 5);
}

static void test_cgroup_options(void **state)
{
	(void)state;
	vt_opts o;
	char *c;
	assert_int_equal(PARSE(&o, &c, "-b", "--cgroup", "shop/web-*", "--containers",
			       "--pods-dir", "/srv/pods"), 0);
	assert_string_equal(o.cgroup, "shop/web-*");
	assert_true(o.containers);
	assert_string_equal(o.pods_dir, "/srv/pods");
	assert_int_equal(PARSE(&o, &c, "-b"), 0);
	assert_null(o.cgroup);
	assert_false(o.containers);
	assert_null(o.pods_dir);
	int rc = PARSE(&o, &c, "--cgroup", ""); expect_error(rc, c, "--cgroup");
	rc = PARSE(&o, &c, "--cgroup"); expect_error(rc, c, "--cgroup");
	rc = PARSE(&o, &c, "--pods-dir", ""); expect_error(rc, c, "--pods-dir");
}

static void test_machine_formats(void **state)
{
	(void)state;
	vt_opts o;
	char *cause;
	assert_int_equal(PARSE(&o, &cause, "--json"), 0);
	assert_int_equal(o.mode, VT_MODE_BATCH);
	assert_int_equal(o.format, VT_FORMAT_JSON);
	assert_int_equal(PARSE(&o, &cause, "--openmetrics"), 0);
	assert_int_equal(o.iterations, 1);
	assert_int_equal(o.top, 10);
	assert_int_equal(PARSE(&o, &cause, "--maps", "42", "--json"), 0);
	assert_int_equal(o.mode, VT_MODE_MAPS);
	assert_int_equal(o.maps_pid, 42);
	assert_int_equal(PARSE(&o, &cause, "--check", "70,90"), 0);
	assert_int_equal(o.mode, VT_MODE_CHECK);
	assert_true(o.warn == 70 && o.crit == 90);
	assert_int_equal(PARSE(&o, &cause, "--check=1.5,2"), 0);
	assert_true(o.warn == 1.5 && o.crit == 2);
	assert_int_equal(PARSE(&o, &cause, "--check"), 0);
	assert_true(o.warn == 80 && o.crit == 95);
	assert_int_equal(PARSE(&o, &cause, "--demo=5000"), 0);
	assert_true(o.demo);
	assert_int_equal(o.demo_rate, 5000);
	assert_int_equal(PARSE(&o, &cause, "--advise", "--headroom", "2", "--round", "1000"), 0);
	assert_int_equal(o.mode, VT_MODE_ADVISE);
	assert_int_equal(o.round_to, 1000);
	assert_int_equal(PARSE(&o, &cause, "-u", "root"), 0);
	assert_true(o.by_uid);
	assert_int_equal(o.uid, 0);
	assert_int_equal(PARSE(&o, &cause, "-u", "0"), 0);
	assert_int_equal(o.uid, 0);
}

static void test_help_version(void **state)
{
	(void)state;
	vt_opts o;
	char *cause;
	assert_int_equal(PARSE(&o, &cause, "-h"), 0);
	assert_int_equal(o.mode, VT_MODE_HELP);
	assert_int_equal(PARSE(&o, &cause, "--version"), 0);
	assert_int_equal(o.mode, VT_MODE_VERSION);
	assert_non_null(strstr(vt_usage(), "--maps PID"));
}

/* --help's -s list names every sort key of the column table, and no other. */
static void test_help_sort_keys(void **state)
{
	(void)state;
	const char *u = vt_usage();
	const char *from = strstr(u, "--sort KEY"), *to = strstr(u, "--invert");
	assert_non_null(from);
	assert_non_null(to);
	size_t keys = 0, words = 0;
	for (int i = 0; i < VT_COL__COUNT; i++) {
		const vt_sort_info *k = vt_sort_info_get((vt_sort_key)i);
		if (!k)
			continue;
		keys++;
		size_t n = strlen(k->name);
		const char *p = from;
		bool found = false;
		while ((p = strstr(p, k->name)) && p < to) {
			if (p[-1] == ' ' && (p[n] == ',' || p[n] == '\n' || strncmp(p + n, " or ", 4) == 0))
				found = true;
			p += n;
		}
		if (!found)
			fail_msg("--help's -s list lacks the sort key '%s'", k->name);
	}
	/* the words of the list: after "a column:" up to the line with -I */
	const char *p = strstr(from, "a column:");
	assert_non_null(p);
	for (p += strlen("a column:"); p < to; p++)
		if (*p >= 'a' && *p <= 'z' && (p[-1] == ' ') && strncmp(p, "or ", 3) != 0)
			words++;
	assert_int_equal(words, keys);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	vt_opts o;
	char *c;
	int rc;
	rc = PARSE(&o, &c, "--bogus"); expect_error(rc, c, "--bogus");
	rc = PARSE(&o, &c, "-x"); expect_error(rc, c, "-x");
	rc = PARSE(&o, &c, "-d", "-1"); expect_error(rc, c, "-d");
	rc = PARSE(&o, &c, "-d", "abc"); expect_error(rc, c, "'abc'");
	rc = PARSE(&o, &c, "-d", "nan"); expect_error(rc, c, "-d");
	rc = PARSE(&o, &c, "-d", "0"); expect_error(rc, c, "-d");
	rc = PARSE(&o, &c, "-n", "0"); expect_error(rc, c, "-n");
	rc = PARSE(&o, &c, "-n", "1x"); expect_error(rc, c, "-n");
	rc = PARSE(&o, &c, "-n", "99999999999999999999999"); expect_error(rc, c, "-n");
	rc = PARSE(&o, &c, "-p", "abc"); expect_error(rc, c, "-p");
	rc = PARSE(&o, &c, "-p", "1,,2"); expect_error(rc, c, "-p");
	rc = PARSE(&o, &c, "-p", "0"); expect_error(rc, c, "-p");
	rc = PARSE(&o, &c, "-p", "-5"); expect_error(rc, c, "-p");
	rc = PARSE(&o, &c, "-p", ""); expect_error(rc, c, "-p");
	rc = PARSE(&o, &c, "-u", "no-such-user-vmatop"); expect_error(rc, c, "no-such-user-vmatop");
	rc = PARSE(&o, &c, "-s", "colour"); expect_error(rc, c, "colour");
	rc = PARSE(&o, &c, "--maps", "x"); expect_error(rc, c, "--maps");
	rc = PARSE(&o, &c, "--check=90,80"); expect_error(rc, c, "--check");
	rc = PARSE(&o, &c, "--check=abc"); expect_error(rc, c, "--check");
	rc = PARSE(&o, &c, "--demo=0"); expect_error(rc, c, "--demo");
	rc = PARSE(&o, &c, "--backend", "gpu"); expect_error(rc, c, "gpu");
	rc = PARSE(&o, &c, "--headroom", "0.5"); expect_error(rc, c, "--headroom");
	rc = PARSE(&o, &c, "--top", "0"); expect_error(rc, c, "--top");
	rc = PARSE(&o, &c, "-b", "extra"); expect_error(rc, c, "extra");
	rc = PARSE(&o, &c, "-d"); expect_error(rc, c, "-d");
	rc = PARSE(&o, &c, "--output", "f"); expect_error(rc, c, "--output");
	rc = PARSE(&o, &c, "--smaps"); expect_error(rc, c, "--smaps");
	rc = PARSE(&o, &c, "--maps", "1", "--openmetrics"); expect_error(rc, c, "--openmetrics");
}

static void test_parse_pids(void **state)
{
	(void)state;
	pid_t p[3];
	assert_int_equal(vt_parse_pids("7", p, 3), 1);
	assert_int_equal(vt_parse_pids("1,2,3", p, 3), 3);
	assert_int_equal(vt_parse_pids("1,2,3,4", p, 3), -1);
	assert_int_equal(vt_parse_pids("1,", p, 3), -1);
	assert_int_equal(vt_parse_pids(",1", p, 3), -1);
	assert_int_equal(vt_parse_pids("2147483648", p, 3), -1);
}

/* The recorder: vmatop record and --db with its companions. */
#define BAD(names, ...) do { \
		int rc_ = PARSE(&o, &cause, __VA_ARGS__); \
		expect_error(rc_, cause, names); \
	} while (0)

static void test_recorder(void **state)
{
	(void)state;
	vt_opts o;
	char *cause;
	assert_int_equal(PARSE(&o, &cause, "record"), 0);
	assert_int_equal(o.mode, VT_MODE_RECORD);
	assert_true(o.delay == 5);
	assert_int_equal(o.retention_ms, 7LL * 86400 * 1000);
	assert_non_null(o.db);
	assert_non_null(strstr(o.db, "vmatop/history.db"));
	assert_int_equal(PARSE(&o, &cause, "record", "--db", "/x/h.db", "-d", "2.5", "--retention",
			       "12h", "--openmetrics", "/x/v.prom", "--backend", "text"), 0);
	assert_string_equal(o.db, "/x/h.db");
	assert_true(o.delay == 2.5);
	assert_int_equal(o.retention_ms, 12LL * 3600 * 1000);
	assert_string_equal(o.om_file, "/x/v.prom");
	assert_int_equal(o.backend, VT_BACKEND_TEXT);
	/* the default path: XDG_STATE_HOME for a user, /var/lib as root */
	char path[256];
	setenv("XDG_STATE_HOME", "/st", 1);
	vt_default_db(path, sizeof(path));
	assert_string_equal(path, geteuid() == 0 ? "/var/lib/vmatop/history.db" :
			    "/st/vmatop/history.db");
	BAD("--retention", "record", "--retention", "7");
	BAD("--openmetrics", "record", "--openmetrics", "");
	BAD("record", "record", "-b");
	BAD("--db", "record", "--db");

	assert_int_equal(PARSE(&o, &cause, "-b", "--db", "h.db", "--at", "@1800000000"), 0);
	assert_int_equal(o.mode, VT_MODE_HISTORY);
	assert_int_equal(o.at_ms, 1800000000000LL);
	assert_int_equal(PARSE(&o, &cause, "--json", "--db", "h.db", "--at", "-1h"), 0);
	assert_int_equal(o.mode, VT_MODE_HISTORY);
	assert_int_equal(o.format, VT_FORMAT_JSON);
	assert_int_equal(PARSE(&o, &cause, "-b", "--db", "h.db", "-p", "7", "--since", "-1h",
			       "--start", "123"), 0);
	assert_true(o.since_given);
	assert_int_equal(o.start, 123);
	assert_int_equal(PARSE(&o, &cause, "--db", "h.db", "--export", "csv"), 0);
	assert_int_equal(o.mode, VT_MODE_HISTORY);
	assert_int_equal(o.export_fmt, 1);
	/* --db alone: the screen in replay mode */
	assert_int_equal(PARSE(&o, &cause, "--db", "h.db"), 0);
	assert_int_equal(o.mode, VT_MODE_TUI);
	assert_string_equal(o.db, "h.db");
	BAD("--db", "-b", "--db", "h.db");
	BAD("--db", "--db", "");
	BAD("--db", "-b", "--at", "-1h");
	BAD("--at", "-b", "--db", "h", "--at", "soon");
	BAD("-b", "--db", "h", "--at", "-1h");
	BAD("--since", "-b", "--db", "h", "--since", "-1h");
	BAD("--since", "-b", "--db", "h", "--since", "-1h", "-p", "1,2");
	BAD("--start", "-b", "--db", "h", "--at", "-1h", "--start", "5");
	BAD("--start", "-b", "--db", "h", "-p", "1", "--since", "-1h", "--start",
			   "-5");
	BAD("--export", "--db", "h", "--export", "xls");
	BAD("--export", "--db", "h", "--export", "csv", "--at", "-1h");
	BAD("--openmetrics", "--db", "h", "--openmetrics", "--at", "-1h");
	BAD("--db", "--db", "h", "--check", "--at", "-1h");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_machine_formats),
		cmocka_unit_test(test_cgroup_options),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_help_sort_keys),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_parse_pids),
		cmocka_unit_test(test_recorder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
