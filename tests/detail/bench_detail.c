/* Benchmark: what one refresh of the detail pane costs for a process with
 * many VMAs (default 60,000), next to the kernel's floor for the same file.
 *
 *   floor     read /proc/PID/maps in 64 KiB reads and drop it (cat > /dev/null)
 *   refresh   vt_maps_read + vt_group_build + the pane's rows (types folded):
 *             the work on_snapshot does once per refresh
 *   expanded  the same with anon and its 60,000-VMA path expanded (a row each)
 *   smaps     vt_maps_load_smaps on top (only after the user presses r)
 *
 * Prints the median and the worst of R rounds.  Usage: bench-detail [VMAS [ROUNDS]].
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/spawn.h"
#include "detail.h"
#include "vmatop/sysvm.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("%-9s median %8.2f ms   worst %8.2f ms\n", what, ms[n / 2], ms[n - 1]);
}

static int floor_once(pid_t pid)
{
	char path[64], buf[65536];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}

/* One refresh: read, (smaps), group, rows.  expand: open anon's biggest path. */
static int refresh_once(pid_t pid, long limit, bool expand, bool smaps, size_t *rows)
{
	vt_maps m;
	vt_grouping g;
	vt_dtree t;
	int err = 0, rc = -1;
	vt_maps_init(&m);
	vt_dtree_init(&t);
	if (vt_maps_read(&m, NULL, pid, &err) < 0 ||
	    (smaps && vt_maps_load_smaps(&m, NULL, pid, &err) < 0) ||
	    vt_group_build(&g, &m, limit) < 0)
		goto out;
	vt_dtree_build(&t, &g);
	if (expand) {
		vt_dtree_expand(&t, &g);          /* row 0: the biggest type (anon) */
		vt_dtree_select(&t, &g, 1);
		vt_dtree_expand(&t, &g);          /* its biggest path */
	}
	*rows = t.nrows;
	vt_group_free(&g);
	rc = 0;
out:
	vt_dtree_free(&t);
	vt_maps_free(&m);
	return rc;
}

static int run(const char *what, pid_t pid, long limit, int rounds, int mode)
{
	double *ms = calloc((size_t)rounds, sizeof(double));
	size_t rows = 0;
	if (!ms)
		return -1;
	for (int i = 0; i < rounds; i++) {
		double t0 = now_ms();
		int rc = mode == 0 ? floor_once(pid)
				   : refresh_once(pid, limit, mode >= 2, mode == 3, &rows);
		ms[i] = now_ms() - t0;
		if (rc < 0) {
			free(ms);
			return -1;
		}
	}
	report(what, ms, rounds);
	if (mode > 0)
		printf("          (%zu rows in the pane)\n", rows);
	free(ms);
	return 0;
}

int main(int argc, char **argv)
{
	long vmas = argc > 1 ? atol(argv[1]) : 60000;
	int rounds = argc > 2 ? atoi(argv[2]) : 21;
	int err = 0;
	long limit = vt_read_max_map_count(NULL, &err);
	char count[32];
	helper h;

	if (limit > 0 && vmas + 200 > limit) {
		printf("SKIP: vm.max_map_count %ld is too low for %ld VMAs\n", limit, vmas);
		return 77;
	}
	snprintf(count, sizeof(count), "%ld", vmas);
	const char *args[] = { "--vmas", count, NULL };
	if (helper_start(&h, args) < 0) {
		fprintf(stderr, "cannot start the helper\n");
		return 1;
	}
	printf("one detail-pane refresh of a process with %ld + baseline VMAs, %d rounds\n",
	       h.added, rounds);
	int rc = run("floor", h.pid, limit, rounds, 0) | run("refresh", h.pid, limit, rounds, 1) |
		 run("expanded", h.pid, limit, rounds, 2) | run("smaps", h.pid, limit, rounds, 3);
	helper_stop(&h);
	return rc < 0 ? 1 : 0;
}
