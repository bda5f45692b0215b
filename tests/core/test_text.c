/* The text writer (batch output) and reading the limit from a proc root. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/export.h"
#include "vmatop/sysvm.h"

static void add(vt_snapshot *s, pid_t pid, const char *comm, const char *cmdline, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	snprintf(p->user, sizeof(p->user), "%s", "alice");
	p->comm = strdup(comm);
	p->cmdline = strdup(cmdline);
	p->vmas = vmas;
	if (vmas >= 0)
		s->total_vmas += vmas;
	else
		s->unreadable++;
	s->scanned++;
}

static char *render(const vt_snapshot *s, const vt_text_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(vt_write_text(f, s, o), 0);
	fclose(f);
	return buf;
}

static void fixture(vt_snapshot *s, long limit)
{
	vt_snapshot_init(s);
	snprintf(s->host, sizeof(s->host), "web1");
	snprintf(s->kernel, sizeof(s->kernel), "6.1.0");
	s->max_map_count = limit;
	add(s, 4121, "java", "/usr/bin/java -Xmx4g", 65531);
	add(s, 77, "\x1b[2Jevil", "evil\x1b]0;title\x07 \xff", 10);
	add(s, 5, "sshd", "", VT_UNKNOWN);
}

static void test_rows_and_header(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s, 65530);
	vt_text_opts o = { 0 };
	char *out = render(&s, &o);
	assert_non_null(strstr(out, "vmatop - web1, kernel 6.1.0, vm.max_map_count 65530"));
	assert_non_null(strstr(out, "Processes: 3 scanned, 1 unreadable; VMAs: 65541 in all"));
	assert_non_null(strstr(out, "worst: java (4121) 65531 VMAs, 100.0% of the limit"));
	assert_non_null(strstr(out, "CAP_SYS_PTRACE"));
	assert_non_null(strstr(out, "   4121 alice         65531   100.0 java  /usr/bin/java -Xmx4g\n"));
	assert_non_null(strstr(out, "      5 alice             -       - sshd\n"));
	/* hostile bytes never reach the output raw */
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_null(strstr(out, "\xff"));
	assert_non_null(strstr(out, "\xEF\xBF\xBD[2Jevil"));
	free(out);
	vt_snapshot_free(&s);
}

static void test_unknown_limit(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s, VT_UNKNOWN);
	vt_text_opts o = { .top = 1 };
	char *out = render(&s, &o);
	assert_non_null(strstr(out, "vm.max_map_count unreadable (no percentages)"));
	assert_non_null(strstr(out, "   4121 alice         65531       - java"));
	assert_null(strstr(out, "sshd"));                /* --top 1 */
	free(out);
	vt_snapshot_free(&s);
}

static void test_ascii_and_rate(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s, 65530);
	s.procs[0].rate = 12.5;
	vt_text_opts o = { .ascii = true, .rate = true };
	char *out = render(&s, &o);
	assert_non_null(strstr(out, "RATE/s COMMAND"));
	assert_non_null(strstr(out, "   +12.5 java"));
	assert_non_null(strstr(out, "?[2Jevil"));
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
	free(out);
	vt_snapshot_free(&s);
}

static void test_read_limit(void **state)
{
	(void)state;
	int err = 0;
	assert_int_equal(vt_read_max_map_count(FIXTURES "/sysvm/proc", &err), 262144);
	assert_int_equal(vt_read_max_map_count(FIXTURES "/sysvm/garbled", &err), -1);
	assert_int_equal(err, EINVAL);
	assert_int_equal(vt_read_max_map_count(FIXTURES "/sysvm/missing", &err), -1);
	assert_int_equal(err, ENOENT);
	assert_true(vt_read_max_map_count(NULL, &err) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_header),
		cmocka_unit_test(test_unknown_limit),
		cmocka_unit_test(test_ascii_and_rate),
		cmocka_unit_test(test_read_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
