/* Integration: the ENOMEM catcher against the kernel.  Helpers this test
 * starts fail on purpose, and the events of their pids must say exactly what
 * happened: a helper grown to vm.max_map_count fails an mprotect (a split)
 * at map_count == limit and then an mmap at limit + 1, both cause
 * max_map_count; a helper under a small RLIMIT_AS fails a 256 MiB mmap and a
 * 256 MiB brk with its count unchanged, both cause memory.  Other processes'
 * events (other tests grow helpers to the limit at the same time) are
 * ignored by pid.  Exits 77 with the reason when BPF cannot be used here and
 * this is not root; as root with BPF built in, it must run. */
#include <errno.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"
#include "vmatop/events.h"
#include "vmatop/sysvm.h"

#define MAX_KEPT 16
#define ASK (256L << 20)

typedef struct caught {
	pid_t pid;              /* only this process's events (0: all) */
	vt_event ev[MAX_KEPT];
	size_t n;
} caught;

static vt_events *catcher;

static void keep(const vt_event *ev, void *arg)
{
	caught *c = arg;
	if ((c->pid == 0 || ev->pid == c->pid) && c->n < MAX_KEPT)
		c->ev[c->n++] = *ev;
}

/* Everything already queued, then a little more for stragglers. */
static void drain(caught *c, size_t want)
{
	for (int i = 0; i < 50 && c->n < want; i++)
		assert_true(vt_events_poll(catcher, 100, keep, c) >= 0);
	assert_true(vt_events_poll(catcher, 0, keep, c) >= 0);
}

static long kernel_count(pid_t pid)
{
	char path[64], line[4096];
	long n = 0;
	int vsyscall = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		n++;
		vsyscall = strstr(line, "[vsyscall]") != NULL;
	}
	fclose(f);
	return n - vsyscall;
}

/* Field 22 of /proc/PID/stat: the start time in clock ticks. */
static uint64_t start_time(pid_t pid)
{
	char path[64], buf[2048];
	unsigned long long st = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	char *p = strrchr(buf, ')');
	assert_non_null(p);
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &st), 1);
	return st;
}

static void assert_common(const vt_event *ev, pid_t pid, uint64_t start, int64_t before_ns)
{
	int64_t now = (int64_t)time(NULL) * 1000000000LL;
	assert_int_equal(ev->pid, pid);
	assert_int_equal(ev->tid, pid);                /* the helper is single-threaded */
	assert_string_equal(ev->comm, "vmahelper");
	assert_int_equal(ev->start_time, start);
	assert_true(ev->time_ns >= before_ns - 1000000000LL && ev->time_ns <= now + 1000000000LL);
	assert_true(ev->cgroup[0] == '/');             /* this machine has a cgroup2 hierarchy */
}

static void grown_to_the_limit(void **state)
{
	(void)state;
	static const char *const args[] = { "--grow", "--fail-mmap", NULL };
	int err = 0;
	long limit = vt_read_max_map_count(NULL, &err);
	int64_t before = (int64_t)time(NULL) * 1000000000LL;
	caught c = { 0 };
	helper h;
	assert_true(limit > 0);
	assert_int_equal(helper_start(&h, args), 0);
	c.pid = h.pid;
	uint64_t start = start_time(h.pid);
	drain(&c, 2);
	long now_count = kernel_count(h.pid);
	helper_stop(&h);
	print_message("helper %d: %zu events, limit %ld, count now %ld\n", (int)c.pid, c.n, limit,
		      now_count);
	assert_int_equal(c.n, 2);
	/* The split that did not fit: map_count == limit, refused at >= limit. */
	assert_common(&c.ev[0], c.pid, start, before);
	assert_string_equal(c.ev[0].syscall, "mprotect");
	assert_int_equal(c.ev[0].len, sysconf(_SC_PAGESIZE));
	assert_int_equal(c.ev[0].map_count, limit);
	assert_int_equal(c.ev[0].max_map_count, limit);
	assert_int_equal(c.ev[0].cause, VT_EVENT_MAX_MAP_COUNT);
	/* One more mapping fit (limit + 1, the kernel's > check); the next did not. */
	assert_int_equal(now_count, limit + 1);
	assert_common(&c.ev[1], c.pid, start, before);
	assert_string_equal(c.ev[1].syscall, "mmap");
	assert_int_equal(c.ev[1].len, sysconf(_SC_PAGESIZE));
	assert_int_equal(c.ev[1].map_count, limit + 1);
	assert_int_equal(c.ev[1].cause, VT_EVENT_MAX_MAP_COUNT);
	assert_true(c.ev[0].time_ns <= c.ev[1].time_ns);
}

static void small_rlimit_as(void **state)
{
	(void)state;
	static const char *const args[] = { "--fail-as", NULL };
	int64_t before = (int64_t)time(NULL) * 1000000000LL;
	caught c = { 0 };
	helper h;
	assert_int_equal(helper_start(&h, args), 0);
	c.pid = h.pid;
	uint64_t start = start_time(h.pid);
	drain(&c, 2);
	long count = kernel_count(h.pid);              /* unchanged by the failures */
	helper_stop(&h);
	assert_int_equal(c.n, 2);
	assert_common(&c.ev[0], c.pid, start, before);
	assert_string_equal(c.ev[0].syscall, "mmap");
	assert_int_equal(c.ev[0].len, ASK);
	assert_int_equal(c.ev[0].map_count, count);
	assert_int_equal(c.ev[0].cause, VT_EVENT_MEMORY);
	/* brk returns the old break: asked to grow by 256 MiB, it did not move. */
	assert_common(&c.ev[1], c.pid, start, before);
	assert_string_equal(c.ev[1].syscall, "brk");
	assert_int_equal(c.ev[1].len, ASK);
	assert_int_equal(c.ev[1].map_count, count);
	assert_int_equal(c.ev[1].cause, VT_EVENT_MEMORY);
}

/* A pid filter given at open keeps only that process: a catcher for helper
 * b's pid gets b's two events and none of helper a's, which the unfiltered
 * catcher does see. */
static void filter_by_pid(void **state)
{
	(void)state;
	static const char *const args[] = { "--fail-as", "--on-usr1", NULL };
	char *cause = NULL;
	helper a, b;
	assert_int_equal(helper_start(&a, args), 0);
	assert_int_equal(helper_start(&b, args), 0);
	vt_events_filter f = { .pids = &b.pid, .npids = 1 };
	vt_events *only = vt_events_open(&f, 0, &cause);
	assert_non_null(only);
	kill(a.pid, SIGUSR1);
	kill(b.pid, SIGUSR1);
	caught all_a = { .pid = a.pid }, filtered = { .pid = 0 };
	drain(&all_a, 2);
	for (int i = 0; i < 50 && filtered.n < 2; i++)
		assert_true(vt_events_poll(only, 100, keep, &filtered) >= 0);
	assert_true(vt_events_poll(only, 200, keep, &filtered) >= 0);
	pid_t bpid = b.pid;
	helper_stop(&a);
	helper_stop(&b);
	vt_events_close(only);
	assert_int_equal(all_a.n, 2);
	assert_int_equal(filtered.n, 2);
	assert_int_equal(filtered.ev[0].pid, bpid);
	assert_int_equal(filtered.ev[1].pid, bpid);
}

/* -u: a catcher for uid 65534 gets none of a root helper's events, one for
 * the helper's own effective uid gets both. */
static void filter_by_uid(void **state)
{
	(void)state;
	static const char *const args[] = { "--fail-as", "--on-usr1", NULL };
	char *cause = NULL;
	helper h;
	assert_int_equal(helper_start(&h, args), 0);
	vt_events_filter other = { .by_uid = true, .uid = 65534 };
	vt_events_filter mine = { .by_uid = true, .uid = geteuid() };
	if (geteuid() == 65534)
		other.uid = 65533;
	vt_events *e_other = vt_events_open(&other, 0, &cause);
	vt_events *e_mine = vt_events_open(&mine, 0, &cause);
	assert_non_null(e_other);
	assert_non_null(e_mine);
	kill(h.pid, SIGUSR1);
	caught got_mine = { .pid = h.pid }, got_other = { .pid = h.pid };
	for (int i = 0; i < 50 && got_mine.n < 2; i++)
		assert_true(vt_events_poll(e_mine, 100, keep, &got_mine) >= 0);
	assert_true(vt_events_poll(e_other, 200, keep, &got_other) >= 0);
	helper_stop(&h);
	vt_events_close(e_other);
	vt_events_close(e_mine);
	assert_int_equal(got_mine.n, 2);
	assert_int_equal(got_other.n, 0);
}

/* The running kernel's BTF with the member name "map_count" renamed (same
 * length, in the string section), written to path: the kernel of the
 * proposed series, as far as CO-RE can tell. */
static void write_renamed_btf(const char *path, const char *newname)
{
	FILE *f = fopen("/sys/kernel/btf/vmlinux", "rb");
	size_t cap = 64 << 20, n;
	unsigned char *d = malloc(cap);
	assert_non_null(f);
	assert_non_null(d);
	n = fread(d, 1, cap, f);
	fclose(f);
	uint32_t hdr_len, str_off, str_len;
	memcpy(&hdr_len, d + 4, 4);
	memcpy(&str_off, d + 16, 4);
	memcpy(&str_len, d + 20, 4);
	assert_true(hdr_len + str_off + str_len <= n);
	unsigned char *s = d + hdr_len + str_off;
	int renamed = 0;
	for (uint32_t i = 0; i + 11 <= str_len; i++) {
		if (s[i] == '\0' && memcmp(s + i + 1, "map_count", 10) == 0) {
			memcpy(s + i + 1, newname, 9);
			renamed++;
		}
	}
	assert_int_equal(renamed, 1);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, n, f), n);
	fclose(f);
	free(d);
}

/* A catcher relocated against that BTF (VMATOP_CORE_BTF), and the events of
 * one helper started after it. */
static void renamed_run(const char *newname, const char *const *args, caught *c)
{
	char path[] = "/tmp/vmatop-btf-XXXXXX", *cause = NULL;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_renamed_btf(path, newname);
	setenv("VMATOP_CORE_BTF", path, 1);
	vt_events *e = vt_events_open(NULL, 0, &cause);
	unsetenv("VMATOP_CORE_BTF");
	unlink(path);
	if (!e)
		fail_msg("catcher against the renamed BTF: %s", cause);
	helper h;
	assert_int_equal(helper_start(&h, args), 0);
	c->pid = h.pid;
	for (int i = 0; i < 50 && c->n < 2; i++)
		assert_true(vt_events_poll(e, 100, keep, c) >= 0);
	helper_stop(&h);
	vt_events_close(e);
}

/* mm_struct.map_count renamed vma_count: the ___vma_count flavor is used and
 * the count is still exact (the field is at the same place). */
static void renamed_vma_count(void **state)
{
	(void)state;
	static const char *const args[] = { "--grow", "--fail-mmap", NULL };
	int err = 0;
	long limit = vt_read_max_map_count(NULL, &err);
	caught c = { 0 };
	renamed_run("vma_count", args, &c);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.ev[0].syscall, "mprotect");
	assert_int_equal(c.ev[0].map_count, limit);
	assert_int_equal(c.ev[1].map_count, limit + 1);
	assert_int_equal(c.ev[1].cause, VT_EVENT_MAX_MAP_COUNT);
}

/* Neither name: the count is unknown (-1), never a wrong number. */
static void renamed_neither(void **state)
{
	(void)state;
	static const char *const args[] = { "--fail-as", NULL };
	caught c = { 0 };
	renamed_run("xap_count", args, &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ev[0].map_count, -1);
	assert_int_equal(c.ev[0].cause, VT_EVENT_MEMORY);
	assert_true(c.ev[0].max_map_count > 0);
}

static int setup(void **state)
{
	(void)state;
	char *cause = NULL;
	catcher = vt_events_open(NULL, VT_EVENTS_CGROUP, &cause);
	if (catcher)
		return 0;
	printf("SKIP: %s\n", cause ? cause : "no catcher");
	if (getuid() == 0 && cause && !strstr(cause, "without BPF support") && !strstr(cause, "BTF")) {
		printf("FAIL: root, BPF built in, and the catcher does not load\n");
		exit(1);
	}
	exit(77);
}

static int teardown(void **state)
{
	(void)state;
	printf("dropped: %llu\n", (unsigned long long)vt_events_dropped(catcher));
	vt_events_close(catcher);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grown_to_the_limit),
		cmocka_unit_test(small_rlimit_as),
		cmocka_unit_test(filter_by_pid),
		cmocka_unit_test(filter_by_uid),
		cmocka_unit_test(renamed_vma_count),
		cmocka_unit_test(renamed_neither),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
