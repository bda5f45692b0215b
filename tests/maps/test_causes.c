/* Unit tests: why so many VMAs (the causes), on maps files laid out like
 * real captures:
 *   jvm.maps            OpenJDK 17 (G1): 12 libraries (libc and libjvm with
 *                       a .bss), the java executable, 40 threads (16 KiB
 *                       guard + 1008 KiB stack), 8 glibc arenas, the heap
 *                       and class space cut into 8 VMAs, the code cache into
 *                       6, classes.jsa (3 VMAs), modules, locale-archive,
 *                       hsperfdata, [heap], [vvar], [vdso], 5 lone anon
 *                       chunks and the [vsyscall] gate (not a VMA).
 *   elasticsearch.maps  Elasticsearch 8 on its bundled JDK: 460 Lucene files
 *                       in 3 index directories (10 .fdt files mapped in two
 *                       chunks), modules, 120 threads, 16 arenas, the code
 *                       cache (6), 10 libraries (libc with a .bss), a
 *                       pre-touched heap and the class space (2: no run).
 *   browser.maps        a Chromium renderer: chrome (4 VMAs), 40 libraries
 *                       (6 with a .bss), 22 thread stacks (8 MiB) for 20
 *                       threads, the V8 cage (120 VMAs) and 6 PartitionAlloc
 *                       super pages (25), 14 /dev/shm and 6 memfd mappings,
 *                       5 data files, /dev/zero, 7 lone anon regions.
 *   hostile.maps        malformed, overlapping, zero-sized and top-of-memory
 *                       lines, ESC and invalid UTF-8 in paths.
 * The expected numbers follow from how each file was laid out (above).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vmatop/causes.h"
#include "vmatop/group.h"
#include "vmatop/maps.h"
#include "vmatop/proc.h"
#include "vmatop/sanitize.h"

#define DIR_ROOT FIXTURES "/causes/"

typedef struct fx {
	vt_maps m;
	vt_grouping g;
	vt_causes c;
} fx;

static void load(fx *f, const char *name, const char *exe, long threads)
{
	char path[512];
	snprintf(path, sizeof(path), DIR_ROOT "%s", name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	vt_maps_init(&f->m);
	assert_int_equal(vt_maps_parse_mem(&f->m, buf, n), 0);
	f->m.exe = strdup(exe);
	assert_non_null(f->m.exe);
	assert_int_equal(vt_group_build(&f->g, &f->m, 65530), 0);
	assert_int_equal(vt_causes_build(&f->c, &f->m, threads), 0);
}

static void unload(fx *f)
{
	vt_group_free(&f->g);
	vt_maps_free(&f->m);
}

static long vmas(const fx *f, vt_cause k)
{
	return vt_causes_get(&f->c, k)->vmas;
}

static const char *detail(const fx *f, vt_cause k)
{
	return vt_causes_get(&f->c, k)->detail;
}

static const char *advice(const fx *f, vt_cause k)
{
	return vt_causes_get(&f->c, k)->advice;
}

/* Every VMA has one cause, the list is sorted and sums to the count. */
static void check_sum(const fx *f)
{
	long sum = 0, per[VT_CAUSE_COUNT] = { 0 };
	for (int i = 0; i < VT_CAUSE_COUNT; i++) {
		sum += f->c.list[i].vmas;
		if (i > 0)
			assert_true(f->c.list[i - 1].vmas >= f->c.list[i].vmas);
	}
	for (size_t i = 0; i < f->m.n; i++) {
		assert_true(f->m.vmas[i].cause < VT_CAUSE_COUNT);
		per[f->m.vmas[i].cause]++;
	}
	for (int k = 0; k < VT_CAUSE_COUNT; k++)
		assert_int_equal(per[k], vmas(f, (vt_cause)k));
	assert_int_equal(sum, (long)f->m.n);
	assert_int_equal(f->c.vmas, (long)f->m.n);
}

static void test_jvm(void **state)
{
	(void)state;
	fx f;
	load(&f, "jvm.maps", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", 41);
	assert_int_equal(f.m.n, 192);
	check_sum(&f);
	assert_int_equal(vmas(&f, VT_CAUSE_THREAD_STACKS), 81);
	assert_int_equal(f.c.stacks, 40);
	assert_string_equal(detail(&f, VT_CAUSE_THREAD_STACKS),
			    "40 stacks with guard pages + the main thread's [stack]; Threads 41: one pair per thread");
	assert_non_null(strstr(advice(&f, VT_CAUSE_THREAD_STACKS), "40 threads cost 2 VMAs each (80)"));
	assert_int_equal(vmas(&f, VT_CAUSE_MALLOC_ARENAS), 16);
	assert_int_equal(f.c.arenas, 8);
	assert_non_null(strstr(advice(&f, VT_CAUSE_MALLOC_ARENAS), "MALLOC_ARENA_MAX caps this"));
	assert_int_equal(vmas(&f, VT_CAUSE_SHARED_LIBRARIES), 67);
	assert_int_equal(f.c.libraries, 12);
	assert_int_equal(f.c.exe_vmas, 5);
	assert_string_equal(detail(&f, VT_CAUSE_SHARED_LIBRARIES),
			    "12 libraries, 5.2 VMAs each; the executable 5");
	assert_int_equal(vmas(&f, VT_CAUSE_MAPPED_FILES), 6);
	assert_int_equal(f.c.files, 4);
	assert_int_equal(f.c.dirs, 4);
	assert_int_equal(f.c.top_dirs[0].vmas, 3);          /* classes.jsa */
	assert_int_equal(vmas(&f, VT_CAUSE_PROTECTION_SPLITS), 14);
	assert_int_equal(f.c.all_runs, 2);
	assert_int_equal(f.c.runs[0].start, 0x700000000UL);
	assert_int_equal(f.c.runs[0].end, 0x840000000UL);
	assert_int_equal(f.c.runs[0].vmas, 8);
	assert_int_equal(f.c.runs[1].vmas, 6);
	assert_non_null(strstr(detail(&f, VT_CAUSE_PROTECTION_SPLITS),
			       "2 runs; biggest: 700000000-840000000 8 VMAs, "));
	assert_int_equal(vmas(&f, VT_CAUSE_OTHER), 8);
	assert_string_equal(detail(&f, VT_CAUSE_OTHER), "kernel 2, heap 1, anon 5");
	assert_int_equal(f.c.list[0].cause, VT_CAUSE_THREAD_STACKS);
	unload(&f);
}

static void test_elasticsearch(void **state)
{
	(void)state;
	fx f;
	load(&f, "elasticsearch.maps", "/usr/share/elasticsearch/jdk/bin/java", 121);
	assert_int_equal(f.m.n, 816);
	check_sum(&f);
	assert_int_equal(f.c.list[0].cause, VT_CAUSE_MAPPED_FILES);
	assert_int_equal(vmas(&f, VT_CAUSE_MAPPED_FILES), 471);
	assert_int_equal(f.c.files, 461);
	assert_int_equal(f.c.dirs, 4);
	assert_int_equal(f.c.top_dirs[0].files, 300);
	assert_int_equal(f.c.top_dirs[0].vmas, 310);
	assert_int_equal(f.c.top_dirs[1].files, 140 - 20);
	assert_int_equal(f.c.top_dirs[2].files, 40);
	assert_string_equal(advice(&f, VT_CAUSE_MAPPED_FILES),
			    "300 files mapped from /var/lib/elasticsearch/indices/9hQ2kR4bTnGx1c7Yw0ZP3A/0/index: "
			    "merge segments or raise the limit to what the engine documents (Elasticsearch: 262144)");
	assert_non_null(strstr(detail(&f, VT_CAUSE_MAPPED_FILES), "461 files in 4 directories; largest: "));
	assert_int_equal(vmas(&f, VT_CAUSE_THREAD_STACKS), 241);
	assert_int_equal(f.c.stacks, 120);
	assert_int_equal(vmas(&f, VT_CAUSE_MALLOC_ARENAS), 32);
	assert_int_equal(f.c.arenas, 16);
	assert_int_equal(vmas(&f, VT_CAUSE_SHARED_LIBRARIES), 56);
	assert_int_equal(f.c.libraries, 10);
	assert_int_equal(vmas(&f, VT_CAUSE_PROTECTION_SPLITS), 6);
	assert_int_equal(f.c.all_runs, 1);
	assert_int_equal(vmas(&f, VT_CAUSE_OTHER), 10);
	unload(&f);
}

static void test_browser(void **state)
{
	(void)state;
	fx f;
	load(&f, "browser.maps", "/opt/google/chrome/chrome", 20);
	assert_int_equal(f.m.n, 436);
	check_sum(&f);
	/* 22 pairs of one shape cover the 20 threads (3 exited, cached); the
	 * V8 cage's and PartitionAlloc's pairs have other shapes. */
	assert_int_equal(vmas(&f, VT_CAUSE_THREAD_STACKS), 45);
	assert_int_equal(f.c.stacks, 22);
	assert_true(f.c.stacks_left > 0);
	assert_non_null(strstr(detail(&f, VT_CAUSE_THREAD_STACKS), "Threads 20: 3 more stacks than threads"));
	assert_int_equal(vmas(&f, VT_CAUSE_PROTECTION_SPLITS), 145);
	assert_int_equal(f.c.all_runs, 2);
	assert_int_equal(f.c.runs[0].start, 0x1e3c00000000UL);
	assert_int_equal(f.c.runs[0].end, 0x1e3d00000000UL);
	assert_int_equal(f.c.runs[0].vmas, 120);
	assert_int_equal(f.c.runs[1].vmas, 25);
	assert_int_equal(f.c.runs[1].start, 0x3b5800000000UL);
	assert_int_equal(vmas(&f, VT_CAUSE_SHARED_LIBRARIES), 210);
	assert_int_equal(f.c.libraries, 40);
	assert_int_equal(f.c.exe_vmas, 4);
	assert_int_equal(vmas(&f, VT_CAUSE_MAPPED_FILES), 25);
	assert_int_equal(f.c.files, 21);                    /* 5 mojo memfds share one name */
	assert_int_equal(vmas(&f, VT_CAUSE_MALLOC_ARENAS), 0);
	assert_string_equal(detail(&f, VT_CAUSE_MALLOC_ARENAS), "");
	assert_int_equal(vmas(&f, VT_CAUSE_OTHER), 11);
	assert_string_equal(detail(&f, VT_CAUSE_OTHER), "kernel 2, heap 1, shm 1, anon 7");
	unload(&f);
}

static void test_hostile(void **state)
{
	(void)state;
	fx f;
	load(&f, "hostile.maps", "/opt/app/bin/app", 3);
	assert_int_equal(f.m.malformed, 1);
	assert_int_equal(f.m.n, 19);
	check_sum(&f);
	assert_int_equal(vmas(&f, VT_CAUSE_SHARED_LIBRARIES), 2);
	assert_int_equal(vmas(&f, VT_CAUSE_MAPPED_FILES), 6);
	assert_int_equal(f.c.files, 6);
	assert_int_equal(vmas(&f, VT_CAUSE_THREAD_STACKS), 4);
	assert_int_equal(vmas(&f, VT_CAUSE_MALLOC_ARENAS), 0);   /* 128 MiB, and the top of memory */
	assert_int_equal(vmas(&f, VT_CAUSE_OTHER), 7);
	/* Texts hold raw path bytes, cut: sanitized they are clean UTF-8. */
	for (int i = 0; i < VT_CAUSE_COUNT; i++) {
		char out[VT_CAUSE_TEXT * 3 + 1];
		vt_sanitize(out, sizeof(out), f.c.list[i].detail, strlen(f.c.list[i].detail), 0);
		assert_null(strchr(out, '\x1b'));
		assert_true(strlen(f.c.list[i].detail) < VT_CAUSE_TEXT);
	}
	unload(&f);
}

/* Threads unknown, an empty map, and the Threads line of a status file. */
static void test_edges(void **state)
{
	(void)state;
	vt_maps m;
	vt_grouping g;
	vt_causes c;
	vt_maps_init(&m);
	assert_int_equal(vt_group_build(&g, &m, 65530), 0);
	assert_int_equal(vt_causes_build(&c, &m, VT_UNKNOWN), 0);
	for (int i = 0; i < VT_CAUSE_COUNT; i++)
		assert_int_equal(c.list[i].vmas, 0);
	assert_int_equal(c.threads, VT_UNKNOWN);
	vt_group_free(&g);
	vt_maps_free(&m);
	int err = 0;
	assert_int_equal(vt_read_threads(FIXTURES "/causes/proc", 4242, &err), 37);
	assert_int_equal(vt_read_threads(FIXTURES "/causes/proc", 4243, &err), -1);
	assert_int_equal(err, EINVAL);
	assert_int_equal(vt_read_threads(FIXTURES "/causes/proc", 999999, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_string_equal(vt_cause_name(VT_CAUSE_PROTECTION_SPLITS), "protection_splits");
	assert_string_equal(vt_cause_name((vt_cause)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jvm),
		cmocka_unit_test(test_elasticsearch),
		cmocka_unit_test(test_browser),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
