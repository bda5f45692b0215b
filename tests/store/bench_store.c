/* Benchmark of the recorder (issue 14), printed, never a pass/fail on time:
 *  1. size: one simulated day of a W1-like host at -d 5 on a fake clock
 *     (300 small steady processes, 4 at ~60,000 VMAs changing every sample,
 *     a short-lived process every 10 s): database bytes per day;
 *  2. CPU: the cost of recording one sample against the cost of the scan
 *     itself (the best backend, this machine, same run), as a ratio, and the
 *     recording cost of a 5,000-process snapshot in % of one CPU at -d 5.
 *   usage: bench-store DIR (a tmpfs such as /dev/shm keeps fsync out of it) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vmatop/scan.h"
#include "vmatop/store.h"

#define T0 1800000000.0

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void fake_add(vt_snapshot *s, pid_t pid, unsigned long long start, long vmas)
{
	vt_proc *p = vt_snapshot_add(s);
	p->pid = pid;
	p->start_time = start;
	p->vmas = vmas;
	snprintf(p->user, sizeof(p->user), "user%d", (int)pid % 7);
	p->comm = strdup(vmas > 10000 ? "java" : "worker");
	p->cmdline = strdup(vmas > 10000 ? "/usr/bin/java -Xmx8g -jar /opt/app/server.jar" :
			    "/usr/sbin/worker --config /etc/worker.conf");
	s->total_vmas += vmas;
	s->scanned++;
}

static void w1_sample(vt_snapshot *s, long i)
{
	vt_snapshot_clear(s);
	s->time = T0 + 5.0 * (double)i;
	s->max_map_count = 262144;
	snprintf(s->host, sizeof(s->host), "w1");
	for (int k = 0; k < 300; k++)                 /* one small change an hour each */
		fake_add(s, 1000 + k, 100 + k, 80 + k % 50 + ((i + k * 37) / 720) % 2);
	for (int k = 0; k < 4; k++)                   /* the big four move every sample */
		fake_add(s, 5000 + k, 50 + k, 60000 + (i * 7 + k * 13) % 500);
	for (int k = 0; k < 3; k++) {                 /* a short-lived process every 10 s, 30 s each */
		long n = i / 2 - k;
		if (n >= 0)
			fake_add(s, 20000 + (pid_t)(n % 30000), 1000000 + (unsigned long long)n, 40);
	}
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

static int bench_size(const char *dir)
{
	char path[512], wal[520];
	char *cause = NULL;
	snprintf(path, sizeof(path), "%s/bench-store-%d.db", dir, (int)getpid());
	snprintf(wal, sizeof(wal), "%s-wal", path);
	vt_store *st = vt_store_open(path, VT_STORE_WRITE, &cause);
	if (!st) {
		fprintf(stderr, "bench-store: %s\n", cause);
		return 1;
	}
	vt_store_set_retention(st, 7LL * 86400 * 1000);
	vt_snapshot s;
	vt_snapshot_init(&s);
	double t0 = now_ms();
	long samples = 86400 / 5;
	for (long i = 0; i < samples; i++) {
		w1_sample(&s, i);
		if (vt_store_record(st, &s, "/nonexistent", &cause) < 0) {
			fprintf(stderr, "bench-store: %s\n", cause);
			return 1;
		}
	}
	double spent = now_ms() - t0;
	vt_store_prune(st, 0, &cause);                /* checkpoint: the WAL folded in */
	vt_store_close(st);
	long long bytes = file_size(path) + file_size(wal);
	printf("size: one W1-like day at -d 5 (%ld samples, 304 processes + churn): %.2f MB "
	       "(target < 20 MB/day), %.1f%% of the target\n", samples, (double)bytes / 1e6,
	       100.0 * (double)bytes / 20e6);
	printf("size: writing the day took %.0f ms, %.3f ms per sample\n", spent,
	       spent / (double)samples);
	vt_snapshot_free(&s);
	unlink(path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define RUNS 25

/* Mean ms of recording snapshot s RUNS - 1 times after a first (which adds
 * every process), the clock advancing 5 s: two minutes, so the once-a-minute
 * samples of steady processes are in it. */
static double median_record(vt_store *st, vt_snapshot *s)
{
	double t[RUNS];
	char *cause = NULL;
	for (int r = 0; r < RUNS; r++) {
		s->time += 5;
		double a = now_ms();
		if (vt_store_record(st, s, NULL, &cause) < 0) {
			fprintf(stderr, "bench-store: %s\n", cause);
			free(cause);
		}
		t[r] = now_ms() - a;
	}
	double sum = 0;
	for (int r = 1; r < RUNS; r++)
		sum += t[r];
	return sum / (RUNS - 1);
}

static int bench_cpu(const char *dir)
{
	char path[512];
	char *cause = NULL;
	vt_filter f;
	memset(&f, 0, sizeof(f));
	vt_scanner *sc = vt_scanner_new(NULL, VT_BACKEND_AUTO, &cause);
	if (!sc) {
		fprintf(stderr, "bench-store: %s\n", cause);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/bench-cpu-%d.db", dir, (int)getpid());
	vt_store *st = vt_store_open(path, VT_STORE_WRITE, &cause);
	if (!st) {
		fprintf(stderr, "bench-store: %s\n", cause);
		return 1;
	}
	vt_snapshot s;
	vt_snapshot_init(&s);
	double scan[RUNS];
	for (int r = 0; r < RUNS; r++) {
		double a = now_ms();
		vt_scanner_scan(sc, &f, &s, &cause);
		scan[r] = now_ms() - a;
	}
	qsort(scan, RUNS, sizeof(scan[0]), cmp_double);
	s.time = T0;
	double rec = median_record(st, &s);
	printf("cpu: this machine, %zu processes, backend %s: scan %.3f ms (median), record %.3f ms (mean); "
	       "record/scan = %.2f; scan+record at -d 5 = %.4f%% of one CPU\n", s.nprocs,
	       vt_scanner_backend(sc), scan[RUNS / 2], rec, rec / scan[RUNS / 2],
	       100.0 * (scan[RUNS / 2] + rec) / 5000.0);
	vt_snapshot_clear(&s);
	s.time = T0 + 1e6;
	for (int k = 0; k < 5000; k++)
		fake_add(&s, 100000 + k, 7 + k, 100 + k % 900);
	rec = median_record(st, &s);
	printf("cpu: recording a steady 5,000-process snapshot: %.3f ms per sample (mean), %.4f%% of "
	       "one CPU at -d 5 (target for all of vmatop record < 0.5%%)\n", rec,
	       100.0 * rec / 5000.0);
	vt_snapshot_free(&s);
	vt_store_close(st);
	vt_scanner_free(sc);
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/dev/shm";
	if (bench_size(dir) != 0)
		return 1;
	return bench_cpu(dir);
}
