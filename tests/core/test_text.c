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
#include "vmatop/format.h"
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
	s.unreadable_why = vt_access_hint(1000, 0);
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

/* The hint under unreadable maps: root is suggested only to non-root users. */
static void test_access_hint(void **state)
{
	(void)state;
	const unsigned long long ptrace = 1ull << VT_CAP_SYS_PTRACE;
	assert_non_null(strstr(vt_access_hint(1000, 0), "run as root or with CAP_SYS_PTRACE"));
	const char *root_nocap = vt_access_hint(0, ~ptrace);
	assert_null(strstr(root_nocap, "run as root"));
	assert_non_null(strstr(root_nocap, "without CAP_SYS_PTRACE"));
	const char *root_cap = vt_access_hint(0, ~0ull);
	assert_null(strstr(root_cap, "root"));
	assert_non_null(strstr(root_cap, "security module"));
	/* a non-root user that has the capability is not told to become root */
	assert_null(strstr(vt_access_hint(1000, ptrace), "run as root"));
	/* the text writer shows the snapshot's reason */
	vt_snapshot s;
	fixture(&s, 65530);
	s.unreadable_why = root_nocap;
	vt_text_opts o = { 0 };
	char *out = render(&s, &o);
	assert_non_null(strstr(out, "not readable (shown as -): running as root without CAP_SYS_PTRACE"));
	assert_null(strstr(out, "run as root"));
	free(out);
	vt_snapshot_free(&s);
}

/* The ETA column (with the rate) and the zombie marks. */
static void test_eta_and_marks(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s, 65530);
	s.procs[0].rate = 3.0;
	s.procs[0].eta = 0;             /* at the limit */
	s.procs[1].rate = 1.0;
	s.procs[1].eta = 754;
	s.procs[2].state = 'Z';
	s.procs[2].threads = 1;
	vt_text_opts o = { .rate = true };
	char *out = render(&s, &o);
	assert_non_null(strstr(out, "    +3.0  limit java"));
	assert_non_null(strstr(out, "    +1.0 12m34s "));
	assert_non_null(strstr(out, " sshd <defunct>\n"));
	free(out);
	s.procs[2].threads = 4;       /* the leader exited, its threads run */
	out = render(&s, &o);
	assert_non_null(strstr(out, " sshd <leader exited>\n"));
	free(out);
	char buf[16];
	assert_string_equal(vt_format_eta(buf, sizeof(buf), NAN), "-");
	assert_string_equal(vt_format_eta(buf, sizeof(buf), 45), "45s");
	assert_string_equal(vt_format_eta(buf, sizeof(buf), 3 * 3600 + 5 * 60), "3h05m");
	assert_string_equal(vt_format_eta(buf, sizeof(buf), 2 * 86400 + 4 * 3600), "2d04h");
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
	assert_non_null(strstr(out, "RATE/s    ETA COMMAND"));
	assert_non_null(strstr(out, "   +12.5      - java"));
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
		cmocka_unit_test(test_access_hint),
		cmocka_unit_test(test_eta_and_marks),
		cmocka_unit_test(test_ascii_and_rate),
		cmocka_unit_test(test_read_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
