/* Unit tests: classification and grouping.
 *
 * tests/fixtures/maps-helper/14986 was captured from a real process
 * (tests/vmahelper --files --deleted --so --memfd --sysv --shm --vmas 5):
 * libraries, heap, stack, vdso, a memfd, a SysV segment, a /dev/shm object,
 * a deleted file and two data files (one named with ESC and invalid UTF-8).
 * The expected counts below were read off that file by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vmatop/group.h"
#include "vmatop/maps.h"
#include "vmatop/proc.h"

#define FIXTURE_ROOT FIXTURES "/maps-helper"
#define FIXTURE_PID 14986

static vt_vma_type cls(const char *path, bool deleted, const char *perms, bool path_exec)
{
	unsigned p = 0;
	p |= perms[0] == 'r' ? VT_PERM_R : 0;
	p |= perms[1] == 'w' ? VT_PERM_W : 0;
	p |= perms[2] == 'x' ? VT_PERM_X : 0;
	p |= perms[3] == 's' ? VT_PERM_SHARED : 0;
	return vt_classify(path, strlen(path), deleted, p, path_exec, "/usr/bin/app");
}

static void test_classify_rules(void **state)
{
	(void)state;
	assert_int_equal(cls("[vdso]", false, "r-xp", true), VT_TYPE_KERNEL);
	assert_int_equal(cls("[vvar]", false, "r--p", false), VT_TYPE_KERNEL);
	assert_int_equal(cls("[uprobes]", false, "r-xp", true), VT_TYPE_KERNEL);
	assert_int_equal(cls("[heap]", false, "rw-p", false), VT_TYPE_HEAP);
	assert_int_equal(cls("[stack]", false, "rw-p", false), VT_TYPE_STACK);
	assert_int_equal(cls("[stack:4242]", false, "rw-p", false), VT_TYPE_STACK);
	assert_int_equal(cls("[anon_shmem:pool]", false, "rw-s", false), VT_TYPE_SHM);
	assert_int_equal(cls("[anon:java heap]", false, "rw-p", false), VT_TYPE_ANON);
	assert_int_equal(cls("", false, "---p", false), VT_TYPE_ANON);
	assert_int_equal(cls("", false, "rw-s", false), VT_TYPE_SHM);
	assert_int_equal(cls("/dev/zero", true, "rw-s", false), VT_TYPE_SHM);
	assert_int_equal(cls("/dev/shm/pool", false, "rw-s", false), VT_TYPE_SHM);
	assert_int_equal(cls("/SYSV0000abcd", true, "rw-s", false), VT_TYPE_SHM);
	assert_int_equal(cls("/memfd:jit", true, "r-xs", true), VT_TYPE_SHM);
	assert_int_equal(cls("/usr/bin/app", false, "r-xp", true), VT_TYPE_EXE);
	assert_int_equal(cls("/usr/bin/app", true, "r--p", true), VT_TYPE_EXE);
	assert_int_equal(cls("/usr/lib/libc.so.6", false, "r--p", false), VT_TYPE_LIB);
	assert_int_equal(cls("/usr/lib/libstdc++.so.6.0.30", false, "r--p", false), VT_TYPE_LIB);
	assert_int_equal(cls("/opt/x/libjvm.so", false, "rw-p", false), VT_TYPE_LIB);
	assert_int_equal(cls("/opt/plugin.bin", false, "r--p", true), VT_TYPE_LIB);
	assert_int_equal(cls("/data/index.sox", false, "r--p", false), VT_TYPE_FILE);
	assert_int_equal(cls("/data/x.so.bak", false, "r--p", false), VT_TYPE_FILE);
	assert_int_equal(cls("/data/.so.1", false, "r--p", false), VT_TYPE_FILE);
	assert_int_equal(cls("/data/es/_0.cfs", false, "r--s", false), VT_TYPE_FILE);
	assert_int_equal(cls("/usr/lib.so/data", false, "r--p", false), VT_TYPE_FILE);
	assert_int_equal(cls("/dev/zero", false, "rw-p", false), VT_TYPE_FILE);
}

static void test_type_names(void **state)
{
	(void)state;
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		assert_int_equal(vt_type_parse(vt_type_name((vt_vma_type)t)), t);
	assert_int_equal(vt_type_parse("nope"), -1);
}

struct fixture {
	vt_maps m;
	vt_grouping g;
};

static int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int err = 0;
	if (!f)
		return -1;
	vt_maps_init(&f->m);
	if (vt_maps_read(&f->m, FIXTURE_ROOT, FIXTURE_PID, &err) < 0 ||
	    vt_group_build(&f->g, &f->m, 65530) < 0) {
		vt_maps_free(&f->m);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	vt_group_free(&f->g);
	vt_maps_free(&f->m);
	free(f);
	return 0;
}

static void expect_type(const vt_grouping *g, vt_vma_type t, long vmas, size_t npaths)
{
	const vt_type_group *tg = vt_group_type(g, t);
	assert_non_null(tg);
	assert_int_equal(tg->vmas, vmas);
	assert_int_equal(tg->npaths, npaths);
}

static void test_fixture_counts(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(f->m.exe, "/tmp/mh/vmahelper");
	assert_int_equal(f->m.n, 36);               /* 37 lines, the [vsyscall] gate left out */
	assert_true(f->m.vsyscall);
	assert_int_equal(f->m.malformed, 0);
	expect_type(&f->g, VT_TYPE_ANON, 9, 1);      /* 6 region + 3 libc/ld bss-like */
	expect_type(&f->g, VT_TYPE_LIB, 11, 3);      /* libc 5, ld.so 5, the copy 1 */
	expect_type(&f->g, VT_TYPE_EXE, 5, 1);
	expect_type(&f->g, VT_TYPE_KERNEL, 3, 3);    /* vvar, vvar_vclock, vdso */
	expect_type(&f->g, VT_TYPE_SHM, 3, 3);       /* /dev/shm, SYSV, memfd */
	expect_type(&f->g, VT_TYPE_FILE, 3, 3);      /* data-1, ESC-named, gone.bin (deleted) */
	expect_type(&f->g, VT_TYPE_HEAP, 1, 1);
	expect_type(&f->g, VT_TYPE_STACK, 1, 1);
	assert_int_equal(vt_group_type(&f->g, VT_TYPE_ANON)->no_access, 1);
	long sum = 0;
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		sum += f->g.types[t].vmas;
	assert_int_equal(sum, f->g.vmas);
	assert_int_equal(f->g.ntypes, 8);
}

static void test_fixture_order(void **state)
{
	struct fixture *f = *state;
	/* Types by vmas desc, ties in enum order (kernel < shm < file). */
	static const vt_vma_type want[] = { VT_TYPE_LIB, VT_TYPE_ANON, VT_TYPE_EXE, VT_TYPE_KERNEL,
					    VT_TYPE_SHM, VT_TYPE_FILE, VT_TYPE_HEAP, VT_TYPE_STACK };
	for (int i = 0; i < VT_TYPE_COUNT; i++)
		assert_int_equal(f->g.types[i].type, want[i]);
	/* Paths within lib: 5, 5 (ties by path bytes), 1. */
	const vt_type_group *lib = vt_group_type(&f->g, VT_TYPE_LIB);
	size_t n;
	assert_string_equal(vt_maps_path(&f->m, lib->paths[0].path, &n), "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
	assert_string_equal(vt_maps_path(&f->m, lib->paths[1].path, &n), "/usr/lib/x86_64-linux-gnu/libc.so.6");
	assert_string_equal(vt_maps_path(&f->m, lib->paths[2].path, &n), "/tmp/mh/libvmacopy.so");
	const vt_path_group *top = vt_group_top(lib);
	assert_int_equal(top->vmas, 5);
	assert_string_equal(vt_group_basename(&f->g, top, &n), "ld-linux-x86-64.so.2");
	/* The deleted file keeps its flag; the ESC name is kept raw. */
	const vt_type_group *file = vt_group_type(&f->g, VT_TYPE_FILE);
	int deleted = 0, esc = 0;
	for (size_t i = 0; i < file->npaths; i++) {
		const char *p = vt_maps_path(&f->m, file->paths[i].path, &n);
		deleted += file->paths[i].deleted && strcmp(p, "/tmp/mh/gone.bin") == 0;
		esc += strcmp(p, "/tmp/mh/data-\x1b[31mred\xff\xfe.bin") == 0;
	}
	assert_int_equal(deleted, 1);
	assert_int_equal(esc, 1);
}

static void test_fixture_raw_vmas(void **state)
{
	struct fixture *f = *state;
	const vt_type_group *exe = vt_group_type(&f->g, VT_TYPE_EXE);
	size_t n;
	const uint32_t *idx = vt_group_path_vmas(&f->g, &exe->paths[0], &n);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(f->m.vmas[idx[i]].path, exe->paths[0].path);
		assert_int_equal(f->m.vmas[idx[i]].type, VT_TYPE_EXE);
		if (i > 0)
			assert_true(f->m.vmas[idx[i - 1]].start < f->m.vmas[idx[i]].start);
	}
	assert_int_equal(f->m.vmas[idx[1]].perms, VT_PERM_R | VT_PERM_X);
	assert_int_equal(f->m.vmas[idx[1]].offset, 0x1000);
	/* Every VMA is in exactly one path group. */
	char *seen = calloc(f->m.n, 1);
	assert_non_null(seen);
	for (int t = 0; t < VT_TYPE_COUNT; t++)
		for (size_t p = 0; p < f->g.types[t].npaths; p++) {
			idx = vt_group_path_vmas(&f->g, &f->g.types[t].paths[p], &n);
			for (size_t i = 0; i < n; i++)
				seen[idx[i]]++;
		}
	for (size_t i = 0; i < f->m.n; i++)
		assert_int_equal(seen[i], 1);
	free(seen);
}

static void test_fixture_shares(void **state)
{
	struct fixture *f = *state;
	const vt_type_group *anon = vt_group_type(&f->g, VT_TYPE_ANON);
	assert_true(fabs(anon->share - 9.0 / 36.0) < 1e-12);
	assert_true(fabs(anon->limit_share - 9.0 / 65530.0) < 1e-12);
	assert_int_equal(anon->rss_kb, VT_UNKNOWN);
	assert_false(f->g.rss_known);
	/* The heap: 559a71c34000-559a71c55000. */
	assert_int_equal(vt_group_type(&f->g, VT_TYPE_HEAP)->bytes, 0x21000);
}

/* Hostile and synthetic maps: names, shared anon, many anon, rss. */
static void test_synthetic(void **state)
{
	(void)state;
	const char *text =
		"1000-2000 rw-p 0 00:00 0 [anon:a b]\n"
		"2000-3000 rw-s 0 00:01 9 /dev/zero (deleted)\n"
		"3000-4000 rw-s 0 00:01 9 [anon_shmem:pool]\n"
		"4000-5000 ---p 0 00:00 0\n"
		"5000-6000 ---p 0 00:00 0\n"
		"6000-7000 r--p 0 fe:00 3 /opt/blob\n"
		"7000-8000 r-xp 0 fe:00 3 /opt/blob\n"
		"8000-9000 rw-p 0 00:00 0 [stack:77]\n";
	vt_maps m;
	vt_grouping g;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_parse_mem(&m, text, strlen(text)), 0);
	const char *smaps = "4000-5000 ---p 0 00:00 0\nRss: 0 kB\n6000-7000 r--p 0 fe:00 3 /opt/blob\n"
			    "Rss: 4 kB\n7000-8000 r-xp 0 fe:00 3 /opt/blob\nRss: 8 kB\n";
	assert_int_equal(vt_maps_smaps_mem(&m, smaps, strlen(smaps)), 0);
	assert_int_equal(vt_group_build(&g, &m, VT_UNKNOWN), 0);
	expect_type(&g, VT_TYPE_ANON, 3, 2);
	expect_type(&g, VT_TYPE_SHM, 2, 2);
	expect_type(&g, VT_TYPE_LIB, 2, 1);          /* executable somewhere: lib */
	expect_type(&g, VT_TYPE_STACK, 1, 1);
	assert_int_equal(g.ntypes, 4);
	const vt_type_group *anon = vt_group_type(&g, VT_TYPE_ANON);
	assert_int_equal(anon->no_access, 2);
	assert_int_equal(anon->paths[0].vmas, 2);    /* the unnamed ones first */
	assert_int_equal(anon->rss_kb, 0);
	assert_int_equal(vt_group_type(&g, VT_TYPE_LIB)->rss_kb, 12);
	assert_int_equal(vt_group_type(&g, VT_TYPE_SHM)->rss_kb, VT_UNKNOWN);
	assert_true(isnan(anon->limit_share));
	assert_true(g.rss_known);
	vt_group_free(&g);
	vt_maps_free(&m);
}

static void test_empty(void **state)
{
	(void)state;
	vt_maps m;
	vt_grouping g;
	vt_maps_init(&m);
	assert_int_equal(vt_group_build(&g, &m, 65530), 0);
	assert_int_equal(g.ntypes, 0);
	assert_int_equal(g.vmas, 0);
	assert_null(vt_group_top(&g.types[0]));
	assert_true(g.types[0].share == 0.0);
	vt_group_free(&g);
	vt_maps_free(&m);
}

/* Many paths and many VMAs: the hash tables grow, groups still sum up. */
static void test_many(void **state)
{
	(void)state;
	vt_maps m;
	vt_grouping g;
	vt_maps_init(&m);
	char line[128];
	for (int i = 0; i < 50000; i++) {
		int n = snprintf(line, sizeof(line), "%x-%x r--p 0 fe:00 %d /d/f%d\n",
				 0x1000 * (i + 1), 0x1000 * (i + 2), i, i % 3000);
		assert_int_equal(vt_maps_parse_mem(&m, line, (size_t)n), 0);
	}
	assert_int_equal(vt_group_build(&g, &m, 65530), 0);
	const vt_type_group *file = vt_group_type(&g, VT_TYPE_FILE);
	assert_int_equal(file->vmas, 50000);
	assert_int_equal(file->npaths, 3000);
	/* 50000 = 16*3000 + 2000: the first 2000 names have 17 VMAs. */
	assert_int_equal(file->paths[0].vmas, 17);
	assert_int_equal(file->paths[1999].vmas, 17);
	assert_int_equal(file->paths[2000].vmas, 16);
	size_t n;
	assert_string_equal(vt_maps_path(&m, file->paths[0].path, &n), "/d/f0");
	assert_string_equal(vt_maps_path(&m, file->paths[1].path, &n), "/d/f1");
	assert_string_equal(vt_maps_path(&m, file->paths[2].path, &n), "/d/f10");
	vt_group_free(&g);
	vt_maps_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_rules),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_fixture_counts),
		cmocka_unit_test(test_fixture_order),
		cmocka_unit_test(test_fixture_raw_vmas),
		cmocka_unit_test(test_fixture_shares),
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
