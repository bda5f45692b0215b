/* Integration: the BPF backend against the text backend, the kernel as the
 * oracle.  For helper processes with known counts and for every process that
 * did not change while we looked (text before == text after), the BPF count
 * must equal the text count exactly, and must come from the iterator's table
 * (vt_backend_bpf_recorded), not from the maps fallback.  Exits 77 (skip)
 * with the reason when BPF cannot be used here (not built, not root, no BTF). */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "backend-private.h"
#include "spawn.h"
#include "vmatop/count.h"

#define PF_KTHREAD 0x00200000UL
#define MAX_PIDS 65536

struct backends {
	vt_backend *text;
	vt_backend *bpf;
};

/* One text pass over every pid in /proc: counts[i] is -1 when unreadable. */
struct pass {
	pid_t pids[MAX_PIDS];
	long counts[MAX_PIDS];
	size_t n;
};

static long text_count(struct backends *b, pid_t pid)
{
	int err = 0;
	return b->text->ops->count(b->text, pid, &err);
}

static void bpf_begin(struct backends *b)
{
	char *cause = NULL;
	if (b->bpf->ops->begin(b->bpf, &cause) < 0)
		fail_msg("bpf begin: %s", cause);
}

/* The BPF backend's count of pid (maps fallback included), or -1 with *err. */
static long bpf_count(struct backends *b, pid_t pid, int *err)
{
	*err = 0;
	return b->bpf->ops->count(b->bpf, pid, err);
}

/* Only what the iterator recorded, or -1 with *err (ENOENT: not reported). */
static long bpf_recorded(struct backends *b, pid_t pid, int *err)
{
	*err = 0;
	return vt_backend_bpf_recorded(b->bpf, pid, err);
}

/* The flags field (9th) of /proc/PID/stat, after the parenthesised comm. */
static int proc_flags(pid_t pid, unsigned long *flags)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	return p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %lu", flags) == 1 ? 0 : -1;
}

static int is_kthread(pid_t pid)
{
	unsigned long flags = 0;
	return proc_flags(pid, &flags) == 0 && (flags & PF_KTHREAD) != 0;
}

static void text_pass(struct backends *b, const struct pass *pids, long *counts)
{
	for (size_t i = 0; i < pids->n; i++)
		counts[i] = text_count(b, pids->pids[i]);
}

static void list_pids(struct pass *p)
{
	DIR *d = opendir("/proc");
	assert_non_null(d);
	struct dirent *e;
	p->n = 0;
	while ((e = readdir(d)) != NULL && p->n < MAX_PIDS) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end == '\0' && pid > 0)
			p->pids[p->n++] = (pid_t)pid;
	}
	closedir(d);
}

static int setup(void **state)
{
	char *cause = NULL;
	struct backends *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	b->text = vt_backend_open(VT_BACKEND_TEXT, NULL, &cause);
	b->bpf = vt_backend_open(VT_BACKEND_BPF, NULL, &cause);
	if (!b->text || !b->bpf) {
		fprintf(stderr, "setup: %s\n", cause ? cause : "?");
		free(cause);
		return -1;
	}
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct backends *b = *state;
	vt_backend_close(b->text);
	vt_backend_close(b->bpf);
	free(b);
	return 0;
}

/* text, bpf, text for one helper: all three equal; returns the count. */
static long agreed_count(struct backends *b, pid_t pid)
{
	int err;
	long t1 = text_count(b, pid);
	bpf_begin(b);
	long c = bpf_recorded(b, pid, &err);
	long t2 = text_count(b, pid);
	assert_true(t1 > 0);
	assert_int_equal(t1, t2);
	if (c != t1)
		fail_msg("pid %d: bpf recorded %ld (err %d), text %ld", (int)pid, c, err, t1);
	assert_int_equal(bpf_count(b, pid, &err), c);
	return c;
}

static void test_helpers_exact(void **state)
{
	static const long ns[] = { 0, 1, 2, 1000, 50000 };
	struct backends *b = *state;
	long base = -1;
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char arg[32];
		helper h;
		snprintf(arg, sizeof(arg), "%ld", ns[i]);
		assert_int_equal(helper_start(&h, (const char *[]){ "--vmas", arg, NULL }), 0);
		assert_int_equal(h.added, ns[i]);
		long c = agreed_count(b, h.pid);
		helper_stop(&h);
		if (ns[i] == 0)
			base = c;
		else if (c != base + ns[i])
			fail_msg("--vmas %ld: bpf %ld, expected %ld + %ld", ns[i], c, base, ns[i]);
	}
}

/* Compare every process that was readable and unchanged across the BPF pass.
 * All must be in the iterator's table, except pid 1: some kernels' task
 * iterators do not visit the init process (seen in a Firecracker VM); the
 * backend then counts it from maps, which must agree as well. */
static size_t compare_stable(struct backends *b, const struct pass *p, const long *before)
{
	size_t compared = 0;
	for (size_t i = 0; i < p->n; i++) {
		pid_t pid = p->pids[i];
		long t2 = text_count(b, pid);
		if (before[i] < 0 || t2 != before[i] || is_kthread(pid))
			continue;
		int err;
		long c = bpf_recorded(b, pid, &err);
		if (c < 0 && err == ENOENT && pid == 1) {
			printf("pid 1 is not visited by the task iterator: counted from maps\n");
			c = bpf_count(b, pid, &err);
		}
		if (c != t2)
			fail_msg("pid %d: bpf %ld (err %d), text %ld twice", (int)pid, c, err, t2);
		assert_int_equal(bpf_count(b, pid, &err), c);
		compared++;
	}
	return compared;
}

static void test_all_stable_processes(void **state)
{
	struct backends *b = *state;
	helper h;
	assert_int_equal(helper_start(&h, (const char *[]){ "--vmas", "777", NULL }), 0);
	struct pass *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	list_pids(p);
	text_pass(b, p, p->counts);
	bpf_begin(b);
	size_t compared = compare_stable(b, p, p->counts);
	printf("compared %zu of %zu processes\n", compared, p->n);
	int err;
	assert_int_equal(bpf_recorded(b, h.pid, &err), text_count(b, h.pid));
	assert_true(compared >= 2);      /* at least the helper and its parent */
	free(p);
	helper_stop(&h);
}

/* A process that appears after begin() is not in the table until the next
 * begin(); meanwhile it is counted from maps, exactly.  One that is gone is
 * ENOENT, so the scanner drops it like any vanished process. */
static void test_raced_processes(void **state)
{
	struct backends *b = *state;
	helper h;
	int err;
	bpf_begin(b);
	assert_int_equal(helper_start(&h, (const char *[]){ "--vmas", "10", NULL }), 0);
	assert_int_equal(bpf_recorded(b, h.pid, &err), -1);
	assert_int_equal(err, ENOENT);
	long t = text_count(b, h.pid);
	assert_true(t > 10);
	assert_int_equal(bpf_count(b, h.pid, &err), t);
	bpf_begin(b);
	assert_int_equal(bpf_recorded(b, h.pid, &err), t);
	pid_t gone = h.pid;
	helper_stop(&h);
	assert_int_equal(bpf_recorded(b, gone, &err), t);   /* the table is per pass */
	assert_int_equal(text_count(b, gone), -1);
	bpf_begin(b);
	assert_int_equal(bpf_recorded(b, gone, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_int_equal(bpf_count(b, gone, &err), -1);
	assert_int_equal(err, ENOENT);
}

static void *thread_report_tid(void *arg)
{
	pid_t *tid = arg;
	__atomic_store_n(tid, gettid(), __ATOMIC_SEQ_CST);
	pause();
	return NULL;
}

/* Threads are not processes: a non-leader tid is not in the BPF table, even
 * though /proc/TID/maps exists; the process itself is. */
static void test_threads_not_counted(void **state)
{
	struct backends *b = *state;
	pthread_t t;
	pid_t tid = 0;
	int err;
	assert_int_equal(pthread_create(&t, NULL, thread_report_tid, &tid), 0);
	while (__atomic_load_n(&tid, __ATOMIC_SEQ_CST) == 0)
		sched_yield();
	bpf_begin(b);
	assert_int_equal(bpf_recorded(b, tid, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_true(bpf_recorded(b, getpid(), &err) > 0);
	pthread_cancel(t);
	pthread_join(t, NULL);
}

/* Kernel threads have no mm: not in the table (the scanner never asks). */
static void test_kthreads_absent(void **state)
{
	struct backends *b = *state;
	struct pass *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	list_pids(p);
	size_t seen = 0;
	bpf_begin(b);
	for (size_t i = 0; i < p->n; i++) {
		int err;
		if (!is_kthread(p->pids[i]))
			continue;
		if (bpf_recorded(b, p->pids[i], &err) != -1 || err != ENOENT)
			fail_msg("kernel thread %d is in the BPF table", (int)p->pids[i]);
		seen++;
	}
	free(p);
	if (seen == 0)
		skip();                      /* no kernel threads visible here */
}

static void wait_zombie(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	for (int i = 0; i < 2000; i++) {
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = '\0';
		const char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'Z')
			return;
		usleep(1000);
	}
	fail_msg("child %d did not become a zombie", (int)pid);
}

/* A zombie has no mm and an empty maps file: both backends say 0. */
static void test_zombie_zero(void **state)
{
	struct backends *b = *state;
	int err;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	wait_zombie(pid);
	assert_int_equal(text_count(b, pid), 0);
	bpf_begin(b);
	assert_int_equal(bpf_recorded(b, pid, &err), 0);
	assert_int_equal(bpf_count(b, pid, &err), 0);
	waitpid(pid, NULL, 0);
}

/* The BPF backend counts the live system only: a fixture proc root is refused. */
static void test_refuses_other_proc_root(void **state)
{
	(void)state;
	char *cause = NULL;
	assert_null(vt_backend_open(VT_BACKEND_BPF, "/tmp", &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/tmp"));
	free(cause);
	vt_backend *b = vt_backend_open(VT_BACKEND_AUTO, "/tmp", &cause);
	assert_non_null(b);
	assert_string_equal(vt_backend_name(b), "text");
	int err = 0;
	assert_int_equal(vt_backend_bpf_recorded(b, getpid(), &err), -1);
	assert_int_equal(err, EINVAL);
	vt_backend_close(b);
}

/* 1 when BPF loads; 0 (skip) when it cannot here: not built in, not
 * permitted, no BTF; -1 (fail) when root with everything and it still fails. */
static int bpf_usable(void)
{
	char *cause = NULL;
	vt_backend *b = vt_backend_open(VT_BACKEND_BPF, NULL, &cause);
	if (b) {
		vt_backend_close(b);
		return 1;
	}
	const char *why = cause ? cause : "?";
	int skip = strstr(vt_backends_compiled(), "bpf") == NULL || geteuid() != 0 ||
		   strstr(why, "not permitted") || strstr(why, "kernel BTF");
	printf("%s: BPF backend not usable: %s\n", skip ? "SKIP" : "FAIL", why);
	free(cause);
	return skip ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers_exact),
		cmocka_unit_test(test_all_stable_processes),
		cmocka_unit_test(test_raced_processes),
		cmocka_unit_test(test_threads_not_counted),
		cmocka_unit_test(test_kthreads_absent),
		cmocka_unit_test(test_zombie_zero),
		cmocka_unit_test(test_refuses_other_proc_root),
	};
	int usable = bpf_usable();
	if (usable <= 0)
		return usable == 0 ? 77 : 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
