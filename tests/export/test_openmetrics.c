/* The OpenMetrics writer on hand-built snapshots: families, labels, values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "snapfix.h"
#include "vmatop/export.h"

static char *dump(const vt_snapshot *s, long top)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(vt_write_openmetrics(f, s, top), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The line starting with prefix (whole line, without '\n'), or NULL. */
static char *line_with(const char *text, const char *prefix)
{
	for (const char *l = text; *l; ) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (!strncmp(l, prefix, strlen(prefix)))
			return strndup(l, n);
		l += n + (nl ? 1 : 0);
	}
	return NULL;
}

/* The value of the sample whose line starts with prefix; fails if absent. */
static double value_of(const char *text, const char *prefix)
{
	char *l = line_with(text, prefix);
	if (!l)
		fail_msg("no line starting with %s", prefix);
	const char *sp = strrchr(l, ' ');
	assert_non_null(sp);
	char *end;
	double v = strtod(sp + 1, &end);
	assert_int_equal(*end, '\0');
	free(l);
	return v;
}

static int count_prefix(const char *text, const char *prefix)
{
	int n = 0;
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (!strncmp(l, prefix, strlen(prefix)))
			n++;
	return n;
}

static void test_header_values(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	char *t = dump(&s, 0);
	assert_true(value_of(t, "vmatop_max_map_count_limit ") == 65530);
	assert_true(value_of(t, "vmatop_vmas ") == 65531 + 1000);
	assert_true(value_of(t, "vmatop_processes_scanned ") == 3);
	assert_true(value_of(t, "vmatop_processes_unreadable ") == 1);
	double worst = value_of(t, "vmatop_worst_ratio ");
	assert_true(worst > 1.0);
	assert_true(fabs(worst - 65531.0 / 65530.0) < 1e-9);
	free(t);
	vt_snapshot_free(&s);
}

/* Every family has HELP and TYPE gauge, before its samples; the text ends in # EOF. */
static void test_families(void **state)
{
	(void)state;
	static const char *const names[] = { "vmatop_max_map_count_limit", "vmatop_worst_ratio",
		"vmatop_vmas", "vmatop_processes_scanned", "vmatop_processes_unreadable",
		"vmatop_process_vmas", "vmatop_process_ratio" };
	vt_snapshot s;
	snapfix_build(&s);
	char *t = dump(&s, 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char help[128], type[128], sample[128];
		snprintf(help, sizeof(help), "# HELP %s ", names[i]);
		snprintf(type, sizeof(type), "# TYPE %s gauge\n", names[i]);
		snprintf(sample, sizeof(sample), "\n%s", names[i]);
		const char *h = strstr(t, help), *ty = strstr(t, type), *sa = strstr(t, sample);
		assert_non_null(h);
		assert_non_null(ty);
		assert_non_null(sa);
		assert_true(h < ty && ty < sa);
		assert_int_equal(count_prefix(t, help), 1);
	}
	size_t len = strlen(t);
	assert_true(len > 6);
	assert_string_equal(t + len - 6, "# EOF\n");
	assert_int_equal(count_prefix(t, "# EOF"), 1);
	free(t);
	vt_snapshot_free(&s);
}

/* Label values: sanitized, then backslash and double quote escaped. */
static void test_hostile_label(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	char *t = dump(&s, 0);
	char *l = line_with(t, "vmatop_process_vmas{pid=\"200\"");
	assert_non_null(l);
	assert_string_equal(l, "vmatop_process_vmas{pid=\"200\",comm=\"e" SNAPFIX_R "[31m" SNAPFIX_R
			       "\\\"q\\\\b" SNAPFIX_R "\"} 1000");
	free(l);
	for (const char *c = t; *c; c++)
		assert_true((unsigned char)*c >= 0x20 || *c == '\n');
	assert_null(strchr(t, '\xff'));
	free(t);
	vt_snapshot_free(&s);
}

static void test_process_series(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	char *t = dump(&s, 0);
	assert_true(value_of(t, "vmatop_process_vmas{pid=\"100\",comm=\"java\"} ") == 65531);
	double r = value_of(t, "vmatop_process_ratio{pid=\"100\",comm=\"java\"} ");
	assert_true(fabs(r - 65531.0 / 65530.0) < 1e-9);
	r = value_of(t, "vmatop_process_ratio{pid=\"200\"");
	assert_true(fabs(r - 1000.0 / 65530.0) < 1e-9);
	/* the unreadable process has no series (unknown is not 0) */
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{pid=\"300\""), 0);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{"), 2);
	assert_int_equal(count_prefix(t, "vmatop_process_ratio{"), 2);
	free(t);
	vt_snapshot_free(&s);
}

/* --top N: the first N processes whose count is known. */
static void test_top(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	char *t = dump(&s, 1);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{"), 1);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{pid=\"100\""), 1);
	free(t);
	/* unknown processes do not take a place in the top N */
	vt_proc tmp = s.procs[0];
	s.procs[0] = s.procs[2];
	s.procs[2] = tmp;
	t = dump(&s, 1);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{"), 1);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{pid=\"200\""), 1);
	free(t);
	vt_snapshot_free(&s);
}

/* Without the limit: no limit sample and no ratios, the counts still there. */
static void test_limit_unknown(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	s.max_map_count = VT_UNKNOWN;
	char *t = dump(&s, 0);
	assert_int_equal(count_prefix(t, "vmatop_max_map_count_limit "), 0);
	assert_int_equal(count_prefix(t, "vmatop_worst_ratio "), 0);
	assert_int_equal(count_prefix(t, "vmatop_process_ratio{"), 0);
	assert_int_equal(count_prefix(t, "vmatop_process_vmas{"), 2);
	assert_int_equal(count_prefix(t, "# TYPE vmatop_process_ratio gauge"), 1);
	assert_null(strstr(t, "nan"));
	assert_null(strstr(t, "NaN"));
	free(t);
	vt_snapshot_free(&s);
}

static void test_write_error(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	FILE *f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(vt_write_openmetrics(f, &s, 0), -1);
	fclose(f);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_values),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_hostile_label),
		cmocka_unit_test(test_process_series),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_limit_unknown),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
