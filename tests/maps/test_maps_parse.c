/* Unit tests: the maps-line parser and whole-file reading on hostile input. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vmatop/count.h"
#include "vmatop/maps.h"
#include "vmatop/proc.h"

/* Kernel-formatted lines: fields, padding to column 73, path. */
#define PAD "                   "
#define L_LIB "7f0d6fab7000-7f0d6fadd000 r--p 00000000 fe:00 332835" PAD "  /usr/lib/libc.so.6"
#define L_ANON "200000000000-200000001000 rw-p 00000000 00:00 0 "
#define L_VSYSCALL "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]"

static vt_maps_line parse_ok(const char *line)
{
	vt_maps_line l;
	assert_int_equal(vt_maps_parse_line(line, strlen(line), &l), 0);
	return l;
}

static void assert_path(const vt_maps_line *l, const char *want)
{
	assert_int_equal(l->path_len, strlen(want));
	assert_memory_equal(l->path, want, l->path_len);
}

static void test_fields(void **state)
{
	(void)state;
	vt_maps_line l = parse_ok("7f0d6fadd000-7f0d6fc33000 r-xp 00026000 fe:01 332835"
				  "                     /usr/lib/x86_64-linux-gnu/libc.so.6");
	assert_int_equal(l.start, 0x7f0d6fadd000UL);
	assert_int_equal(l.end, 0x7f0d6fc33000UL);
	assert_int_equal(l.perms, VT_PERM_R | VT_PERM_X);
	assert_int_equal(l.offset, 0x26000);
	assert_int_equal(l.dev_major, 0xfe);
	assert_int_equal(l.dev_minor, 1);
	assert_int_equal(l.inode, 332835);
	assert_false(l.deleted);
	assert_path(&l, "/usr/lib/x86_64-linux-gnu/libc.so.6");
}

static void test_perms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("1000-2000 rwxs 0 00:00 0").perms,
			 VT_PERM_R | VT_PERM_W | VT_PERM_X | VT_PERM_SHARED);
	assert_int_equal(parse_ok("1000-2000 ---p 0 00:00 0").perms, 0);
	char buf[5];
	vt_maps_perms_text(VT_PERM_R | VT_PERM_SHARED, buf);
	assert_string_equal(buf, "r--s");
}

static void test_anonymous(void **state)
{
	(void)state;
	vt_maps_line l = parse_ok(L_ANON);
	assert_path(&l, "");
	l = parse_ok("200000000000-200000001000 rw-p 00000000 00:00 0");
	assert_path(&l, "");
	/* Older kernels pad anonymous lines with spaces. */
	l = parse_ok("200000000000-200000001000 rw-p 00000000 00:00 0" PAD "      ");
	assert_path(&l, "");
}

static void test_special_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"[heap]", "[stack]", "[stack:1234]", "[anon:java heap]", "[anon_shmem:pool]",
		"[vdso]", "[vvar]", "[uprobes]",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char line[256];
		snprintf(line, sizeof(line), "1000-2000 rw-p 00000000 00:00 0%s %s", PAD "                      ",
			 names[i]);
		vt_maps_line l = parse_ok(line);
		assert_path(&l, names[i]);
	}
}

static void test_deleted(void **state)
{
	(void)state;
	vt_maps_line l = parse_ok("1000-2000 r--s 00000000 00:01 3 /SYSV00000000 (deleted)");
	assert_true(l.deleted);
	assert_path(&l, "/SYSV00000000");
	/* Only the suffix counts, and a name that is only the suffix is a name. */
	l = parse_ok("1000-2000 r--p 0 fe:00 7 /tmp/a (deleted) b");
	assert_false(l.deleted);
	assert_path(&l, "/tmp/a (deleted) b");
	l = parse_ok("1000-2000 r--p 0 fe:00 7  (deleted)");
	assert_false(l.deleted);
}

static void test_spaces_and_escapes(void **state)
{
	(void)state;
	vt_maps_line l = parse_ok("1000-2000 r--p 0 fe:00 7 /tmp/my file\\012two lines.bin");
	assert_path(&l, "/tmp/my file\\012two lines.bin");
	/* Kernel padding: a name starting with spaces keeps them. */
	const char *kernel = "7f0d6fab7000-7f0d6fadd000 r--p 00000000 fe:00 332835" PAD "    /lead";
	l = parse_ok(kernel);
	assert_path(&l, "  /lead");
	l = parse_ok(L_LIB);
	assert_path(&l, "/usr/lib/libc.so.6");
}

static void test_raw_bytes(void **state)
{
	(void)state;
	const char *line = "1000-2000 r--p 0 fe:00 7 /tmp/\x1b[31mred\xff\xfe\x80.bin";
	vt_maps_line l = parse_ok(line);
	assert_path(&l, "/tmp/\x1b[31mred\xff\xfe\x80.bin");
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "garbage", "1000-2000", "1000-2000 r--p", "1000-2000 r--p 0 fe:00",
		"1000-2000 r--p 0 fe:00 x", "1000-2000 rw 0 fe:00 1 /x", "1000-2000 rwxq 0 00:00 0",
		"2000-1000 r--p 0 00:00 0", "1000 2000 r--p 0 00:00 0", "1000-2000 r--p 0 fe00 1",
		"10000000000000000-2 r--p 0 00:00 0", "1000-2000 r--p 0 00:00 99999999999999999999999",
		"1000-2000 r--p 0 00:00 12abc", "1000-2000  r--p 0 00:00 0", "G000-2000 r--p 0 00:00 0",
		"1000-2000 r--p 0 00:00 0\t/x", "1000-2000 r--p 0 100000000:00 0",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vt_maps_line l;
		assert_int_equal(vt_maps_parse_line(bad[i], strlen(bad[i]), &l), -1);
	}
	/* A truncated line: every prefix of a good line short of the inode fails. */
	const char *good = "1000-2000 r--p 00000000 fe:00 7 /x";
	for (size_t n = 0; n < 30; n++) {
		vt_maps_line l;
		assert_int_equal(vt_maps_parse_line(good, n, &l), -1);
	}
}

/* ---- whole files ---- */

static void test_mem_counts(void **state)
{
	(void)state;
	const char *text = L_ANON "\n" L_LIB "\nbroken line\n" L_LIB "\n" L_VSYSCALL "\n";
	vt_maps m;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_parse_mem(&m, text, strlen(text)), 0);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.malformed, 1);
	assert_true(m.vsyscall);
	assert_int_equal(m.npaths, 2);           /* "" and libc, interned once */
	assert_int_equal(m.vmas[1].path, m.vmas[2].path);
	size_t len;
	assert_string_equal(vt_maps_vma_path(&m, 1, &len), "/usr/lib/libc.so.6");
	assert_string_equal(vt_maps_vma_path(&m, 0, &len), "");
	vt_maps_free(&m);
}

static void test_mem_edges(void **state)
{
	(void)state;
	vt_maps m;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_parse_mem(&m, "", 0), 0);
	assert_int_equal(m.n, 0);
	const char *no_nl = L_ANON "\n" L_LIB;   /* no trailing newline */
	assert_int_equal(vt_maps_parse_mem(&m, no_nl, strlen(no_nl)), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal((long)m.n, vt_count_maps_mem(no_nl, strlen(no_nl)));
	vt_maps_free(&m);
	/* Deleted and live files of the same name are different paths. */
	const char *two = "1000-2000 r--p 0 fe:00 7 /a (deleted)\n3000-4000 r--p 0 fe:00 8 /a\n";
	assert_int_equal(vt_maps_parse_mem(&m, two, strlen(two)), 0);
	assert_int_equal(m.npaths, 3);
	assert_true(m.paths[m.vmas[0].path].deleted);
	assert_false(m.paths[m.vmas[1].path].deleted);
	vt_maps_free(&m);
}

/* Write text to a temporary file and read it through the fd reader. */
static vt_maps read_through_fd(const char *data, size_t len)
{
	char path[] = "/tmp/vmatop-maps-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	vt_maps m;
	int err = 0;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_read_fd(&m, fd, &err), 0);
	close(fd);
	return m;
}

static void test_fd_long_lines(void **state)
{
	(void)state;
	/* Many lines across read boundaries, one very long path, one absurd line. */
	size_t huge = 3 * 1024 * 1024, cap = huge + 4 * 1024 * 1024, len = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	for (int i = 0; i < 20000; i++)
		len += (size_t)sprintf(buf + len, "%x-%x r--p 0 fe:00 %d /lib/l%d.so\n",
				       0x1000 * (2 * i + 1), 0x1000 * (2 * i + 2), i, i % 7);
	len += (size_t)sprintf(buf + len, "1000-2000 r--p 0 fe:00 1 /");
	memset(buf + len, 'a', 200000);
	len += 200000;
	buf[len++] = '\n';
	len += (size_t)sprintf(buf + len, "1000-2000 r--p 0 fe:00 1 /");
	memset(buf + len, 'b', huge);
	len += huge;
	len += (size_t)sprintf(buf + len, "\n%s", L_LIB);
	vt_maps m = read_through_fd(buf, len);
	assert_int_equal(m.n, 20000 + 1 + 1);
	assert_int_equal(m.malformed, 1);
	assert_int_equal(m.npaths, 1 + 7 + 1 + 1);
	size_t plen;
	vt_maps_vma_path(&m, 20000, &plen);
	assert_int_equal(plen, 200001);
	assert_string_equal(vt_maps_vma_path(&m, 20001, &plen), "/usr/lib/libc.so.6");
	vt_maps_free(&m);
	free(buf);
}

static void test_fd_matches_count(void **state)
{
	(void)state;
	const char *text = L_ANON "\n" L_LIB "\n" L_VSYSCALL "\n";
	vt_maps m = read_through_fd(text, strlen(text));
	assert_int_equal((long)m.n, vt_count_maps_mem(text, strlen(text)));
	vt_maps_free(&m);
}

static void test_smaps(void **state)
{
	(void)state;
	const char *maps = "1000-2000 r--p 0 fe:00 1 /x\n" L_ANON "\n" L_LIB "\n";
	const char *smaps = "ffff0000-ffff1000 r--p 0 00:00 0\nRss: 99 kB\n"
			    L_ANON "\nSize:   4 kB\nRss:                  12 kB\nVmFlags: rd wr\n"
			    L_LIB "\nRss: 7 kB\nPss: 3 kB";
	vt_maps m;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_parse_mem(&m, maps, strlen(maps)), 0);
	assert_null(m.rss_kb);
	assert_int_equal(vt_maps_smaps_mem(&m, smaps, strlen(smaps)), 0);
	assert_int_equal(m.rss_kb[0], VT_UNKNOWN);   /* not in smaps: unknown, never 0 */
	assert_int_equal(m.rss_kb[1], 12);
	assert_int_equal(m.rss_kb[2], 7);
	vt_maps_free(&m);
}

static void test_proc_root(void **state)
{
	(void)state;
	vt_maps m;
	int err = 0;
	vt_maps_init(&m);
	assert_int_equal(vt_maps_read(&m, FIXTURES "/maps-helper", 999999, &err), -1);
	assert_int_equal(err, ENOENT);
	char comm[32];
	assert_int_equal(vt_maps_read_comm(FIXTURES "/maps-helper", 999999, comm, sizeof(comm), &err),
			 -1);
	/* The real /proc: a child that only waits (its map does not change, unlike
	 * ours, which our own allocations grow) parses completely and agrees with
	 * the counter. */
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		for (;;)
			pause();
	}
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)child);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	long counted = vt_count_maps_fd(fd, buf, 1 << 20, &err);
	close(fd);
	free(buf);
	int rc = vt_maps_read(&m, NULL, child, &err);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(m.malformed, 0);
	assert_non_null(m.exe);
	assert_int_equal((long)m.n, counted);
	vt_maps_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_perms),
		cmocka_unit_test(test_anonymous),
		cmocka_unit_test(test_special_names),
		cmocka_unit_test(test_deleted),
		cmocka_unit_test(test_spaces_and_escapes),
		cmocka_unit_test(test_raw_bytes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_mem_counts),
		cmocka_unit_test(test_mem_edges),
		cmocka_unit_test(test_fd_long_lines),
		cmocka_unit_test(test_fd_matches_count),
		cmocka_unit_test(test_smaps),
		cmocka_unit_test(test_proc_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
