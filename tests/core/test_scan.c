/* Integration: the scanner against real helper processes with known VMA counts.
 * The kernel is the oracle: count(--vmas N) must be count(--vmas 0) + N exactly. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"
#include "vmatop/scan.h"
#include "vmatop/sysvm.h"

/* Scan just these pids with the text backend; returns the count of pid (or -2 if absent). */
static long scan_count(vt_scanner *sc, pid_t pid, vt_snapshot *snap)
{
	vt_filter f = { .pids = &pid, .npids = 1 };
	char *cause = NULL;
	assert_int_equal(vt_scanner_scan(sc, &f, snap, &cause), 0);
	const vt_proc *p = vt_snapshot_find(snap, pid);
	return p ? p->vmas : -2;
}

static vt_scanner *text_scanner(void)
{
	char *cause = NULL;
	vt_scanner *sc = vt_scanner_new(NULL, VT_BACKEND_TEXT, &cause);
	if (!sc)
		fail_msg("scanner: %s", cause);
	return sc;
}

static void check_exact(long n)
{
	char arg[32];
	snprintf(arg, sizeof(arg), "%ld", n);
	helper base, h;
	assert_int_equal(helper_start(&base, (const char *[]){ "--vmas", "0", NULL }), 0);
	assert_int_equal(helper_start(&h, (const char *[]){ "--vmas", arg, NULL }), 0);
	assert_int_equal(h.added, n);
	vt_scanner *sc = text_scanner();
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	long b = scan_count(sc, base.pid, &snap);
	long c = scan_count(sc, h.pid, &snap);
	assert_true(b > 0);
	if (c != b + n)
		fail_msg("helper --vmas %ld: counted %ld, expected baseline %ld + %ld", n, c, b, n);
	const vt_proc *p = vt_snapshot_find(&snap, h.pid);
	assert_non_null(p);
	assert_string_equal(p->comm, "vmahelper");
	assert_int_equal(p->ppid, getpid());
	assert_int_equal(p->uid, geteuid());
	assert_true(p->start_time > 0);
	assert_int_equal(snap.scanned, 1);
	assert_int_equal(snap.total_vmas, c);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
	helper_stop(&h);
	helper_stop(&base);
}

static void test_exact_0(void **state) { (void)state; check_exact(0); }
static void test_exact_1(void **state) { (void)state; check_exact(1); }
static void test_exact_1000(void **state) { (void)state; check_exact(1000); }
static void test_exact_50000(void **state) { (void)state; check_exact(50000); }

/* A helper that grows until mprotect fails with ENOMEM sits at >= 100%. */
static void test_grow_to_enomem(void **state)
{
	(void)state;
	int err;
	long limit = vt_read_max_map_count(NULL, &err);
	assert_true(limit > 0);
	if (limit > 2000000) {
		print_message("skipped: vm.max_map_count %ld is too high to fill in a test\n", limit);
		skip();
	}
	helper h;
	assert_int_equal(helper_start(&h, (const char *[]){ "--grow", NULL }), 0);
	assert_true(h.enomem > 0);
	vt_scanner *sc = text_scanner();
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	long c = scan_count(sc, h.pid, &snap);
	assert_true(c >= limit);
	assert_int_equal(snap.max_map_count, limit);
	assert_true(vt_percent(c, snap.max_map_count) >= 100.0);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
	helper_stop(&h);
}

/* Helpers exiting while we scan: every scan succeeds, a stable helper stays exact. */
static void test_vanishing_mid_scan(void **state)
{
	(void)state;
	enum { N = 40 };
	helper stable, base, brief[N];
	assert_int_equal(helper_start(&base, (const char *[]){ "--vmas", "0", NULL }), 0);
	assert_int_equal(helper_start(&stable, (const char *[]){ "--vmas", "300", NULL }), 0);
	vt_scanner *sc = text_scanner();
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	long b = scan_count(sc, base.pid, &snap);
	for (int i = 0; i < N; i++) {
		char ms[16];
		snprintf(ms, sizeof(ms), "%d", (i * 7) % 200);
		assert_int_equal(helper_start(&brief[i], (const char *[]){ "--vmas", "2000", "--exit-after", ms, NULL }), 0);
	}
	for (int round = 0; round < 30; round++) {
		char *cause = NULL;
		assert_int_equal(vt_scanner_scan(sc, NULL, &snap, &cause), 0);
		const vt_proc *p = vt_snapshot_find(&snap, stable.pid);
		assert_non_null(p);
		assert_int_equal(p->vmas, b + 300);
		for (size_t i = 0; i < snap.nprocs; i++)
			assert_true(snap.procs[i].vmas >= 0 || snap.procs[i].vmas == VT_UNKNOWN);
		for (int i = 0; i < N; i++) {
			/* reap the ones that exited so they do not linger as zombies */
			if (brief[i].pid > 0 && waitpid(brief[i].pid, NULL, WNOHANG) == brief[i].pid)
				brief[i].pid = 0;
		}
		usleep(10000);
	}
	for (int i = 0; i < N; i++)
		helper_stop(&brief[i]);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
	helper_stop(&stable);
	helper_stop(&base);
}

/* Another user's maps are unknown (VT_UNKNOWN, never 0) and counted as unreadable. */
static void test_unreadable_is_unknown(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		print_message("skipped: needs root to scan as another user\n");
		skip();
	}
	helper h;
	assert_int_equal(helper_start(&h, (const char *[]){ "--vmas", "10", NULL }), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(10);
		char *cause = NULL;
		vt_scanner *sc = vt_scanner_new(NULL, VT_BACKEND_TEXT, &cause);
		if (!sc)
			_exit(11);
		vt_snapshot snap;
		vt_snapshot_init(&snap);
		vt_filter f = { .pids = &h.pid, .npids = 1 };
		if (vt_scanner_scan(sc, &f, &snap, &cause) < 0)
			_exit(12);
		const vt_proc *p = vt_snapshot_find(&snap, h.pid);
		if (!p)
			_exit(13);
		if (p->vmas != VT_UNKNOWN)
			_exit(14);
		if (snap.unreadable != 1 || snap.total_vmas != 0)
			_exit(15);
		_exit(0);
	}
	int st;
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	helper_stop(&h);
}

/* Kernel threads: hidden by default; listed with 0 VMAs when asked for. */
static void test_kernel_threads(void **state)
{
	(void)state;
	vt_scanner *sc = text_scanner();
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	char *cause = NULL;
	vt_filter f = { 0 };
	assert_int_equal(vt_scanner_scan(sc, &f, &snap, &cause), 0);
	assert_non_null(vt_snapshot_find(&snap, getpid()));
	for (size_t i = 0; i < snap.nprocs; i++)
		assert_false(snap.procs[i].kthread);
	f.show_kthreads = true;
	assert_int_equal(vt_scanner_scan(sc, &f, &snap, &cause), 0);
	int kthreads = 0;
	for (size_t i = 0; i < snap.nprocs; i++) {
		if (snap.procs[i].kthread) {
			kthreads++;
			assert_int_equal(snap.procs[i].vmas, 0);
		}
	}
	if (access("/proc/2/stat", R_OK) == 0 && kthreads == 0)
		print_message("note: no kernel threads visible (container?)\n");
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
}

/* -u: only the processes of one effective uid. */
static void test_user_filter(void **state)
{
	(void)state;
	vt_scanner *sc = text_scanner();
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	char *cause = NULL;
	vt_filter f = { .by_uid = true, .uid = geteuid() };
	assert_int_equal(vt_scanner_scan(sc, &f, &snap, &cause), 0);
	assert_non_null(vt_snapshot_find(&snap, getpid()));
	for (size_t i = 0; i < snap.nprocs; i++)
		assert_int_equal(snap.procs[i].uid, geteuid());
	f.uid = 4000000;                      /* nobody runs as this uid */
	assert_int_equal(vt_scanner_scan(sc, &f, &snap, &cause), 0);
	assert_int_equal(snap.nprocs, 0);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_0),
		cmocka_unit_test(test_exact_1),
		cmocka_unit_test(test_exact_1000),
		cmocka_unit_test(test_exact_50000),
		cmocka_unit_test(test_grow_to_enomem),
		cmocka_unit_test(test_vanishing_mid_scan),
		cmocka_unit_test(test_unreadable_is_unknown),
		cmocka_unit_test(test_kernel_threads),
		cmocka_unit_test(test_user_filter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
