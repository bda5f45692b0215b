/* --output: atomic replacement, mode, temp file clean-up, error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "snapfix.h"
#include "vmatop/export.h"

static int setup_dir(void **state)
{
	char tmpl[] = "/tmp/vmatop-export-test.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return -1;
	*state = strdup(dir);
	return *state ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	int rc = system(cmd);
	free(*state);
	return rc == 0 ? 0 : -1;
}

static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)); )
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *buf = calloc(1, 1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_json_file(void **state)
{
	const char *dir = *state;
	char path[512], *cause = (char *)"unset";
	snprintf(path, sizeof(path), "%s/vmatop.json", dir);
	vt_snapshot s;
	snapfix_build(&s);
	mode_t old = umask(022);
	assert_int_equal(vt_write_atomic(path, &s, VT_FORMAT_JSON, 0, &cause), 0);
	umask(old);
	assert_null(cause);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(entries(dir), 1);
	json_error_t err;
	json_t *doc = json_load_file(path, 0, &err);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "total_vmas")), 66531);
	json_decref(doc);
	vt_snapshot_free(&s);
}

/* An existing file is replaced whole: the new content, no leftovers. */
static void test_replace(void **state)
{
	const char *dir = *state;
	char path[512], *cause = NULL;
	snprintf(path, sizeof(path), "%s/vmatop.prom", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("old content that is much longer than nothing at all\n", f);
	fclose(f);
	vt_snapshot s;
	snapfix_build(&s);
	assert_int_equal(vt_write_atomic(path, &s, VT_FORMAT_OPENMETRICS, 1, &cause), 0);
	char *text = slurp(path);
	assert_null(strstr(text, "old content"));
	assert_true(strncmp(text, "# HELP vmatop_", 14) == 0);
	assert_string_equal(text + strlen(text) - 6, "# EOF\n");
	free(text);
	assert_int_equal(entries(dir), 1);
	vt_snapshot_free(&s);
}

/* A relative name: the temp file goes to the current directory. */
static void test_relative(void **state)
{
	const char *dir = *state;
	char cwd[4096], *cause = NULL;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	vt_snapshot s;
	snapfix_build(&s);
	assert_int_equal(vt_write_atomic("rel.prom", &s, VT_FORMAT_OPENMETRICS, 0, &cause), 0);
	assert_int_equal(access("rel.prom", R_OK), 0);
	assert_int_equal(entries("."), 1);
	assert_int_equal(chdir(cwd), 0);
	vt_snapshot_free(&s);
}

/* No directory: one message naming the file, nothing left behind. */
static void test_no_dir(void **state)
{
	const char *dir = *state;
	char path[512], *cause = NULL;
	snprintf(path, sizeof(path), "%s/missing/vmatop.prom", dir);
	vt_snapshot s;
	snapfix_build(&s);
	assert_int_equal(vt_write_atomic(path, &s, VT_FORMAT_OPENMETRICS, 0, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, "No such file or directory"));
	assert_null(strchr(cause, '\n'));
	free(cause);
	assert_int_equal(entries(dir), 0);
	vt_snapshot_free(&s);
}

/* The target is a directory: rename fails, the temp file is removed. */
static void test_rename_fails(void **state)
{
	const char *dir = *state;
	char path[512], *cause = NULL;
	snprintf(path, sizeof(path), "%s/adir", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	vt_snapshot s;
	snapfix_build(&s);
	assert_int_equal(vt_write_atomic(path, &s, VT_FORMAT_JSON, 0, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "--output "));
	free(cause);
	assert_int_equal(entries(dir), 1);
	assert_int_equal(entries(path), 0);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_replace, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_relative, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_no_dir, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_rename_fails, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
