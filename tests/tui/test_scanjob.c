/* The background scan: requests, busy state, collection through the fd, and
 * the hold that keeps the worker off the scanner (deterministic: the test
 * holds the scanner, so the worker cannot finish until it lets go). */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanjob.h"

static void test_request_collect(void **state)
{
	(void)state;
	char *cause = NULL;
	vt_scanner *sc = vt_scanner_new(NULL, VT_BACKEND_TEXT, &cause);
	assert_non_null(sc);
	vt_scanjob *j = vt_scanjob_new(sc);
	assert_non_null(j);
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	pid_t self = getpid();
	vt_filter f = { .pids = &self, .npids = 1 };

	assert_false(vt_scanjob_busy(j));
	assert_int_equal(vt_scanjob_collect(j, &snap, &cause), 0);   /* nothing requested */

	vt_scanjob_hold(j);                        /* the worker must wait for us */
	assert_int_equal(vt_scanjob_request(j, &f), 0);
	assert_true(vt_scanjob_busy(j));
	assert_int_equal(vt_scanjob_request(j, &f), -1);            /* one at a time */
	struct pollfd p = { .fd = vt_scanjob_fd(j), .events = POLLIN };
	assert_int_equal(poll(&p, 1, 100), 0);                      /* not done while held */
	assert_int_equal(vt_scanjob_collect(j, &snap, &cause), 0);
	assert_int_equal(snap.nprocs, 0);
	vt_scanjob_release(j);

	assert_int_equal(poll(&p, 1, 10000), 1);                    /* done: readable */
	assert_int_equal(vt_scanjob_collect(j, &snap, &cause), 1);
	assert_int_equal(snap.nprocs, 1);
	assert_int_equal(snap.procs[0].pid, self);
	assert_true(snap.procs[0].vmas > 0);
	assert_false(vt_scanjob_busy(j));

	/* a second round reuses the buffers, and free waits for nothing */
	assert_int_equal(vt_scanjob_request(j, &f), 0);
	assert_int_equal(poll(&p, 1, 10000), 1);
	assert_int_equal(vt_scanjob_collect(j, &snap, &cause), 1);
	assert_int_equal(snap.procs[0].pid, self);

	/* freeing with a scan in flight joins it */
	assert_int_equal(vt_scanjob_request(j, &f), 0);
	vt_scanjob_free(j);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
	vt_scanjob_free(NULL);
	vt_scanjob_hold(NULL);
	vt_scanjob_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_collect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
