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
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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

static void usage(void)
{
	fputs("usage: vmahelper [--vmas N] [--grow] [--rate PER_SEC] [--name NAME] [--exit-after MS]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	long vmas = 0, rate = 0, exit_after = -1;
	int grow = 0;
	const char *name = NULL;

	page = sysconf(_SC_PAGESIZE);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--grow")) {
			grow = 1;
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
		} else {
			usage();
		}
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1;
	if (name)
		prctl(PR_SET_NAME, name);

	long limit = read_limit();
	reserve(grow || rate ? (vmas > 0 ? vmas : limit) + 16 : vmas);
	if (!rate) {
		while (added < vmas && !grow)
			if (add_one() < 0)
				die("mprotect");
	}
	if (grow) {
		while (add_one() == 0)
			;
		if (errno != ENOMEM)
			die("mprotect");
		/* mmap fails only when map_count > limit: one more mapping fits. */
		void *extra = mmap((char *)REGION_ADDR + 0x10000000000UL, (size_t)page, PROT_READ,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (extra != MAP_FAILED)
			added++;
		printf("ENOMEM %ld\n", added);
	}
	printf("READY %d %ld\n", (int)getpid(), added);
	fflush(stdout);

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
			sleep_ms(rate >= 100 ? 10 : 1000 / rate);
			waited += rate >= 100 ? 10 : 1000 / rate;
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
