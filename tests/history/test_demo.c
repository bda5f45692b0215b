/* The demo child through its API: ENOMEM at the kernel's limit, a restart
 * with everything released, a second climb, stop = killed and reaped. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "vmatop/count.h"
#include "vmatop/demo.h"
#include "vmatop/sysvm.h"

#define WAIT_MS 120000     /* a bound for a broken child, not a speed check */

static long limit_now(void)
{
	int err = 0;
	long v = vt_read_max_map_count(NULL, &err);
	assert_true(v > 0);
	return v;
}

static long count_of(pid_t pid)
{
	static char buf[1 << 16];
	char path[64];
	int err = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	long n = vt_count_maps_fd(fd, buf, sizeof(buf), &err);
	close(fd);
	return n;
}

static bool proc_exists(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return access(path, F_OK) == 0;
}

/* The next event (waiting on the fd); fails the test after WAIT_MS. */
static vt_demo_event next_event(vt_demo *d)
{
	vt_demo_event ev;
	for (int waited = 0; waited < WAIT_MS; waited += 100) {
		if (vt_demo_poll(d, &ev) > 0)
			return ev;
		struct pollfd p = { .fd = vt_demo_fd(d), .events = POLLIN };
		assert_true(p.fd >= 0);
		poll(&p, 1, 100);
	}
	fail_msg("no event from the demo child");
	return ev;
}

static void test_climb_restart_stop(void **state)
{
	(void)state;
	vt_demo d;
	char *cause = NULL;
	long limit = limit_now();
	assert_int_equal(vt_demo_start(200000, &d, &cause), 0);
	assert_null(cause);
	pid_t pid = d.pid;
	assert_true(pid > 0);
	assert_true(vt_demo_running(&d));
	assert_true(vt_demo_fd(&d) >= 0);
	assert_true(fcntl(vt_demo_fd(&d), F_GETFL) & O_NONBLOCK);

	vt_demo_event ev = next_event(&d);
	assert_int_equal(ev.kind, VT_DEMO_ENOMEM);
	assert_int_equal(ev.cycle, 1);
	assert_true(ev.count >= limit);
	assert_true(ev.added > 0 && ev.added < ev.count);
	assert_true(count_of(pid) >= limit);            /* held: the kernel agrees */

	ev = next_event(&d);
	assert_int_equal(ev.kind, VT_DEMO_RESTART);
	assert_int_equal(ev.cycle, 2);
	assert_true(count_of(pid) < limit);             /* everything released */
	assert_int_equal(d.pid, pid);                   /* same process, new climb */

	ev = next_event(&d);
	assert_int_equal(ev.kind, VT_DEMO_ENOMEM);
	assert_int_equal(ev.cycle, 2);
	assert_true(ev.count >= limit);

	vt_demo_stop(&d);
	assert_false(vt_demo_running(&d));
	assert_int_equal(vt_demo_fd(&d), -1);
	assert_false(proc_exists(pid));                 /* killed and reaped */
	assert_int_equal(vt_demo_poll(&d, &ev), 0);
	vt_demo_stop(&d);                               /* idempotent */
}

/* Killed from outside: the parent learns it from the pipe and reaps it. */
static void test_child_killed(void **state)
{
	(void)state;
	vt_demo d;
	char *cause = NULL;
	assert_int_equal(vt_demo_start(10, &d, &cause), 0);
	pid_t pid = d.pid;
	assert_int_equal(kill(pid, SIGKILL), 0);
	vt_demo_event ev = next_event(&d);
	assert_int_equal(ev.kind, VT_DEMO_EXITED);
	assert_true(WIFSIGNALED(ev.status));
	assert_int_equal(WTERMSIG(ev.status), SIGKILL);
	assert_false(vt_demo_running(&d));
	assert_false(proc_exists(pid));
	vt_demo_stop(&d);
}

/* The child's identity as the views will show it. */
static void test_child_identity(void **state)
{
	(void)state;
	vt_demo d;
	char *cause = NULL, path[64], comm[32] = "";
	assert_int_equal(vt_demo_start(VT_DEMO_DEFAULT_RATE, &d, &cause), 0);
	assert_int_equal(d.rate, VT_DEMO_DEFAULT_RATE);
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)d.pid);
	FILE *f = NULL;
	/* The name is set right after fork: wait for it without a time limit test. */
	for (int i = 0; i < WAIT_MS / 10; i++) {
		f = fopen(path, "r");
		assert_non_null(f);
		assert_non_null(fgets(comm, sizeof(comm), f));
		fclose(f);
		if (strcmp(comm, VT_DEMO_COMM "\n") == 0)
			break;
		usleep(10000);
	}
	assert_string_equal(comm, VT_DEMO_COMM "\n");
	pid_t pid = d.pid;
	vt_demo_stop(&d);
	assert_false(proc_exists(pid));
}

/* exit() with a child still running: the atexit() safety net reaps it.  We
 * are a subreaper, so a child left unreaped would stay as our zombie. */
static void test_atexit_reaps(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	assert_int_equal(pipe(p), 0);
	pid_t runner = fork();
	assert_true(runner >= 0);
	if (runner == 0) {
		vt_demo d;
		char *cause = NULL;
		if (vt_demo_start(10, &d, &cause) < 0)
			_exit(3);
		if (write(p[1], &d.pid, sizeof(d.pid)) != sizeof(d.pid))
			_exit(4);
		exit(0);
	}
	close(p[1]);
	pid_t child = 0;
	assert_int_equal(read(p[0], &child, sizeof(child)), (ssize_t)sizeof(child));
	close(p[0]);
	int st = 0;
	assert_int_equal(waitpid(runner, &st, 0), runner);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_false(proc_exists(child));   /* reaped by the runner before it exited */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* tests/maps/million.sh raises vm.max_map_count for a moment under an
 * exclusive lock: hold it shared so the limit stays the machine's. */
static void lock_limit(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/vmatop-max-map-count.lock", dir ? dir : "/tmp");
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd >= 0)
		flock(fd, LOCK_SH);     /* kept open (and locked) until exit */
}

int main(void)
{
	lock_limit();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_climb_restart_stop),
		cmocka_unit_test(test_child_killed),
		cmocka_unit_test(test_child_identity),
		cmocka_unit_test(test_atexit_reaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
