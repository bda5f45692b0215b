/* Unit: the cause rule (its boundaries per call), the names, the reader's
 * filter, the in-memory log, and the JSON and text writers over hostile
 * bytes (the output is parsed back with jansson). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/events.h"
#include "vmatop/export.h"

#define LIMIT 65530

static void rule_splits_and_maps(void **state)
{
	(void)state;
	static const char *const calls[] = { "mmap", "mprotect", "munmap", "brk", "madvise" };
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		assert_int_equal(vt_event_cause_of(calls[i], LIMIT + 1, LIMIT), VT_EVENT_MAX_MAP_COUNT);
		assert_int_equal(vt_event_cause_of(calls[i], LIMIT, LIMIT), VT_EVENT_MAX_MAP_COUNT);
		assert_int_equal(vt_event_cause_of(calls[i], LIMIT - 1, LIMIT), VT_EVENT_MAX_MAP_COUNT);
		assert_int_equal(vt_event_cause_of(calls[i], LIMIT - 2, LIMIT), VT_EVENT_MEMORY);
		assert_int_equal(vt_event_cause_of(calls[i], 24, LIMIT), VT_EVENT_MEMORY);
	}
}

static void rule_mremap_needs_three(void **state)
{
	(void)state;
	assert_int_equal(vt_event_cause_of("mremap", LIMIT - 3, LIMIT), VT_EVENT_MAX_MAP_COUNT);
	assert_int_equal(vt_event_cause_of("mremap", LIMIT - 4, LIMIT), VT_EVENT_MEMORY);
	assert_int_equal(vt_event_cause_of("mremap", LIMIT + 2, LIMIT), VT_EVENT_MAX_MAP_COUNT);
}

static void rule_unknowns_are_memory(void **state)
{
	(void)state;
	assert_int_equal(vt_event_cause_of("mmap", -1, LIMIT), VT_EVENT_MEMORY);
	assert_int_equal(vt_event_cause_of("mmap", LIMIT, -1), VT_EVENT_MEMORY);
	assert_int_equal(vt_event_cause_of(NULL, LIMIT, LIMIT), VT_EVENT_MAX_MAP_COUNT);
	/* A tiny limit (set by an admin) still decides. */
	assert_int_equal(vt_event_cause_of("mmap", 0, 1), VT_EVENT_MAX_MAP_COUNT);
	assert_int_equal(vt_event_cause_of("mmap", 0, 2), VT_EVENT_MEMORY);
}

static void cause_names(void **state)
{
	(void)state;
	assert_string_equal(vt_event_cause_name(VT_EVENT_MEMORY), "memory");
	assert_string_equal(vt_event_cause_name(VT_EVENT_MAX_MAP_COUNT), "max_map_count");
	assert_string_equal(vt_event_cause_name((vt_event_cause)7), "memory");
	assert_int_equal(vt_event_cause_parse("memory"), VT_EVENT_MEMORY);
	assert_int_equal(vt_event_cause_parse("max_map_count"), VT_EVENT_MAX_MAP_COUNT);
	assert_int_equal(vt_event_cause_parse("Memory"), -1);
	assert_int_equal(vt_event_cause_parse(NULL), -1);
}

static void filter_pids_and_uid(void **state)
{
	(void)state;
	pid_t pids[] = { 10, 20 };
	vt_events_filter f = { .pids = pids, .npids = 2 };
	assert_true(vt_events_filter_match(NULL, 5, 0));
	assert_true(vt_events_filter_match(&f, 20, 1000));
	assert_false(vt_events_filter_match(&f, 30, 1000));
	f.by_uid = true;
	f.uid = 1000;
	assert_true(vt_events_filter_match(&f, 10, 1000));
	assert_false(vt_events_filter_match(&f, 10, 0));
	f.pids = NULL;
	f.npids = 0;
	assert_true(vt_events_filter_match(&f, 99, 1000));
	assert_false(vt_events_filter_match(&f, 99, 1001));
}

static vt_event mk(pid_t pid, uint64_t start, vt_event_cause c, int64_t t)
{
	vt_event e;
	memset(&e, 0, sizeof(e));
	e.pid = e.tid = pid;
	e.start_time = start;
	e.cause = c;
	e.time_ns = t;
	return e;
}

static void log_ring(void **state)
{
	(void)state;
	vt_event_log l;
	assert_int_equal(vt_event_log_init(&l, 3), 0);
	assert_null(vt_event_log_get(&l, 0));
	for (int i = 1; i <= 5; i++) {
		vt_event e = mk(i % 2 ? 7 : 8, 100, i == 5 ? VT_EVENT_MAX_MAP_COUNT : VT_EVENT_MEMORY, i);
		vt_event_log_add(&l, &e);
	}
	assert_int_equal(l.total, 5);
	assert_int_equal(l.n, 3);
	assert_int_equal(vt_event_log_get(&l, 0)->time_ns, 5);   /* newest first */
	assert_int_equal(vt_event_log_get(&l, 2)->time_ns, 3);
	assert_null(vt_event_log_get(&l, 3));
	size_t hits = 99;
	assert_int_equal(vt_event_log_count(&l, 7, 100, &hits), 2);   /* events 3 and 5 */
	assert_int_equal(hits, 1);
	assert_int_equal(vt_event_log_count(&l, 7, 0, NULL), 2);
	assert_int_equal(vt_event_log_count(&l, 7, 101, &hits), 0);    /* same pid, other process */
	assert_int_equal(hits, 0);
	assert_int_equal(vt_event_log_count(&l, 8, 100, NULL), 1);
	vt_event_log_free(&l);
	assert_int_equal(vt_event_log_init(&l, 0), -1);
}

/* The writer's output as a string. */
static char *written(const vt_event *ev, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(json ? vt_write_event_json(f, ev) : vt_write_event_text(f, ev, false), 0);
	fclose(f);
	return buf;
}

static vt_event hostile(void)
{
	vt_event e = mk(4242, 1, VT_EVENT_MAX_MAP_COUNT, 1764693612123456789LL);
	e.tid = 4243;
	memcpy(e.comm, "\x1b[31mred\xff\"\\x\n", 14);   /* 13 bytes + NUL */
	snprintf(e.syscall, sizeof(e.syscall), "mprotect");
	e.len = 4096;
	e.map_count = 65530;
	e.max_map_count = 65530;
	memcpy(e.cgroup, "/pod\xe2\x80\xae\x01x", 9);
	return e;
}

static void json_fields_exact(void **state)
{
	(void)state;
	vt_event e = hostile();
	char *out = written(&e, true);
	size_t n = strlen(out);
	assert_true(n > 0 && out[n - 1] == '\n');
	assert_null(memchr(out, '\n', n - 1));          /* one line */
	json_error_t err;
	json_t *j = json_loads(out, 0, &err);
	assert_non_null(j);
	assert_int_equal(json_object_size(j), 10);
	assert_string_equal(json_string_value(json_object_get(j, "time")), "2025-12-02T16:40:12.123Z");
	assert_int_equal(json_integer_value(json_object_get(j, "pid")), 4242);
	assert_int_equal(json_integer_value(json_object_get(j, "tid")), 4243);
	assert_string_equal(json_string_value(json_object_get(j, "comm")),
			    "\xEF\xBF\xBD[31mred\xEF\xBF\xBD\"\\x\xEF\xBF\xBD");
	assert_string_equal(json_string_value(json_object_get(j, "syscall")), "mprotect");
	assert_int_equal(json_integer_value(json_object_get(j, "len")), 4096);
	assert_int_equal(json_integer_value(json_object_get(j, "map_count")), 65530);
	assert_int_equal(json_integer_value(json_object_get(j, "max_map_count")), 65530);
	assert_string_equal(json_string_value(json_object_get(j, "cause")), "max_map_count");
	assert_string_equal(json_string_value(json_object_get(j, "cgroup")),
			    "/pod\xEF\xBF\xBD\xEF\xBF\xBDx");
	json_decref(j);
	free(out);
}

static void json_unknowns_are_null(void **state)
{
	(void)state;
	vt_event e = hostile();
	e.map_count = -1;
	e.max_map_count = -1;
	e.cgroup[0] = '\0';
	e.cause = VT_EVENT_MEMORY;
	memset(e.comm, 'A', sizeof(e.comm));             /* no NUL: cut at 16 */
	char *out = written(&e, true);
	json_t *j = json_loads(out, 0, NULL);
	assert_non_null(j);
	assert_true(json_is_null(json_object_get(j, "map_count")));
	assert_true(json_is_null(json_object_get(j, "max_map_count")));
	assert_true(json_is_null(json_object_get(j, "cgroup")));
	assert_string_equal(json_string_value(json_object_get(j, "cause")), "memory");
	assert_string_equal(json_string_value(json_object_get(j, "comm")), "AAAAAAAAAAAAAAAA");
	json_decref(j);
	free(out);
}

static void text_line(void **state)
{
	(void)state;
	vt_event e = hostile();
	char *out = written(&e, false);
	size_t n = strlen(out);
	assert_true(n > 0 && out[n - 1] == '\n');
	assert_null(memchr(out, '\n', n - 1));
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, " pid 4242 tid 4243 "));
	assert_non_null(strstr(out, ": mprotect of 4096 bytes: ENOMEM at 65530 of 65530 VMAs: max_map_count cgroup /pod"));
	free(out);
}

/* The recorder's counter in the OpenMetrics text: present only when known. */
static void openmetrics_counter(void **state)
{
	(void)state;
	vt_snapshot s;
	char *buf = NULL;
	size_t len = 0;
	vt_snapshot_init(&s);
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(vt_write_openmetrics(f, &s, 10), 0);
	fclose(f);
	assert_null(strstr(buf, "enomem"));
	free(buf);
	s.enomem_events[VT_EVENT_MEMORY] = 3;
	s.enomem_events[VT_EVENT_MAX_MAP_COUNT] = 12;
	f = open_memstream(&buf, &len);
	assert_int_equal(vt_write_openmetrics(f, &s, 10), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\n# TYPE vmatop_enomem_events_total counter\n"
				    "vmatop_enomem_events_total{cause=\"memory\"} 3\n"
				    "vmatop_enomem_events_total{cause=\"max_map_count\"} 12\n# EOF\n"));
	free(buf);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_splits_and_maps),
		cmocka_unit_test(rule_mremap_needs_three),
		cmocka_unit_test(rule_unknowns_are_memory),
		cmocka_unit_test(cause_names),
		cmocka_unit_test(filter_pids_and_uid),
		cmocka_unit_test(log_ring),
		cmocka_unit_test(json_fields_exact),
		cmocka_unit_test(json_unknowns_are_null),
		cmocka_unit_test(text_line),
		cmocka_unit_test(openmetrics_counter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
