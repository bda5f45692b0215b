/* Benchmark: the median time of one count pass (begin() then count() for every
 * process) with the text and the BPF backends, over the same pid list, in the
 * same run.  Prints the figures; never fails on a time.
 *   usage: bench-bpf [RUNS] */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmatop/count.h"

#define BENCH_MAX_PIDS 65536

struct bench_pids {
	pid_t pid[BENCH_MAX_PIDS];
	size_t n;
};

struct bench_result {
	double median_ms;
	long processes;     /* counted in the last pass */
	long vmas;
};

static double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Kernel threads have no maps; the scanner never counts them, nor do we. */
static int bench_is_kthread(const char *pid)
{
	char path[64], buf[1024];
	unsigned long flags = 0;
	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *q = strrchr(buf, ')');
	if (!q || sscanf(q + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) != 1)
		return 0;
	return (flags & 0x00200000UL) != 0;
}

static void bench_list_pids(struct bench_pids *p)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	p->n = 0;
	while (d && (e = readdir(d)) != NULL && p->n < BENCH_MAX_PIDS) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (*end == '\0' && pid > 0 && !bench_is_kthread(e->d_name))
			p->pid[p->n++] = (pid_t)pid;
	}
	if (d)
		closedir(d);
}

/* One pass; fills processes and vmas.  -1 when begin() fails. */
static int bench_pass(vt_backend *b, const struct bench_pids *p, struct bench_result *r)
{
	char *cause = NULL;
	if (b->ops->begin(b, &cause) < 0) {
		fprintf(stderr, "bench-bpf: %s\n", cause ? cause : "begin failed");
		free(cause);
		return -1;
	}
	r->processes = r->vmas = 0;
	for (size_t i = 0; i < p->n; i++) {
		int err = 0;
		long n = b->ops->count(b, p->pid[i], &err);
		if (n >= 0) {
			r->processes++;
			r->vmas += n;
		}
	}
	return 0;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int bench_backend(vt_backend *b, const struct bench_pids *p, int runs,
			 struct bench_result *r)
{
	double *t = calloc((size_t)runs, sizeof(*t));
	if (!t || bench_pass(b, p, r) < 0) {         /* warm-up */
		free(t);
		return -1;
	}
	for (int i = 0; i < runs; i++) {
		double s = bench_now_ms();
		if (bench_pass(b, p, r) < 0) {
			free(t);
			return -1;
		}
		t[i] = bench_now_ms() - s;
	}
	qsort(t, (size_t)runs, sizeof(*t), bench_cmp);
	r->median_ms = t[runs / 2];
	free(t);
	return 0;
}

/* The one-off cost of the BPF backend: open, load (CO-RE relocation against
 * the kernel's BTF, verifier) and attach. */
static void bench_bpf_open(int runs)
{
	double *t = calloc((size_t)runs, sizeof(*t));
	int i;
	for (i = 0; t && i < runs; i++) {
		char *cause = NULL;
		double s = bench_now_ms();
		vt_backend *b = vt_backend_open(VT_BACKEND_BPF, NULL, &cause);
		t[i] = bench_now_ms() - s;
		free(cause);
		if (!b)
			break;
		vt_backend_close(b);
	}
	if (t && i == runs) {
		qsort(t, (size_t)runs, sizeof(*t), bench_cmp);
		printf("  bpf open+load+attach (once per start): %.3f ms\n", t[runs / 2]);
	}
	free(t);
}

static int bench_one(vt_backend_kind kind, const char *name, const struct bench_pids *p,
		     int runs, struct bench_result *r)
{
	char *cause = NULL;
	vt_backend *b = vt_backend_open(kind, NULL, &cause);
	if (!b) {
		printf("  count pass, %-4s: not available: %s\n", name, cause ? cause : "?");
		free(cause);
		return -1;
	}
	int rc = bench_backend(b, p, runs, r);
	vt_backend_close(b);
	if (rc == 0)
		printf("  count pass, %-4s: %9.3f ms  (%ld processes, %ld VMAs)\n", name,
		       r->median_ms, r->processes, r->vmas);
	return rc;
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 11;
	struct bench_pids *p = calloc(1, sizeof(*p));
	struct bench_result text, bpf;
	if (runs < 1 || !p) {
		fputs("usage: bench-bpf [RUNS >= 1]\n", stderr);
		free(p);
		return 2;
	}
	bench_list_pids(p);
	printf("median of %d count passes over %zu processes (begin + count each, core API):\n",
	       runs, p->n);
	int rc_text = bench_one(VT_BACKEND_TEXT, "text", p, runs, &text);
	int rc_bpf = bench_one(VT_BACKEND_BPF, "bpf", p, runs, &bpf);
	if (rc_text == 0 && rc_bpf == 0 && bpf.median_ms > 0)
		printf("  ratio text / bpf  : %9.1fx\n", text.median_ms / bpf.median_ms);
	if (rc_bpf == 0)
		bench_bpf_open(runs);
	free(p);
	return rc_text == 0 ? 0 : 1;
}
