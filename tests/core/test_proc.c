/* Integration tests: a process's identity checked right before acting on it
 * (vt_proc_start_time, vt_proc_signal_checked), against real children: the
 * kernel is the oracle (field 22 of /proc/PID/stat, read here by hand). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "vmatop/proc.h"

/* A child that waits for a signal, with a comm holding ") " and digits. */
static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_NAME, "x) 1 2 (y", 0, 0, 0);   /* the fields must survive this comm */
		for (;;)
			pause();
	}
	char path[64], comm[32] = "";
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	for (int i = 0; i < 400 && strcmp(comm, "x) 1 2 (y\n") != 0; i++) {
		FILE *f = fopen(path, "r");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = '\0';
			fclose(f);
		}
		usleep(5000);
	}
	assert_string_equal(comm, "x) 1 2 (y\n");
	return pid;
}

static unsigned long long stat_field22(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	assert_non_null(p);
	unsigned long long st = 0;
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
				"%*d %*d %*d %*d %llu", &st), 1);
	return st;
}

static void test_start_time(void **state)
{
	(void)state;
	pid_t pid = spawn_sleeper();
	unsigned long long st = vt_proc_start_time(NULL, pid);
	assert_true(st > 0);
	assert_int_equal(st, stat_field22(pid));
	assert_int_equal(vt_proc_start_time(NULL, getpid()), stat_field22(getpid()));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(vt_proc_start_time(NULL, pid), 0);     /* reaped: gone */
	assert_int_equal(vt_proc_start_time(FIXTURES "/no-such-root", 1), 0);
}

static void test_signal_checked(void **state)
{
	(void)state;
	int status;
	pid_t pid = spawn_sleeper();
	unsigned long long st = vt_proc_start_time(NULL, pid);

	/* another start time: another process now; nothing is sent */
	errno = 0;
	assert_int_equal(vt_proc_signal_checked(pid, st + 1, SIGKILL), -1);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);    /* still running */

	/* the same process: sent */
	assert_int_equal(vt_proc_signal_checked(pid, st, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);

	/* gone */
	errno = 0;
	assert_int_equal(vt_proc_signal_checked(pid, st, SIGTERM), -1);
	assert_int_equal(errno, ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_time),
		cmocka_unit_test(test_signal_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
