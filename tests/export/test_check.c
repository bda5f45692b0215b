/* Check mode's line and status on hand-built snapshots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "snapfix.h"
#include "vmatop/export.h"

/* Run the check; returns its status, *line gets the output (one line). */
static int run(const vt_snapshot *s, double warn, double crit, const pid_t *pids, int npids,
	       char **line)
{
	vt_check_opts o = { .warn = warn, .crit = crit, .pids = pids, .npids = npids };
	size_t len = 0;
	FILE *f = open_memstream(line, &len);
	assert_non_null(f);
	int status = vt_write_check(f, s, &o);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 0);
	assert_int_equal((*line)[len - 1], '\n');
	assert_null(memchr(*line, '\n', len - 1));
	return status;
}

/* One process of a known count under limit 10000: 1234 VMAs is 12.34%. */
static void one_proc(vt_snapshot *s, const char *comm)
{
	vt_snapshot_init(s);
	s->max_map_count = 10000;
	snapfix_add(s, 4242, comm, "", 1234);
}

static void test_ok_warning_critical(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	one_proc(&s, "java");
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 0);
	assert_string_equal(line, "VMATOP OK - worst: java (pid 4242) 1234 VMAs, 12.3% of "
			    "vm.max_map_count 10000 | worst_percent=12.340%;80;95;0 "
			    "worst_vmas=1234;;;0 max_map_count=10000;;;0 total_vmas=1234;;;0 "
			    "processes_scanned=1;;;0 processes_unreadable=0;;;0\n");
	free(line);
	assert_int_equal(run(&s, 12, 13, NULL, 0, &line), 1);
	assert_non_null(strstr(line, "VMATOP WARNING - worst: java (pid 4242)"));
	free(line);
	assert_int_equal(run(&s, 5, 12.34, NULL, 0, &line), 2);   /* >= CRIT */
	assert_non_null(strstr(line, "VMATOP CRITICAL - "));
	free(line);
	assert_int_equal(run(&s, 12.34, 50, NULL, 0, &line), 1);  /* >= WARN */
	free(line);
	vt_snapshot_free(&s);
}

/* The worst is the highest count, over the limit is CRITICAL with the real percent. */
static void test_worst_over_limit(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	snapfix_build(&s);
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 2);
	assert_non_null(strstr(line, "VMATOP CRITICAL - worst: java (pid 100) 65531 VMAs, "
				     "100.0% of vm.max_map_count 65530; 1 of 3 processes unreadable |"));
	assert_non_null(strstr(line, "worst_percent=100.002%;80;95;0"));
	free(line);
	vt_snapshot_free(&s);
}

/* Below the thresholds but some processes unreadable: UNKNOWN (exit 3), naming how many. */
static void test_unknown_some_unreadable(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	snapfix_build(&s);
	assert_int_equal(run(&s, 1000, 2000, NULL, 0, &line), 3);
	assert_non_null(strstr(line, "VMATOP UNKNOWN - worst: java (pid 100) 65531 VMAs, "
				     "100.0% of vm.max_map_count 65530; 1 of 3 processes unreadable |"));
	free(line);
	vt_snapshot_free(&s);
}

/* A hostile name is sanitized and cannot start the perfdata with '|'. */
static void test_hostile_name(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	one_proc(&s, "a|b " SNAPFIX_HOSTILE_COMM);
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 0);
	assert_non_null(strstr(line, "worst: a" SNAPFIX_R "b " SNAPFIX_HOSTILE_CLEAN " (pid 4242)"));
	assert_int_equal(strchr(line, '|') - line, strstr(line, " | ") - line + 1);
	free(line);
	vt_check_opts o = { .warn = 80, .crit = 95, .ascii = true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(vt_write_check(f, &s, &o), 0);
	fclose(f);
	assert_non_null(strstr(buf, "worst: a?b e?[31m?\"q\\b? (pid 4242)"));
	free(buf);
	vt_snapshot_free(&s);
}

static void test_unknown_limit(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	one_proc(&s, "java");
	s.max_map_count = VT_UNKNOWN;
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 3);
	assert_string_equal(line, "VMATOP UNKNOWN - vm.max_map_count is unreadable: "
			    "no percentage to judge\n");
	free(line);
	vt_snapshot_free(&s);
}

static void test_unknown_nothing_readable(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	vt_snapshot_init(&s);
	s.max_map_count = 65530;
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 3);
	assert_string_equal(line, "VMATOP UNKNOWN - no process to check (the filters match none)\n");
	free(line);
	snapfix_add(&s, 1, "init", "", VT_UNKNOWN);
	snapfix_add(&s, 2, "other", "", VT_UNKNOWN);
	assert_int_equal(run(&s, 80, 95, NULL, 0, &line), 3);
	assert_non_null(strstr(line, "VMATOP UNKNOWN - none of the 2 processes' maps are readable"));
	free(line);
	vt_snapshot_free(&s);
}

static void test_unknown_missing_pid(void **state)
{
	(void)state;
	vt_snapshot s;
	char *line;
	const pid_t pids[] = { 4242, 999999 };
	one_proc(&s, "java");
	assert_int_equal(run(&s, 80, 95, pids, 1, &line), 0);
	free(line);
	assert_int_equal(run(&s, 80, 95, pids, 2, &line), 3);
	assert_string_equal(line, "VMATOP UNKNOWN - no process with pid 999999\n");
	free(line);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_warning_critical),
		cmocka_unit_test(test_worst_over_limit),
		cmocka_unit_test(test_unknown_some_unreadable),
		cmocka_unit_test(test_hostile_name),
		cmocka_unit_test(test_unknown_limit),
		cmocka_unit_test(test_unknown_nothing_readable),
		cmocka_unit_test(test_unknown_missing_pid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
