/* Unit tests: the --maps writers (src/export_maps.c) over the captured
 * fixture tests/fixtures/maps-helper/14986 (libraries, heap, a memfd, a SysV
 * segment, a deleted file, a file named with ESC and invalid UTF-8).  The
 * writers get a hostile comm too; everything they write is checked for raw
 * control bytes and, for JSON, parsed back. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "vmatop/export_maps.h"
#include "vmatop/proc.h"

#define FIXTURE_ROOT FIXTURES "/maps-helper"
#define FIXTURE_PID 14986
#define HOSTILE_COMM "\x1b[2Jev\xffil"

struct fx {
	vt_maps m;
	vt_grouping g;
	vt_causes c;
	vt_maps_report r;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int err = 0;
	assert_non_null(f);
	vt_maps_init(&f->m);
	assert_int_equal(vt_maps_read(&f->m, FIXTURE_ROOT, FIXTURE_PID, &err), 0);
	assert_int_equal(vt_group_build(&f->g, &f->m, 65530), 0);
	assert_int_equal(vt_causes_build(&f->c, &f->m, 3), 0);
	f->r = (vt_maps_report){ .pid = FIXTURE_PID, .comm = HOSTILE_COMM, .maps = &f->m, .g = &f->g,
		.causes = &f->c, .limit = 65530 };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	vt_group_free(&f->g);
	vt_maps_free(&f->m);
	free(f);
	return 0;
}

typedef int (*writer_fn)(FILE *, const vt_maps_report *);

static char *write_to_string(writer_fn w, const vt_maps_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mf = open_memstream(&buf, &len);
	assert_non_null(mf);
	assert_int_equal(w(mf, r), 0);
	assert_int_equal(fclose(mf), 0);
	return buf;
}

/* No byte below 0x20 but '\n', no DEL: what a terminal would act on. */
static void assert_no_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			fail_msg("raw control byte 0x%02x at offset %td", *p, (const char *)p - s);
}

static void test_json_document(void **state)
{
	struct fx *f = *state;
	char *out = write_to_string(vt_write_maps_json, &f->r);
	assert_no_control(out);
	size_t n = strlen(out);
	assert_true(n > 2 && out[n - 1] == '\n');
	json_error_t e;
	json_t *doc = json_loads(out, 0, &e);
	if (!doc)
		fail_msg("not JSON: %s", e.text);
	assert_int_equal(json_integer_value(json_object_get(doc, "pid")), FIXTURE_PID);
	assert_int_equal(json_integer_value(json_object_get(doc, "vmas")), (long)f->m.n);
	assert_int_equal(json_integer_value(json_object_get(doc, "max_map_count")), 65530);
	assert_int_equal(json_integer_value(json_object_get(doc, "threads")), 3);
	const char *comm = json_string_value(json_object_get(doc, "comm"));
	assert_non_null(comm);
	assert_null(strchr(comm, '\x1b'));
	assert_non_null(strstr(comm, "ev"));
	/* every type once, their VMAs add up to the total, no rss_kb without smaps */
	json_t *groups = json_object_get(doc, "groups");
	assert_int_equal(json_array_size(groups), VT_TYPE_COUNT);
	long sum = 0;
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		sum += json_integer_value(json_object_get(g, "vmas"));
		assert_null(json_object_get(g, "rss_kb"));
		assert_int_equal(json_integer_value(json_object_get(g, "paths_omitted")), 0);
	}
	assert_int_equal(sum, (long)f->m.n);
	assert_true(json_is_array(json_object_get(doc, "causes")));
	json_decref(doc);
	free(out);
}

static void test_json_top(void **state)
{
	struct fx *f = *state;
	f->r.top = 1;
	char *out = write_to_string(vt_write_maps_json, &f->r);
	json_t *doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(doc, "groups"), i, g) {
		const vt_type_group *t = &f->g.types[i];
		size_t shown = json_array_size(json_object_get(g, "paths"));
		assert_int_equal(shown, t->npaths > 0 ? 1 : 0);
		assert_int_equal(json_integer_value(json_object_get(g, "paths_omitted")),
				 (long)(t->npaths - shown));
	}
	json_decref(doc);
	free(out);
}

static void test_text(void **state)
{
	struct fx *f = *state;
	char head[128];
	char *out = write_to_string(vt_write_maps_text, &f->r);
	assert_no_control(out);
	snprintf(head, sizeof(head), "pid %d (", FIXTURE_PID);
	assert_memory_equal(out, head, strlen(head));
	snprintf(head, sizeof(head), " \xC2\xB7 %ld VMAs \xC2\xB7 max_map_count 65530 ", (long)f->m.n);
	assert_non_null(strstr(out, head));
	free(out);

	/* ASCII: no byte above 0x7f anywhere, "-" as the separator */
	f->r.ascii = true;
	out = write_to_string(vt_write_maps_text, &f->r);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p < 0x80);
	snprintf(head, sizeof(head), " - %ld VMAs - max_map_count 65530 ", (long)f->m.n);
	assert_non_null(strstr(out, head));
	free(out);
}

static void test_kernel_thread(void **state)
{
	struct fx *f = *state;
	vt_maps empty;
	vt_grouping g;
	vt_causes c;
	vt_maps_init(&empty);
	assert_int_equal(vt_group_build(&g, &empty, 65530), 0);
	assert_int_equal(vt_causes_build(&c, &empty, -1), 0);
	vt_maps_report r = { .pid = 2, .comm = "kthreadd", .maps = &empty, .g = &g, .causes = &c,
			     .limit = 65530, .kthread = true };
	char *out = write_to_string(vt_write_maps_text, &r);
	assert_non_null(strstr(out, "a kernel thread: no memory map, no VMAs\n"));
	free(out);
	out = write_to_string(vt_write_maps_json, &r);
	json_t *doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "vmas")), 0);
	assert_true(json_is_null(json_object_get(doc, "threads")));
	json_decref(doc);
	free(out);
	vt_group_free(&g);
	(void)f;
}

/* A full disk is a write error, not a success. */
static void test_write_error(void **state)
{
	struct fx *f = *state;
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	setvbuf(full, NULL, _IONBF, 0);
	int rt = vt_write_maps_text(full, &f->r);
	int rj = vt_write_maps_json(full, &f->r);
	fclose(full);
	assert_int_equal(rt, -1);
	assert_int_equal(rj, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_top, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
