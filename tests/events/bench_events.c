/* Benchmark: the catcher's overhead on the calls it watches.  A loop of
 * 1,000,000 mmap + munmap of one anonymous page, timed without the catcher
 * and with it attached, alternately (4 rounds, the order swapped every round
 * so that neither side always runs first; the fastest of each kept); prints
 * both and the ratio.  Target: with / without < 1.05.
 * Exits 77 when the catcher cannot be loaded here. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "vmatop/events.h"

#define CALLS 1000000L
#define ROUNDS 4

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double loop(size_t page)
{
	double t0 = now_s();
	for (long i = 0; i < CALLS; i++) {
		void *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || munmap(p, page) < 0) {
			perror("mmap/munmap");
			exit(1);
		}
	}
	return now_s() - t0;
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	double best_off = 1e9, best_on = 1e9;
	char *cause = NULL;
	for (int r = 0; r < ROUNDS; r++) {
		double off = r % 2 ? 0 : loop(page);
		vt_events *e = vt_events_open(NULL, 0, &cause);
		if (!e) {
			printf("SKIP: %s\n", cause ? cause : "no catcher");
			free(cause);
			return 77;
		}
		double on = loop(page);
		vt_events_close(e);
		if (r % 2)
			off = loop(page);
		printf("round %d: without %.3f s, with the catcher %.3f s\n", r + 1, off, on);
		if (off < best_off)
			best_off = off;
		if (on < best_on)
			best_on = on;
	}
	printf("%ld mmap+munmap: without %.3f s (%.0f ns/pair), with the catcher %.3f s (%.0f ns/pair)\n",
	       CALLS, best_off, best_off / CALLS * 1e9, best_on, best_on / CALLS * 1e9);
	printf("ratio with/without: %.3f (target < 1.05)\n", best_on / best_off);
	return 0;
}
