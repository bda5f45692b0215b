/* The --demo child: splits one reserved region at a steady rate until the
 * kernel refuses with ENOMEM at vm.max_map_count, reports it, holds, releases,
 * starts over.  The child never execs and uses only system calls (no stdio,
 * no malloc) after fork. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmatop/clock.h"
#include "vmatop/count.h"
#include "vmatop/demo.h"

#define DEMO_TICK 0.01          /* seconds between bursts at high rates */
#define DEMO_SPARE_PAGES 64     /* region pages beyond the limit */
#define DEMO_FD 3               /* the event pipe's fd in the child */
#define DEMO_COUNT_BUFSZ 65536

/* The child that the atexit() safety net stops; one demo per program. */
static pid_t demo_atexit_pid;

/* --- the child --- */

struct demo_child {
	pid_t parent;
	long rate;
	long page;
	char *region;
	long pages;
	long added;
	long cycle;
};

/* Append the decimal form of v to line at *len. */
static void demo_fmt_long(char *line, size_t *len, long v)
{
	char tmp[24];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		line[(*len)++] = '-';
	while (n)
		line[(*len)++] = tmp[--n];
}

/* One event line: "<tag> a b c\n", written with one write(2) (atomic in a pipe). */
static void demo_send(char tag, long a, long b, long c)
{
	char line[96];
	size_t len = 0;
	long v[3] = { a, b, c };
	line[len++] = tag;
	for (int i = 0; i < 3; i++) {
		line[len++] = ' ';
		demo_fmt_long(line, &len, v[i]);
	}
	line[len++] = '\n';
	while (write(DEMO_FD, line, len) < 0 && errno == EINTR)
		;
}

static long demo_read_limit(void)
{
	char buf[32];
	int fd = open("/proc/sys/vm/max_map_count", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	long v = 0;
	for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		v = v * 10 + (buf[i] - '0');
	return v > 0 ? v : -1;
}

/* The child's own map_count, counted like vmatop counts. */
static long demo_self_count(void)
{
	static char buf[DEMO_COUNT_BUFSZ];
	int err = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	long n = vt_count_maps_fd(fd, buf, sizeof(buf), &err);
	close(fd);
	return n;
}

/* Only the pipe (as DEMO_FD) and /dev/null on 0..2 stay open. */
static void demo_child_fds(int wfd)
{
	if (wfd != DEMO_FD) {
		dup2(wfd, DEMO_FD);
		close(wfd);
	}
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd <= 2 && null >= 0; fd++)
		if (fd != null)
			dup2(null, fd);
	if (null > 2 && null != DEMO_FD)
		close(null);
	if (close_range(DEMO_FD + 1, ~0U, 0) < 0)
		for (int fd = DEMO_FD + 1; fd < 1024; fd++)
			close(fd);
}

/* Die with the parent; default dispositions (the parent's handlers, ncurses'
 * included, must not run here). */
static void demo_child_setup(pid_t parent, int wfd)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGWINCH,
				    SIGCONT, SIGPIPE, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2 };
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_NAME, VT_DEMO_COMM);
	demo_child_fds(wfd);
}

static int demo_reserve(struct demo_child *c)
{
	long limit = demo_read_limit();
	if (limit <= 0)
		limit = 65530;
	c->pages = limit + DEMO_SPARE_PAGES;
	c->region = mmap(NULL, (size_t)c->pages * (size_t)c->page, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (c->region == MAP_FAILED)
		return -1;
	c->added = 0;
	return 0;
}

/* Split page `added` off the PROT_NONE tail: +1 VMA (protections alternate,
 * so it never merges with the page before it).  0, or -1 with errno. */
static int demo_add_one(struct demo_child *c)
{
	if (c->added + 1 >= c->pages) {
		errno = ENOSPC;
		return -1;
	}
	int prot = (c->added % 2) ? (PROT_READ | PROT_WRITE) : PROT_READ;
	if (mprotect(c->region + c->added * c->page, (size_t)c->page, prot) < 0)
		return -1;
	c->added++;
	return 0;
}

/* Belt and braces beside PR_SET_PDEATHSIG (which fires when the forking
 * thread ends, not the process): never outlive the parent. */
static void demo_check_parent(const struct demo_child *c)
{
	if (getppid() != c->parent)
		_exit(0);
}

/* Hold for secs, checking on the parent. */
static void demo_hold(const struct demo_child *c, double secs)
{
	for (double end = vt_clock_mono() + secs; vt_clock_mono() < end;) {
		demo_check_parent(c);
		vt_sleep(0.1, NULL);
	}
}

/* Climb at c->rate until mprotect fails.  Returns that errno. */
static int demo_climb(struct demo_child *c)
{
	double start = vt_clock_mono();
	for (;;) {
		demo_check_parent(c);
		double elapsed = vt_clock_mono() - start;
		long due = (long)((double)c->rate * elapsed) + 1;
		while (c->added < due)
			if (demo_add_one(c) < 0)
				return errno;
		double next = (double)c->added / (double)c->rate;
		vt_sleep(next - elapsed < DEMO_TICK ? DEMO_TICK : next - elapsed, NULL);
	}
}

static void demo_child_main(long rate, pid_t parent, int wfd)
{
	struct demo_child c = { .parent = parent, .rate = rate, .page = sysconf(_SC_PAGESIZE),
				.cycle = 1 };
	demo_child_setup(parent, wfd);
	for (;;) {
		if (demo_reserve(&c) < 0) {
			demo_send('F', errno, 0, c.cycle);
			_exit(1);
		}
		int err = demo_climb(&c);
		if (err == ENOMEM) {
			demo_send('E', demo_self_count(), c.added, c.cycle);
		} else if (err != ENOSPC) {
			demo_send('F', err, c.added, c.cycle);
			_exit(1);
		}
		demo_hold(&c, VT_DEMO_HOLD_SECONDS);
		munmap(c.region, (size_t)c.pages * (size_t)c.page);
		c.cycle++;
		demo_send('R', c.cycle, 0, c.cycle);
	}
}

/* --- the parent --- */

static void demo_reap(pid_t pid, int *status)
{
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
}

static void demo_atexit(void)
{
	if (demo_atexit_pid > 0) {
		kill(demo_atexit_pid, SIGKILL);
		demo_reap(demo_atexit_pid, NULL);
		demo_atexit_pid = 0;
	}
}

static int demo_fail(char **cause, const char *what)
{
	if (cause && asprintf(cause, "demo: %s: %s", what, strerror(errno)) < 0)
		*cause = NULL;
	return -1;
}

int vt_demo_start(long rate, vt_demo *d, char **cause)
{
	static bool registered;
	int p[2];
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->rate = rate > 0 ? rate : VT_DEMO_DEFAULT_RATE;
	if (!registered && atexit(demo_atexit) == 0)
		registered = true;
	if (pipe2(p, O_CLOEXEC) < 0)
		return demo_fail(cause, "pipe");
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return demo_fail(cause, "fork");
	}
	if (pid == 0) {
		close(p[0]);
		demo_child_main(d->rate, parent, p[1]);
		_exit(1);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	d->pid = pid;
	d->fd = p[0];
	demo_atexit_pid = pid;
	return 0;
}

/* Parse one complete line from d->buf into ev.  1: an event; 0: no complete
 * line; -1: a line that is not an event was dropped. */
static int demo_take_line(vt_demo *d, vt_demo_event *ev)
{
	char *nl = memchr(d->buf, '\n', d->len);
	if (!nl)
		return 0;
	*nl = '\0';
	long a = 0, b = 0, c = 0;
	char tag = d->buf[0];
	if (sscanf(d->buf + 1, "%ld %ld %ld", &a, &b, &c) != 3)
		tag = '?';
	size_t used = (size_t)(nl - d->buf) + 1;
	memmove(d->buf, nl + 1, d->len - used);
	d->len -= used;
	memset(ev, 0, sizeof(*ev));
	ev->mono = vt_clock_mono();
	ev->cycle = c;
	if (tag == 'E') {
		ev->kind = VT_DEMO_ENOMEM;
		ev->count = a;
		ev->added = b;
	} else if (tag == 'R') {
		ev->kind = VT_DEMO_RESTART;
	} else if (tag == 'F') {
		ev->kind = VT_DEMO_FAILED;
		ev->err = (int)a;
	}
	return ev->kind != VT_DEMO_NONE ? 1 : -1;
}

static void demo_exited(vt_demo *d, vt_demo_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = VT_DEMO_EXITED;
	ev->mono = vt_clock_mono();
	demo_reap(d->pid, &ev->status);
	if (demo_atexit_pid == d->pid)
		demo_atexit_pid = 0;
	close(d->fd);
	d->fd = -1;
	d->pid = 0;
	d->len = 0;
}

int vt_demo_poll(vt_demo *d, vt_demo_event *ev)
{
	if (d->pid <= 0 || d->fd < 0)
		return 0;
	for (;;) {
		int got = demo_take_line(d, ev);
		if (got > 0)
			return 1;
		if (got < 0)
			continue;
		if (d->len == sizeof(d->buf))
			d->len = 0;          /* a line that long is not ours: drop it */
		ssize_t n = read(d->fd, d->buf + d->len, sizeof(d->buf) - d->len);
		if (n > 0) {
			d->len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 0;        /* EAGAIN: nothing pending */
		demo_exited(d, ev);
		return 1;
	}
}

int vt_demo_fd(const vt_demo *d) { return d->pid > 0 ? d->fd : -1; }
bool vt_demo_running(const vt_demo *d) { return d->pid > 0; }

void vt_demo_stop(vt_demo *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGKILL);
		demo_reap(d->pid, NULL);
		if (demo_atexit_pid == d->pid)
			demo_atexit_pid = 0;
	}
	if (d->fd >= 0)
		close(d->fd);
	d->pid = 0;
	d->fd = -1;
	d->len = 0;
}
