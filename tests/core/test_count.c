/* Counting VMAs in maps files: the fixture files and every read size. */
#include <errno.h>
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

#include "vmatop/count.h"

static const size_t buf_sizes[] = { 1, 2, 7, 64, 255, 256, 257, 4096, 1 << 20 };

static long count_file(const char *name, size_t bufsz)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/count/%s", FIXTURES, name);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	char *buf = malloc(bufsz);
	assert_non_null(buf);
	int err = 0;
	long n = vt_count_maps_fd(fd, buf, bufsz, &err);
	free(buf);
	close(fd);
	return n;
}

/* Every read size must give the same answer: the tail logic spans reads. */
static void expect_count(const char *name, long expected)
{
	for (size_t i = 0; i < sizeof(buf_sizes) / sizeof(buf_sizes[0]); i++) {
		long n = count_file(name, buf_sizes[i]);
		if (n != expected)
			fail_msg("%s with %zu-byte reads: got %ld, expected %ld", name, buf_sizes[i], n,
				 expected);
	}
}

static void test_real_with_vsyscall(void **state)
{
	(void)state;
	expect_count("real-cat.maps", 37);       /* 38 lines, the last is the gate */
}

static void test_no_vsyscall(void **state)
{
	(void)state;
	expect_count("no-vsyscall.maps", 37);
}

static void test_no_trailing_newline(void **state)
{
	(void)state;
	expect_count("no-trailing-newline.maps", 37);
}

static void test_empty(void **state)
{
	(void)state;
	expect_count("empty.maps", 0);
}

static void test_only_vsyscall(void **state)
{
	(void)state;
	expect_count("only-vsyscall-no-newline.maps", 0);
}

static void test_hostile_paths(void **state)
{
	(void)state;
	/* \012 in a path, ESC, invalid UTF-8, a 70,000-byte line, a file named
	 * "[vsyscall]" in the middle: 37 real lines plus 4 hostile ones. */
	expect_count("hostile.maps", 41);
}

static void test_long_lines_then_vsyscall(void **state)
{
	(void)state;
	expect_count("long-lines-vsyscall.maps", 4);
}

static void test_fake_vsyscall_last(void **state)
{
	(void)state;
	/* A file called "[vsyscall]" at a user address is a real VMA. */
	expect_count("fake-vsyscall-last.maps", 4);
}

static void test_mem(void **state)
{
	(void)state;
	assert_int_equal(vt_count_maps_mem("", 0), 0);
	assert_int_equal(vt_count_maps_mem("a\n", 2), 1);
	assert_int_equal(vt_count_maps_mem("a\nb", 3), 2);
	assert_int_equal(vt_count_maps_mem("\n\n\n", 3), 3);
}

static void test_is_vsyscall_line(void **state)
{
	(void)state;
	const char *gate = "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0    [vsyscall]";
	assert_true(vt_is_vsyscall_line(gate, strlen(gate)));
	const char *fake = "7f0000002000-7f0000003000 rw-p 00000000 08:01 1236   /tmp/[vsyscall]";
	assert_false(vt_is_vsyscall_line(fake, strlen(fake)));
	assert_false(vt_is_vsyscall_line("", 0));
}

static void test_read_error(void **state)
{
	(void)state;
	char buf[64];
	int err = 0;
	assert_int_equal(vt_count_maps_fd(-1, buf, sizeof(buf), &err), -1);
	assert_int_equal(err, EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_with_vsyscall),
		cmocka_unit_test(test_no_vsyscall),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_only_vsyscall),
		cmocka_unit_test(test_hostile_paths),
		cmocka_unit_test(test_long_lines_then_vsyscall),
		cmocka_unit_test(test_fake_vsyscall_last),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_is_vsyscall_line),
		cmocka_unit_test(test_read_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
