/* Integration: the BPF scan (snapshot from the task iterator's records,
 * src/scan_bpf.c) against the text scan (libproc2) and /proc itself, for
 * helper processes: pid, ppid, uid, state, comm, cmdline, start time,
 * threads and count must be the same.  An exec and a reused pid must show
 * the new cmdline, not the cached one.  Exits 77 (skip) with the reason
 * when BPF cannot be used here. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"
#include "vmatop/scan.h"

struct scanners {
	vt_scanner *text, *bpf;
	vt_snapshot ts, bs;
};

static void scan(vt_scanner *sc, vt_snapshot *s)
{
	char *cause = NULL;
	vt_filter f = { 0 };
	if (vt_scanner_scan(sc, &f, s, &cause) < 0)
		fail_msg("scan: %s", cause);
}

/* /proc/PID/stat: ppid (4), state (3), threads (20), start time (22). */
static void proc_stat(pid_t pid, pid_t *ppid, char *state, int *threads, unsigned long long *start)
{
	char path[64], buf[2048];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	assert_non_null(p);
	assert_int_equal(sscanf(p + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %d %*d %llu",
				state, ppid, threads, start), 4);
}

static void assert_same(const vt_proc *t, const vt_proc *b)
{
	assert_non_null(t);
	assert_non_null(b);
	assert_int_equal(b->pid, t->pid);
	assert_int_equal(b->ppid, t->ppid);
	assert_int_equal(b->uid, t->uid);
	assert_string_equal(b->user, t->user);
	assert_int_equal(b->state, t->state);
	assert_string_equal(b->comm, t->comm);
	assert_string_equal(b->cmdline, t->cmdline);
	assert_int_equal(b->start_time, t->start_time);
	assert_int_equal(b->threads, t->threads);
	assert_int_equal(b->vmas, t->vmas);
	assert_int_equal(b->kthread, t->kthread);
	assert_int_equal(b->flags & VT_PROC_LEADER_EXITED, t->flags & VT_PROC_LEADER_EXITED);
	assert_string_equal(b->cg.path ? b->cg.path : "", t->cg.path ? t->cg.path : "");
	/* An exited leader's sizes: text reads the zombie's (0), BPF the live
	 * thread's mm, like the count. */
	if (!(t->flags & VT_PROC_LEADER_EXITED))
		assert_int_equal(b->vsz_kb, t->vsz_kb);
}

/* Both scans and /proc agree on h (scanned twice: from the cache too). */
static void check_helper(struct scanners *s, pid_t pid, int threads, long vmas)
{
	for (int round = 0; round < 2; round++) {
		scan(s->text, &s->ts);
		scan(s->bpf, &s->bs);
		const vt_proc *t = vt_snapshot_find(&s->ts, pid), *b = vt_snapshot_find(&s->bs, pid);
		assert_same(t, b);
		pid_t ppid;
		char state;
		int nlwp;
		unsigned long long start;
		proc_stat(pid, &ppid, &state, &nlwp, &start);
		assert_int_equal(b->ppid, ppid);
		assert_int_equal(b->ppid, getpid());
		assert_int_equal(b->uid, geteuid());
		assert_int_equal(b->start_time, start);
		assert_int_equal(b->threads, nlwp);
		if (threads > 0)
			assert_int_equal(b->threads, threads);
		if (vmas >= 0)
			assert_int_equal(b->vmas, vmas);
	}
}

static void test_helper_fields(void **state)
{
	struct scanners *s = *state;
	helper base, big;
	const char *a0[] = { "--vmas", "0", "--name", "vt-scan-base", NULL };
	const char *a1[] = { "--vmas", "700", "--threads", "3", "--name", "vt-scan-big", NULL };
	assert_int_equal(helper_start(&base, a0), 0);
	assert_int_equal(helper_start(&big, a1), 0);
	scan(s->text, &s->ts);
	long v0 = vt_snapshot_find(&s->ts, base.pid)->vmas;
	check_helper(s, big.pid, 4, -1);
	const vt_proc *b = vt_snapshot_find(&s->bs, big.pid);
	/* 3 thread stacks (and their guard pages) besides the 700 */
	assert_true(b->vmas >= v0 + 700);
	assert_string_equal(b->comm, "vt-scan-big");
	helper_stop(&base);
	helper_stop(&big);
}

static void test_leader_exited(void **state)
{
	struct scanners *s = *state;
	helper h;
	const char *a[] = { "--vmas", "300", "--leader-exit", NULL };
	assert_int_equal(helper_start(&h, a), 0);
	check_helper(s, h.pid, 0, -1);
	const vt_proc *b = vt_snapshot_find(&s->bs, h.pid);
	assert_true(b->flags & VT_PROC_LEADER_EXITED);
	assert_true(b->vmas >= 300);
	assert_string_equal(b->cmdline, "");
	helper_stop(&h);
}

/* A child that waits on a pipe, then execs vmahelper with new arguments:
 * same pid and start time, another cmdline. */
static void test_exec_new_cmdline(void **state)
{
	struct scanners *s = *state;
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char c;
		close(go[1]);
		close(ready[0]);
		dup2(ready[1], 1);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		execl(VMAHELPER, VMAHELPER, "--vmas", "5", "--name", "vt-after-exec", (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	close(ready[1]);
	scan(s->bpf, &s->bs);
	const vt_proc *b = vt_snapshot_find(&s->bs, pid);
	assert_non_null(b);
	char *before = strdup(b->cmdline);
	assert_null(strstr(before, "vt-after-exec"));
	assert_int_equal(write(go[1], "x", 1), 1);
	char line[128];
	FILE *f = fdopen(ready[0], "r");
	assert_non_null(fgets(line, sizeof(line), f));     /* READY: exec'd */
	check_helper(s, pid, 1, -1);
	b = vt_snapshot_find(&s->bs, pid);
	assert_non_null(strstr(b->cmdline, "--name vt-after-exec"));
	assert_string_equal(b->comm, "vt-after-exec");
	free(before);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	fclose(f);
	close(go[1]);
}

/* An argument with a newline, a tab, an escape and invalid UTF-8: both
 * scans give the same command line, a newline as a space (libproc2's rule)
 * and every other byte raw. */
static void test_hostile_cmdline(void **state)
{
	struct scanners *s = *state;
	helper h;
	const char *a[] = { "--vmas", "0", "--arg", "a\nb\tc\033[31md\xff\n", "--arg", "\n", NULL };
	assert_int_equal(helper_start(&h, a), 0);
	check_helper(s, h.pid, 1, -1);
	const vt_proc *b = vt_snapshot_find(&s->bs, h.pid);
	assert_non_null(strstr(b->cmdline, " --arg a b\tc\033[31md\xff  --arg  "));
	assert_null(strchr(b->cmdline, '\n'));
	helper_stop(&h);
}

/* Start a helper named name at exactly pid (ns_last_pid); 0 when another
 * process took it first. */
static pid_t start_at(pid_t want, const char *name)
{
	for (int tries = 0; tries < 50; tries++) {
		int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
		if (fd < 0)
			return 0;
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d", (int)want - 1);
		ssize_t w = write(fd, buf, (size_t)n);
		close(fd);
		if (w != n)
			return 0;
		helper h;
		const char *a[] = { "--vmas", "0", "--name", name, NULL };
		if (helper_start(&h, a) < 0)
			return 0;
		if (h.pid == want)
			return h.pid;
		helper_stop(&h);
	}
	return 0;
}

static void test_reused_pid(void **state)
{
	struct scanners *s = *state;
	helper h;
	const char *a[] = { "--vmas", "0", "--name", "vt-old-name", NULL };
	assert_int_equal(helper_start(&h, a), 0);
	pid_t pid = h.pid;
	scan(s->bpf, &s->bs);
	assert_non_null(strstr(vt_snapshot_find(&s->bs, pid)->cmdline, "vt-old-name"));
	helper_stop(&h);
	usleep(20000);                     /* start times differ by at least a tick */
	pid_t again = start_at(pid, "vt-new-name");
	if (!again) {
		printf("SKIP part: could not get pid %d again (ns_last_pid)\n", (int)pid);
		return;
	}
	check_helper(s, pid, 1, -1);
	const vt_proc *b = vt_snapshot_find(&s->bs, pid);
	assert_non_null(strstr(b->cmdline, "vt-new-name"));
	assert_null(strstr(b->cmdline, "vt-old-name"));
	helper hh = { .pid = again };
	helper_stop(&hh);
}

/* /proc/PID/comm without its newline; false when gone. */
static bool raw_comm(pid_t pid, char *buf, size_t sz)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sz - 1, f);
	fclose(f);
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return n > 0;
}

/* Every process of both scans that did not change between them agrees. */
static void test_all_stable(void **state)
{
	struct scanners *s = *state;
	vt_snapshot t2;
	vt_snapshot_init(&t2);
	scan(s->text, &s->ts);
	scan(s->bpf, &s->bs);
	scan(s->text, &t2);
	size_t same = 0;
	for (size_t i = 0; i < s->ts.nprocs; i++) {
		const vt_proc *t = &s->ts.procs[i];
		const vt_proc *t2p = vt_snapshot_find(&t2, t->pid);
		const vt_proc *b = vt_snapshot_find(&s->bs, t->pid);
		if (!t2p || !b || t2p->start_time != t->start_time || t2p->vmas != t->vmas ||
		    t2p->state != t->state || strcmp(t2p->cmdline, t->cmdline) != 0 ||
		    t->state == 'R' || b->state == 'R' || t->vmas == VT_UNKNOWN)
			continue;
		assert_int_equal(b->start_time, t->start_time);
		assert_int_equal(b->ppid, t->ppid);
		assert_int_equal(b->uid, t->uid);
		/* libproc2 may replace a control byte of comm with '.', which the
		 * text scan cannot undo: then the kernel's raw name is the oracle. */
		char raw[64];
		if (strcmp(b->comm, t->comm) != 0 && raw_comm(t->pid, raw, sizeof(raw)))
			assert_string_equal(b->comm, raw);
		else
			assert_string_equal(b->comm, t->comm);
		assert_string_equal(b->cmdline, t->cmdline);
		assert_int_equal(b->threads, t->threads);
		assert_int_equal(b->vmas, t->vmas);
		same++;
	}
	assert_true(same > 0);
	vt_snapshot_free(&t2);
}

static int setup(void **state)
{
	char *cause = NULL;
	struct scanners *s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->text = vt_scanner_new(NULL, VT_BACKEND_TEXT, &cause);
	s->bpf = vt_scanner_new(NULL, VT_BACKEND_BPF, &cause);
	if (!s->text || !s->bpf) {
		fprintf(stderr, "setup: %s\n", cause ? cause : "?");
		return -1;
	}
	vt_snapshot_init(&s->ts);
	vt_snapshot_init(&s->bs);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scanners *s = *state;
	vt_snapshot_free(&s->ts);
	vt_snapshot_free(&s->bs);
	vt_scanner_free(s->text);
	vt_scanner_free(s->bpf);
	free(s);
	return 0;
}

int main(void)
{
	char *cause = NULL;
	vt_scanner *sc = vt_scanner_new(NULL, VT_BACKEND_BPF, &cause);
	if (!sc) {
		printf("SKIP: BPF backend not usable: %s\n", cause ? cause : "?");
		free(cause);
		return 77;
	}
	vt_scanner_free(sc);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helper_fields),
		cmocka_unit_test(test_leader_exited),
		cmocka_unit_test(test_exec_new_cmdline),
		cmocka_unit_test(test_hostile_cmdline),
		cmocka_unit_test(test_reused_pid),
		cmocka_unit_test(test_all_stable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
