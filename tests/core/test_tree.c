/* Unit tests of the process tree (src/tree.c): subtree sums and tree order
 * over fixture snapshots, with a missing parent, an unknown count and a
 * ppid loop (a snapshot is not atomic). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vmatop/tree.h"

static void add(vt_snapshot *s, pid_t pid, pid_t ppid, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	assert_non_null(p);
	p->pid = pid;
	p->ppid = ppid;
	p->vmas = vmas;
	p->comm = strdup("x");
	p->cmdline = strdup("");
}

static long sum_of(const vt_snapshot *s, pid_t pid)
{
	const vt_proc *p = vt_snapshot_find(s, pid);
	assert_non_null(p);
	return p->subtree_vmas;
}

static void test_tree(void **state)
{
	vt_snapshot s;
	size_t order[8];
	int depth[8];
	(void)state;
	vt_snapshot_init(&s);
	add(&s, 1, 0, 10);          /* root */
	add(&s, 5, 99, 5);          /* parent not in the snapshot: a root */
	add(&s, 3, 2, 30);
	add(&s, 2, 1, 20);
	add(&s, 4, 1, VT_UNKNOWN);  /* unknown: adds 0 */
	add(&s, 6, 7, 1);           /* 6 <-> 7: a loop */
	add(&s, 7, 6, 2);
	assert_int_equal(vt_snapshot_subtree(&s), 0);
	assert_int_equal(sum_of(&s, 1), 60);
	assert_int_equal(sum_of(&s, 2), 50);
	assert_int_equal(sum_of(&s, 3), 30);
	assert_int_equal(sum_of(&s, 4), 0);
	assert_int_equal(sum_of(&s, 5), 5);
	assert_int_equal(vt_snapshot_subtree(&s), 0);   /* idempotent */
	assert_int_equal(sum_of(&s, 1), 60);
	assert_int_equal(vt_snapshot_tree_order(&s, order, depth), 0);
	/* roots in snapshot order (1, 5), each child after its parent (3 under 2
	 * although it comes first in the snapshot), then the loop from its first */
	static const pid_t want[] = { 1, 2, 3, 4, 5, 6, 7 };
	static const int want_depth[] = { 0, 1, 2, 1, 0, 0, 1 };
	for (int k = 0; k < 7; k++) {
		assert_int_equal(s.procs[order[k]].pid, want[k]);
		assert_int_equal(depth[k], want_depth[k]);
	}
	vt_snapshot_free(&s);
	vt_snapshot_init(&s);
	assert_int_equal(vt_snapshot_tree_order(&s, order, depth), 0);   /* empty */
	assert_int_equal(vt_snapshot_subtree(&s), 0);
	vt_snapshot_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
