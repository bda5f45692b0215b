/* vmahelper: a test process with a known number of VMAs.
 *
 * It reserves one region at a fixed, isolated address (nothing adjacent can
 * merge with it) and splits it page by page with mprotect: every step adds
 * exactly one VMA.  With --vmas 0 the region is one VMA, so
 *     count(--vmas N) == count(--vmas 0) + N
 * and the kernel, not vmatop, decides whether that holds.
 *
 * Prints "READY <pid> <added>" on stdout once set up, then waits for SIGTERM
 * (or --exit-after, or its parent's death, or a safety timeout).
 *
 * --leader-exit: once set up, start a second thread and end the main thread
 * with pthread_exit: the leader becomes a zombie whose /proc/PID/maps is
 * empty while the address space lives on in the other thread.  READY then
 * also names that thread: "READY <pid> <added> <tid>".
 *
 * For the ENOMEM catcher: --grow --fail-mmap tries one more mmap past the
 * limit ("MMAPFAIL <errno>"); --fail-as lowers RLIMIT_AS to 16 MiB above its
 * address space and asks for 256 MiB with mmap, then with brk, both of which
 * fail without changing its VMA count ("ASFAIL <mmap errno> <brk moved>");
 * --on-usr1 prints READY first and does --grow / --fail-as only after SIGUSR1.
 * --children N forks N sleepers ("CHILD <pid>" each, before READY) that wait
 * for SIGTERM (or the safety timeout) on their own: the parent's death does
 * not end them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define REGION_ADDR ((void *)0x200000000000UL)
#define SAFETY_SECONDS 600

static long page;
static char *region;
static long region_pages;
static long added;

static void die(const char *what)
{
	fprintf(stderr, "vmahelper: %s: %s\n", what, strerror(errno));
	exit(3);
}

static long read_limit(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
	long v = 65530;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = 65530;
		fclose(f);
	}
	return v;
}

static void reserve(long pages)
{
	region_pages = pages + 1;
	region = mmap(REGION_ADDR, (size_t)(region_pages * page), PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (region == MAP_FAILED)
		die("mmap region");
}

/* Split off page i from the PROT_NONE tail: +1 VMA.  Pages alternate
 * between two protections so that none merges with its neighbour. */
static int add_one(void)
{
	if (added + 1 >= region_pages) {
		errno = ENOSPC;
		return -1;
	}
	int prot = (added % 2) ? (PROT_READ | PROT_WRITE) : PROT_READ;
	if (mprotect(region + added * page, (size_t)page, prot) < 0)
		return -1;
	added++;
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

#define FAIL_AS_HEADROOM (16L << 20)
#define FAIL_AS_ASK (256L << 20)

/* The address space in bytes (statm's first field is in pages). */
static long address_space(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0;
	if (!f || fscanf(f, "%ld", &pages) != 1)
		die("statm");
	fclose(f);
	return pages * page;
}

/* --fail-as: an mmap and a brk that RLIMIT_AS refuses (ENOMEM, memory). */
static void fail_as(void)
{
	struct rlimit rl = { 0, 0 };
	if (getrlimit(RLIMIT_AS, &rl) < 0)
		die("getrlimit");
	rl.rlim_cur = (rlim_t)(address_space() + FAIL_AS_HEADROOM);
	if (setrlimit(RLIMIT_AS, &rl) < 0)
		die("setrlimit");
	void *p = mmap(NULL, (size_t)FAIL_AS_ASK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int mmap_err = p == MAP_FAILED ? errno : 0;
	void *old = sbrk(0);
	int moved = sbrk(FAIL_AS_ASK) != (void *)-1;
	if (p != MAP_FAILED)
		munmap(p, (size_t)FAIL_AS_ASK);
	if (moved)
		brk(old);
	printf("ASFAIL %d %d\n", mmap_err, moved);
	fflush(stdout);
}

/* --grow: split until ENOMEM, then the one mapping that still fits (mmap
 * fails only when map_count > limit); --fail-mmap: one more, refused. */
static void grow_to_limit(int fail_mmap)
{
	while (add_one() == 0)
		;
	if (errno != ENOMEM)
		die("mprotect");
	void *extra = mmap((char *)REGION_ADDR + 0x10000000000UL, (size_t)page, PROT_READ,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (extra != MAP_FAILED)
		added++;
	printf("ENOMEM %ld\n", added);
	if (fail_mmap) {
		/* map_count is limit + 1 now: a new mapping is refused. */
		extra = mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		printf("MMAPFAIL %d\n", extra == MAP_FAILED ? errno : 0);
	}
	fflush(stdout);
}

/* --on-usr1: block SIGUSR1 now, wait for it later. */
static void wait_usr1(const sigset_t *set)
{
	int sig;
	while (sigwait(set, &sig) != 0 || sig != SIGUSR1)
		;
}

static void usage(void)
{
	fputs("usage: vmahelper [--vmas N] [--grow] [--rate PER_SEC] [--name NAME] [--exit-after MS]\n"
	      "                 [--files DIR] [--segments DIR N] [--deleted DIR] [--so PATH] [--memfd] [--sysv] [--shm]\n"
	      "                 [--map FILE] [--fail-mmap] [--fail-as] [--on-usr1] [--arg ANY]\n"
	      "                 [--threads N] [--arenas N] [--children N] [--leader-exit]\n",
	      stderr);
	exit(2);
}

/* ---- extra mappings for the --maps tests: each adds exactly one VMA ---- */

/* Map one page of fd (shared when asked): +1 VMA. */
static void map_fd(int fd, int shared, const char *what)
{
	if (fd < 0 || ftruncate(fd, page) < 0)
		die(what);
	if (mmap(NULL, (size_t)page, PROT_READ, shared ? MAP_SHARED : MAP_PRIVATE, fd, 0) == MAP_FAILED)
		die(what);
	close(fd);
}

static void map_file(const char *dir, const char *name, int unlink_it)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	map_fd(open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600), 0, path);
	if (unlink_it && unlink(path) < 0)
		die(path);
}

/* --files DIR: two data files, the second named with an ESC sequence and invalid UTF-8. */
static void map_files(const char *dir)
{
	map_file(dir, "data-1.bin", 0);
	map_file(dir, "data-\033[31mred\xff\xfe.bin", 0);
}

/* --segments DIR N: N one-page files seg-K.bin in DIR, each mapped once
 * (an index's segment files: the --maps roll-up per directory). */
static void map_segments(const char *dir, long n)
{
	for (long i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof(name), "seg-%ld.bin", i);
		map_file(dir, name, 0);
	}
}

/* --so PATH: the file mapped read-only once (a shared-object name). */
static void map_so(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED)
		die(path);
	close(fd);
}

static void map_memfd(void)
{
	map_fd(memfd_create("vmahelper", MFD_CLOEXEC), 1, "memfd_create");
}

static void map_sysv(void)
{
	int id = shmget(IPC_PRIVATE, (size_t)page, IPC_CREAT | 0600);
	if (id < 0 || shmat(id, NULL, SHM_RDONLY) == (void *)-1)
		die("shmget/shmat");
	shmctl(id, IPC_RMID, NULL);      /* gone once we exit */
}

/* --shm: a /dev/shm object, unlinked once mapped (still /dev/shm/...). */
static void map_shm(void)
{
	char path[64];
	snprintf(path, sizeof(path), "/dev/shm/vmahelper.%d", (int)getpid());
	map_fd(open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600), 1, path);
	unlink(path);
}

struct wait_args {
	long rate;
	long vmas;
	long exit_after;
};

/* Add VMAs at rate (if any) until vmas, and return when exit_after or the
 * safety timeout has passed. */
static int wait_loop(long rate, long vmas, long exit_after)
{
	long waited = 0;
	for (;;) {
		if (rate > 0 && (vmas == 0 || added < vmas)) {
			long batch = rate / 100 > 0 ? rate / 100 : 1;
			for (long k = 0; k < batch; k++)
				if (add_one() < 0) {
					if (errno == ENOMEM)
						printf("ENOMEM %ld\n", added), fflush(stdout), rate = 0;
					break;
				}
			/* rate is 0 after ENOMEM: never divide by it */
			long ms = rate >= 100 || rate <= 0 ? 10 : 1000 / rate;
			sleep_ms(ms);
			waited += ms;
		} else {
			sleep_ms(100);
			waited += 100;
		}
		if (exit_after >= 0 && waited >= exit_after)
			return 0;
		if (waited >= SAFETY_SECONDS * 1000L)
			return 0;
	}
}

/* The thread that outlives the leader: says READY, then waits. */
static void *survivor(void *arg)
{
	struct wait_args *w = arg;
	pid_t leader = getpid();
	/* Wait until the leader is a zombie, so READY means "leader exited". */
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)leader);
	for (int i = 0; i < 1000; i++) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		if (f)
			fclose(f);
		buf[n] = '\0';
		char *rp = strrchr(buf, ')');
		if (rp && rp[1] == ' ' && rp[2] == 'Z')
			break;
		sleep_ms(5);
	}
	printf("READY %d %ld %ld\n", (int)leader, added, (long)syscall(SYS_gettid));
	fflush(stdout);
	exit(wait_loop(w->rate, w->vmas, w->exit_after));
}

/* ---- threads: --threads N sleep; --arenas N each malloc first (glibc gives
 * each its own arena up to 8 per core).  All are up before READY. ---- */

static pthread_mutex_t up_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t up_cond = PTHREAD_COND_INITIALIZER;
static long up;

static void *thread_main(void *arg)
{
	char *keep = NULL;
	if (arg) {
		keep = malloc(1024);       /* this thread's first malloc: a new arena */
		if (!keep)
			die("malloc");
		memset(keep, 1, 1024);
	}
	pthread_mutex_lock(&up_lock);
	up++;
	pthread_cond_broadcast(&up_cond);
	pthread_mutex_unlock(&up_lock);
	for (;;)
		pause();
	return keep;
}

/* One at a time, so that each malloc finds every earlier arena busy. */
static void start_threads(long n, int malloc_first)
{
	for (long i = 0; i < n; i++) {
		pthread_t t;
		long want = up + 1;
		if (pthread_create(&t, NULL, thread_main, malloc_first ? &up : NULL) != 0)
			die("pthread_create");
		pthread_mutex_lock(&up_lock);
		while (up < want)
			pthread_cond_wait(&up_cond, &up_lock);
		pthread_mutex_unlock(&up_lock);
	}
}

/* ---- children: --children N sleepers, each a process of its own ---- */
static void start_children(long n)
{
	for (long i = 0; i < n; i++) {
		fflush(stdout);
		pid_t c = fork();
		if (c < 0)
			die("fork");
		if (c == 0) {
			prctl(PR_SET_NAME, "vmahelper-kid");
			for (long waited = 0; waited < SAFETY_SECONDS * 1000L; waited += 100)
				sleep_ms(100);
			_exit(0);
		}
		printf("CHILD %d\n", (int)c);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long vmas = 0, rate = 0, exit_after = -1;
	int leader_exit = 0;
	int grow = 0;
	const char *name = NULL;
	const char *files = NULL, *deleted = NULL, *so = NULL, *map_path = NULL, *segdir = NULL;
	long nseg = 0;
	int memfd = 0, sysv = 0, shm = 0;
	int fail_mmap = 0, failas = 0, on_usr1 = 0;
	sigset_t usr1;
	long threads = 0, arenas = 0, children = 0;

	page = sysconf(_SC_PAGESIZE);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--grow")) {
			grow = 1;
		} else if (!strcmp(a, "--memfd")) {
			memfd = 1;
		} else if (!strcmp(a, "--sysv")) {
			sysv = 1;
		} else if (!strcmp(a, "--shm")) {
			shm = 1;
		} else if (!strcmp(a, "--leader-exit")) {
			leader_exit = 1;
		} else if (!strcmp(a, "--fail-mmap")) {
			fail_mmap = 1;
		} else if (!strcmp(a, "--fail-as")) {
			failas = 1;
		} else if (!strcmp(a, "--on-usr1")) {
			on_usr1 = 1;
		} else if (!v) {
			usage();
		} else if (!strcmp(a, "--vmas")) {
			vmas = atol(v), i++;
		} else if (!strcmp(a, "--rate")) {
			rate = atol(v), i++;
		} else if (!strcmp(a, "--name")) {
			name = v, i++;
		} else if (!strcmp(a, "--exit-after")) {
			exit_after = atol(v), i++;
		} else if (!strcmp(a, "--files")) {
			files = v, i++;
		} else if (!strcmp(a, "--segments") && v && i + 2 < argc) {
			segdir = v, nseg = atol(argv[i + 2]), i += 2;
		} else if (!strcmp(a, "--deleted")) {
			deleted = v, i++;
		} else if (!strcmp(a, "--so")) {
			so = v, i++;
		} else if (!strcmp(a, "--threads")) {
			threads = atol(v), i++;
		} else if (!strcmp(a, "--children")) {
			children = atol(v), i++;
		} else if (!strcmp(a, "--arenas")) {
			arenas = atol(v), i++;
		} else if (!strcmp(a, "--map")) {
			map_path = v, i++;      /* one page of FILE (created if missing): +1 VMA */
		} else if (!strcmp(a, "--arg") && v) {
			i++;                    /* only for the command line: any bytes */
		} else {
			usage();
		}
	}
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (on_usr1)
		sigprocmask(SIG_BLOCK, &usr1, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1;
	if (name)
		prctl(PR_SET_NAME, name);
	if (files)
		map_files(files);
	if (segdir)
		map_segments(segdir, nseg);
	if (deleted)
		map_file(deleted, "gone.bin", 1);
	if (so)
		map_so(so);
	if (map_path)
		map_fd(open(map_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600), 0, map_path);
	if (memfd)
		map_memfd();
	if (sysv)
		map_sysv();
	if (shm)
		map_shm();
	start_threads(threads, 0);
	start_threads(arenas, 1);

	long limit = read_limit();
	reserve(grow || rate ? (vmas > 0 ? vmas : limit) + 16 : vmas);
	if (!rate) {
		while (added < vmas && !grow)
			if (add_one() < 0)
				die("mprotect");
	}
	if (on_usr1) {
		printf("READY %d %ld\n", (int)getpid(), added);
		fflush(stdout);
		wait_usr1(&usr1);
	}
	if (grow)
		grow_to_limit(fail_mmap);
	if (failas)
		fail_as();
	start_children(children);
	if (!on_usr1 && !leader_exit) {
		printf("READY %d %ld\n", (int)getpid(), added);
		fflush(stdout);
	}
	if (leader_exit) {
		static struct wait_args w;
		pthread_t t;
		w = (struct wait_args){ rate, vmas, exit_after };
		if (pthread_create(&t, NULL, survivor, &w) != 0)
			die("pthread_create");
		pthread_exit(NULL);
	}
	return wait_loop(rate, vmas, exit_after);
}
