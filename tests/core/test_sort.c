/* Percent math, the worst process, and sorting by every key with pid ties. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmatop/proc.h"
#include "vmatop/sort.h"

static void add(vt_snapshot *s, pid_t pid, const char *user, const char *comm, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	snprintf(p->user, sizeof(p->user), "%s", user);
	p->comm = strdup(comm);
	p->cmdline = strdup("");
	p->vmas = vmas;
}

static void fixture(vt_snapshot *s)
{
	vt_snapshot_init(s);
	add(s, 30, "bob", "java", 500);
	add(s, 10, "alice", "zsh", 40);
	add(s, 20, "root", "sshd", VT_UNKNOWN);
	add(s, 5, "alice", "bash", 500);
	add(s, 40, "bob", "elasticsearch", 65531);
}

static void expect_order(const vt_snapshot *s, const pid_t *want, size_t n)
{
	assert_int_equal(s->nprocs, n);
	for (size_t i = 0; i < n; i++)
		if (s->procs[i].pid != want[i])
			fail_msg("position %zu: pid %d, expected %d", i, s->procs[i].pid, want[i]);
}

static void test_percent(void **state)
{
	(void)state;
	assert_true(fabs(vt_percent(65530, 65530) - 100.0) < 1e-9);
	assert_true(vt_percent(65531, 65530) > 100.0);       /* limit+1 is real */
	assert_true(fabs(vt_percent(131072, 262144) - 50.0) < 1e-9);
	assert_true(isnan(vt_percent(VT_UNKNOWN, 65530)));
	assert_true(isnan(vt_percent(10, VT_UNKNOWN)));
	assert_true(isnan(vt_percent(10, 0)));
	assert_true(fabs(vt_percent(2147483642L, 2147483642L) - 100.0) < 1e-9);
}

static void test_sort_vmas(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s);
	vt_snapshot_sort(&s, VT_SORT_VMAS, false);
	expect_order(&s, (pid_t[]){ 40, 5, 30, 10, 20 }, 5);     /* ties by pid, unknown last */
	vt_snapshot_sort(&s, VT_SORT_VMAS, true);
	expect_order(&s, (pid_t[]){ 20, 10, 5, 30, 40 }, 5);
	vt_snapshot_free(&s);
}

static void test_sort_other_keys(void **state)
{
	(void)state;
	vt_snapshot s;
	fixture(&s);
	vt_snapshot_sort(&s, VT_SORT_PID, false);
	expect_order(&s, (pid_t[]){ 5, 10, 20, 30, 40 }, 5);
	vt_snapshot_sort(&s, VT_SORT_USER, false);
	expect_order(&s, (pid_t[]){ 5, 10, 30, 40, 20 }, 5);
	vt_snapshot_sort(&s, VT_SORT_COMMAND, false);
	expect_order(&s, (pid_t[]){ 5, 40, 30, 20, 10 }, 5);
	vt_snapshot_free(&s);
}

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(vt_sort_lookup("vmas"), VT_SORT_VMAS);
	assert_int_equal(vt_sort_lookup("VMAS"), VT_SORT_VMAS);
	assert_int_equal(vt_sort_lookup("%max"), VT_SORT_VMAS);
	assert_int_equal(vt_sort_lookup("cmd"), VT_SORT_COMMAND);
	assert_int_equal(vt_sort_lookup("rate"), VT_SORT_RATE);
	assert_int_equal(vt_sort_lookup("nope"), -1);
	int keys = 0;
	for (int k = 0; k < VT_COL__COUNT; k++) {
		const vt_sort_info *i = vt_sort_info_get((vt_sort_key)k);
		const vt_column *c = vt_column_get(k);
		assert_non_null(c);
		assert_int_equal(vt_column_lookup(c->name), k);
		/* a column is a sort key exactly when it has a comparator */
		if (!c->cmp) {
			assert_null(i);
			assert_int_equal(vt_sort_lookup(c->name), -1);
			continue;
		}
		keys++;
		assert_ptr_equal(i, c);
		assert_int_equal(vt_sort_lookup(i->name), k);
		assert_non_null(strstr(vt_sort_names(), i->name));
	}
	assert_true(keys >= 7);
	assert_int_equal(vt_sort_lookup("trend"), -1);
	assert_null(vt_sort_info_get(VT_COL__COUNT));
	assert_null(vt_column_get(-1));
}

/* Every column: a name, titles, a description, a formatter; only the last
 * (COMMAND) takes the rest of the line. */
static void test_column_table(void **state)
{
	char buf[64];
	vt_proc p = { .pid = 42, .comm = "java", .cmdline = "", .vmas = 100, .delta = VT_NO_DELTA,
		      .rate = NAN };
	vt_col_ctx cc = { .limit = 200, .warn = 50, .crit = 80, .markers = true };
	(void)state;
	for (int k = 0; k < VT_COL__COUNT; k++) {
		const vt_column *c = vt_column_get(k);
		assert_true(c->name[0] && c->title[0] && c->ascii_title[0] && c->description[0]);
		assert_non_null(c->text);
		assert_true(c->width > 0 || k == VT_COL_COMMAND);
		c->text(&p, &cc, buf, sizeof(buf));
	}
	vt_column_get(VT_COL_PERCENT)->text(&p, &cc, buf, sizeof(buf));
	assert_string_equal(buf, "50.0* ");
	cc.markers = false;
	vt_column_get(VT_COL_PERCENT)->text(&p, &cc, buf, sizeof(buf));
	assert_string_equal(buf, "50.0");
	cc.warn = 60;
	assert_int_equal(vt_column_marker(50, cc.warn, cc.crit), ' ');
	assert_int_equal(vt_column_marker(80, 60, 80), '!');
	assert_int_equal(vt_column_marker(100.5, 60, 80), '#');
	vt_column_get(VT_COL_COMMAND)->text(&p, &cc, buf, sizeof(buf));
	assert_string_equal(buf, "java");
}

static void test_column_sets(void **state)
{
	vt_col_set s;
	char buf[128];
	const char *bad = NULL;
	size_t badlen = 0;
	(void)state;
	vt_col_set_default(&s);
	assert_int_equal(vt_col_set_format(&s, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "pid,user,vmas,percent,threads,delta,rate,eta,trend,state,command");
	assert_int_equal(vt_col_set_parse(&s, "command,rss,PID", &bad, &badlen), 0);
	assert_int_equal(vt_col_set_format(&s, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rss,pid,command");     /* COMMAND goes last */
	assert_int_equal(vt_col_set_parse(&s, "pid,nope,user", &bad, &badlen), -1);
	assert_int_equal(badlen, 4);
	assert_memory_equal(bad, "nope", 4);
	assert_int_equal(vt_col_set_parse(&s, "pid,pid", &bad, &badlen), -1);
	assert_int_equal(vt_col_set_parse(&s, "pid,,user", &bad, &badlen), -1);
	assert_int_equal(vt_col_set_parse(&s, "cmd", &bad, &badlen), -1);   /* aliases sort only */
	assert_int_equal(vt_col_set_parse(&s, "", &bad, &badlen), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(vt_col_set_format(&s, buf, 1), 0);
	vt_col_set_default(&s);
	assert_int_equal(vt_col_set_format(&s, buf, 8), -1);
}

static void test_worst_and_copy(void **state)
{
	(void)state;
	vt_snapshot s, c;
	fixture(&s);
	const vt_proc *w = vt_snapshot_worst(&s);
	assert_non_null(w);
	assert_int_equal(w->pid, 40);
	vt_snapshot_init(&c);
	assert_int_equal(vt_snapshot_copy(&c, &s), 0);
	assert_int_equal(c.nprocs, 5);
	assert_string_equal(vt_snapshot_find(&c, 30)->comm, "java");
	assert_ptr_not_equal(vt_snapshot_find(&c, 30)->comm, vt_snapshot_find(&s, 30)->comm);
	assert_null(vt_snapshot_find(&c, 999));
	vt_snapshot_free(&s);
	vt_snapshot_free(&c);
	vt_snapshot_init(&s);
	assert_null(vt_snapshot_worst(&s));
	add(&s, 1, "root", "x", VT_UNKNOWN);
	assert_null(vt_snapshot_worst(&s));
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_sort_vmas),
		cmocka_unit_test(test_sort_other_keys),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_column_table),
		cmocka_unit_test(test_column_sets),
		cmocka_unit_test(test_worst_and_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
