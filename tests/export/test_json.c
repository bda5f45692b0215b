/* The JSON writer on hand-built snapshots, parsed back with jansson. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "snapfix.h"
#include "vmatop/export.h"

/* Write s as JSON into a string; the writer must succeed. */
static char *dump(const vt_snapshot *s, long top)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(vt_write_json(f, s, top), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Dump and parse back; the text must be one line ending in '\n'. */
static json_t *roundtrip(const vt_snapshot *s, long top)
{
	char *text = dump(s, top);
	size_t len = strlen(text);
	assert_true(len > 1);
	assert_int_equal(text[len - 1], '\n');
	assert_null(memchr(text, '\n', len - 1));
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);
	if (!doc)
		fail_msg("invalid JSON (%s): %s", err.text, text);
	free(text);
	return doc;
}

static json_t *proc_at(json_t *doc, size_t i)
{
	json_t *arr = json_object_get(doc, "processes");
	assert_true(json_is_array(arr));
	json_t *p = json_array_get(arr, i);
	assert_true(json_is_object(p));
	return p;
}

static const char *str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		fail_msg("%s is not a string", key);
	return json_string_value(v);
}

static long long integer(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

static double number(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_number(v))
		fail_msg("%s is not a number", key);
	return json_number_value(v);
}

static void test_header(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 0);
	assert_string_equal(str(doc, "time"), "2026-11-22T00:15:38Z");
	assert_string_equal(str(doc, "host"), "host" SNAPFIX_R "]0;x" SNAPFIX_R);
	assert_string_equal(str(doc, "kernel"), "6.1.0-test");
	assert_string_equal(str(doc, "backend"), "text");
	assert_int_equal(integer(doc, "max_map_count"), 65530);
	assert_int_equal(integer(doc, "total_vmas"), 65531 + 1000);
	assert_int_equal(integer(doc, "processes_scanned"), 3);
	assert_int_equal(integer(doc, "processes_unreadable"), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "processes")), 3);
	json_decref(doc);
	vt_snapshot_free(&s);
}

/* Exactly the documented fields, no more, no fewer. */
static void test_field_names(void **state)
{
	(void)state;
	static const char *const top[] = { "time", "host", "kernel", "backend", "max_map_count",
		"total_vmas", "processes_scanned", "processes_unreadable", "processes" };
	static const char *const proc[] = { "pid", "ppid", "user", "comm", "cmdline", "state",
		"vmas", "percent", "rate", "eta_seconds", "cgroup", "container", "pod_uid", "pod", "namespace", "unit", "threads" };
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 0);
	assert_int_equal(json_object_size(doc), sizeof(top) / sizeof(top[0]));
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		assert_non_null(json_object_get(doc, top[i]));
	for (size_t k = 0; k < 3; k++) {
		json_t *p = proc_at(doc, k);
		assert_int_equal(json_object_size(p), sizeof(proc) / sizeof(proc[0]));
		for (size_t i = 0; i < sizeof(proc) / sizeof(proc[0]); i++)
			assert_non_null(json_object_get(p, proc[i]));
		/* these processes' cgroups are unknown: null, never "" */
		for (size_t i = 9; i < sizeof(proc) / sizeof(proc[0]); i++)
			assert_true(json_is_null(json_object_get(p, proc[i])));
	}
	json_decref(doc);
	vt_snapshot_free(&s);
}

static void test_hostile_names(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 0);
	json_t *p = proc_at(doc, 1);
	assert_int_equal(integer(p, "pid"), 200);
	assert_string_equal(str(p, "comm"), SNAPFIX_HOSTILE_CLEAN);
	assert_string_equal(str(p, "cmdline"), "run " SNAPFIX_HOSTILE_CLEAN " " SNAPFIX_R "(");
	assert_string_equal(str(p, "user"), "user200");
	assert_string_equal(str(p, "state"), "S");
	json_decref(doc);
	vt_snapshot_free(&s);
}

/* The raw text never carries a control byte or an invalid sequence. */
static void test_no_raw_controls(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	char *text = dump(&s, 0);
	size_t len = strlen(text);
	for (size_t i = 0; i + 1 < len; i++)
		assert_true((unsigned char)text[i] >= 0x20 && text[i] != 0x7f);
	assert_null(strchr(text, '\xff'));
	free(text);
	vt_snapshot_free(&s);
}

static void test_unknown_is_null(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 0);
	json_t *p = proc_at(doc, 2);
	assert_int_equal(integer(p, "pid"), 300);
	assert_true(json_is_null(json_object_get(p, "vmas")));
	assert_true(json_is_null(json_object_get(p, "percent")));
	assert_true(json_is_null(json_object_get(p, "rate")));
	assert_string_equal(str(p, "cmdline"), "");
	json_decref(doc);
	vt_snapshot_free(&s);
}

static void test_percent_over_100(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 0);
	json_t *p = proc_at(doc, 0);
	assert_int_equal(integer(p, "vmas"), 65531);
	double pct = number(p, "percent");
	assert_true(pct > 100.0);
	assert_true(fabs(pct - 100.0 * 65531 / 65530) < 1e-9);
	assert_true(fabs(number(p, "rate") - 12.5) < 1e-12);
	assert_true(fabs(number(proc_at(doc, 1), "percent") - 100.0 * 1000 / 65530) < 1e-9);
	json_decref(doc);
	vt_snapshot_free(&s);
}

static void test_limit_unknown(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	s.max_map_count = VT_UNKNOWN;
	json_t *doc = roundtrip(&s, 0);
	assert_true(json_is_null(json_object_get(doc, "max_map_count")));
	assert_int_equal(integer(proc_at(doc, 0), "vmas"), 65531);
	for (size_t i = 0; i < 3; i++)
		assert_true(json_is_null(json_object_get(proc_at(doc, i), "percent")));
	json_decref(doc);
	vt_snapshot_free(&s);
}

static void test_top(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	json_t *doc = roundtrip(&s, 2);
	assert_int_equal(json_array_size(json_object_get(doc, "processes")), 2);
	assert_int_equal(integer(proc_at(doc, 1), "pid"), 200);
	assert_int_equal(integer(doc, "processes_scanned"), 3);
	json_decref(doc);
	vt_snapshot_free(&s);
}

static void test_empty(void **state)
{
	(void)state;
	vt_snapshot s;
	vt_snapshot_init(&s);
	json_t *doc = roundtrip(&s, 0);
	assert_string_equal(str(doc, "time"), "1970-01-01T00:00:00Z");
	assert_true(json_is_null(json_object_get(doc, "max_map_count")));
	assert_int_equal(json_array_size(json_object_get(doc, "processes")), 0);
	json_decref(doc);
	vt_snapshot_free(&s);
}

/* A failing stream is reported, not ignored. */
static void test_write_error(void **state)
{
	(void)state;
	vt_snapshot s;
	snapfix_build(&s);
	FILE *f = fopen("/dev/full", "w");
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(vt_write_json(f, &s, 0), -1);
	fclose(f);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_field_names),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_no_raw_controls),
		cmocka_unit_test(test_unknown_is_null),
		cmocka_unit_test(test_percent_over_100),
		cmocka_unit_test(test_limit_unknown),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
