/* Unit tests of vmatoprc (src/config.c): fixture files, hostile lines, the
 * atomic save that never replaces what is not a regular file. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "vmatop/config.h"

typedef struct warns {
	int lines[32];
	int n;
} warns;

static void record(void *arg, int line, const char *reason)
{
	warns *w = arg;
	assert_true(reason[0] != '\0');
	assert_null(strchr(reason, '\n'));
	if (w->n < 32)
		w->lines[w->n++] = line;
}

static void test_good_file(void **state)
{
	vt_config c;
	warns w = { .n = 0 };
	char *cause = NULL;
	(void)state;
	vt_config_defaults(&c);
	assert_int_equal(vt_config_load(&c, FIXTURES "/config/good", record, &w, &cause), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(c.colset.n, 5);
	assert_int_equal(c.colset.ids[3], VT_COL_PERCENT);
	assert_int_equal(c.sort, VT_COL_RATE);
	assert_true(c.invert);
	assert_true(c.delay == 0.5);
	assert_true(c.warn == 60 && c.crit == 90);
	assert_false(c.kernel_threads);
	assert_int_equal(c.scheme, VT_SCHEME_MONO);
}

/* Every hostile line is reported with its number and ignored; the good
 * ones around it still apply. */
static void test_hostile_file(void **state)
{
	static const int bad[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	vt_config c, d;
	warns w = { .n = 0 };
	char *cause = NULL;
	(void)state;
	vt_config_defaults(&c);
	vt_config_defaults(&d);
	assert_int_equal(vt_config_load(&c, FIXTURES "/config/hostile", record, &w, &cause), 0);
	assert_int_equal(w.n, (int)(sizeof(bad) / sizeof(bad[0])));
	for (int i = 0; i < w.n; i++)
		assert_int_equal(w.lines[i], bad[i]);
	assert_true(c.invert);                 /* invert=yes with CRLF */
	assert_true(c.warn == 70);             /* spaces around = */
	assert_int_equal(c.sort, d.sort);
	assert_true(c.delay == d.delay && c.crit == d.crit);
	assert_int_equal(c.colset.n, d.colset.n);
}

static void test_roundtrip_and_swap(void **state)
{
	vt_config c, back;
	(void)state;
	vt_config_defaults(&c);
	assert_int_equal(vt_config_parse(&c, "crit=10\nwarn=90", 15, NULL, NULL), 0);
	assert_true(c.warn == 10 && c.crit == 90);
	char *text = vt_config_format(&c);
	assert_non_null(text);
	vt_config_defaults(&back);
	assert_int_equal(vt_config_parse(&back, text, strlen(text), NULL, NULL), 0);
	assert_true(back.warn == 10 && back.crit == 90);
	free(text);
}

static void test_save(void **state)
{
	char dir[] = "/tmp/vmatop-config.XXXXXX", path[256], fifo[256], *cause = NULL;
	vt_config c, back;
	warns w = { .n = 0 };
	struct stat st;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/vmatop/vmatoprc", dir);
	vt_config_defaults(&c);
	assert_int_equal(vt_config_load(&c, path, record, &w, &cause), 0);   /* missing: fine */
	c.sort = VT_COL_PID;
	c.colset.n = 2;
	c.colset.ids[0] = VT_COL_PPID;
	c.colset.ids[1] = VT_COL_COMMAND;
	assert_int_equal(vt_config_save(&c, path, &cause), 0);
	vt_config_defaults(&back);
	assert_int_equal(vt_config_load(&back, path, record, &w, &cause), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(back.sort, VT_COL_PID);
	assert_int_equal(back.colset.n, 2);
	assert_int_equal(back.colset.ids[0], VT_COL_PPID);
	/* a FIFO where the file should be: neither replaced nor read */
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(vt_config_save(&c, fifo, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	assert_int_equal(stat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(vt_config_load(&c, fifo, record, &w, &cause), -1);
	free(cause);
	assert_int_equal(vt_config_load(&c, dir, record, &w, &cause), -1);
	free(cause);
	unlink(fifo);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub/vmatop", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	assert_int_equal(rmdir(dir), 0);     /* no temp file left behind */
}

static void test_path(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/x/cfg", 1);
	char *p = vt_config_path();
	assert_string_equal(p, "/x/cfg/vmatop/vmatoprc");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);      /* not absolute: ignored, as the spec says */
	setenv("HOME", "/home/al", 1);
	p = vt_config_path();
	assert_string_equal(p, "/home/al/.config/vmatop/vmatoprc");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_null(vt_config_path());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_hostile_file),
		cmocka_unit_test(test_roundtrip_and_swap),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
