/* Benchmark: the cost of vt_history_apply per process per refresh, with a
 * full ring (steady state), and of one sparkline; the memory per tracked
 * process (the history's own accounting) after one refresh and with a full
 * ring, next to htop's figure.  Prints figures; the only failure is a wrong
 * result, never a slow one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmatop/history.h"

#define NPROCS 10000
#define ROUNDS 300

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill(vt_snapshot *s, int round)
{
	vt_snapshot_clear(s);
	s->mono = round;
	s->max_map_count = 65530;
	for (int i = 0; i < NPROCS; i++) {
		vt_proc *p = vt_snapshot_add(s);
		if (!p)
			exit(1);
		p->pid = i + 1;
		p->start_time = (unsigned long long)i * 7;
		p->vmas = 100 + (long)i % 50 + round;
		p->comm = strdup("bench");
		p->cmdline = strdup("");
	}
}

int main(void)
{
	vt_history *h = vt_history_new(0, 0);
	vt_snapshot s;
	double spent = 0;
	size_t first = 0;
	vt_snapshot_init(&s);
	for (int r = 0; r < ROUNDS; r++) {
		fill(&s, r);
		double t0 = now();
		vt_history_apply(h, &s);
		spent += now() - t0;
		if (r == 0)
			first = vt_history_bytes(h);
	}
	if (vt_history_tracked(h) != NPROCS || s.procs[0].delta != 1) {
		fprintf(stderr, "bench_history: wrong result\n");
		return 1;
	}
	printf("vt_history_apply: %d processes x %d refreshes, %.1f ns per process per refresh\n",
	       NPROCS, ROUNDS, spent / ROUNDS / NPROCS * 1e9);
	printf("memory per process: %.0f B after one refresh, %.0f B with a full ring of %zu"
	       " (htop: about 1.0 KiB per process)\n", (double)first / NPROCS,
	       (double)vt_history_bytes(h) / NPROCS, vt_history_capacity(h));
	long vals[120];
	char buf[512];
	size_t n = vt_history_counts(h, 1, 0, vals, 120);
	double t0 = now();
	for (int i = 0; i < 100000; i++)
		vt_sparkline(buf, sizeof(buf), vals, n, 20, true);
	printf("vt_sparkline: 20 cells in %.1f ns\n", (now() - t0) / 100000 * 1e9);
	vt_snapshot_free(&s);
	vt_history_free(h);
	return 0;
}
