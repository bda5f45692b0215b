/* Batch mode: like top -b, one snapshot per iteration written to stdout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/clock.h"
#include "vmatop/export.h"
#include "vmatop/history.h"
#include "vmatop/privs.h"
#include "vmatop/sanitize.h"
#include "vmatop/scan.h"

/* -p over several iterations: a pid whose start time changed names another
 * program now (the one asked for exited).  starts[] holds the first start
 * times (0: not seen yet).  The number of such pids, each reported. */
static int report_reused_pids(const vt_opts *o, const vt_snapshot *s, unsigned long long *starts)
{
	int reused = 0;
	for (int i = 0; starts && i < o->npids; i++) {
		const vt_proc *p = vt_snapshot_find(s, o->pids[i]);
		if (!p)
			continue;
		if (!starts[i])
			starts[i] = p->start_time;
		else if (starts[i] != p->start_time) {
			vt_errorf("pid %d: the process exited and the pid now names another process",
				  (int)o->pids[i]);
			reused++;
		}
	}
	return reused;
}

/* --json / --openmetrics: to stdout, or atomically to --output, which then
 * holds the latest snapshot (an --output error is reported here). */
static int write_machine(const vt_opts *o, const vt_snapshot *s)
{
	char *cause = NULL;
	if (!o->output)
		return vt_write_machine(stdout, s, o->format, o->top);
	if (vt_write_atomic(o->output, s, o->format, o->top, &cause) == 0)
		return 0;
	vt_errorf("%s", cause ? cause : "--output: write error");
	free(cause);
	return -1;
}

static int write_snapshot(const vt_opts *o, const vt_snapshot *s, long iter)
{
	if (o->format != VT_FORMAT_TEXT)
		return write_machine(o, s);
	vt_text_opts to = {
		.top = o->top,
		.rate = o->iterations != 1,
		.ascii = !vt_locale_is_utf8(),
		.cgroup = o->containers,
	};
	if (iter > 0)
		fputc('\n', stdout);
	return vt_write_text(stdout, s, &to);
}

int vt_cmd_batch(const vt_opts *o)
{
	char *cause = NULL;
	vt_filter f;
	vt_snapshot snap;
	int status = 0;

	vt_filter_from_opts(&f, o);
	vt_scanner *sc = vt_scanner_new(NULL, o->backend, &cause);
	/* One scan has no rate to compute: -n 1 keeps no history. */
	vt_history *hist = o->iterations == 1 ? NULL : vt_history_new(0, 0);
	if (sc && vt_scanner_set_pods_root(sc, o->pods_dir) < 0)
		cause = strdup("out of memory");
	if (!sc || (o->iterations != 1 && !hist) || cause) {
		vt_errorf("%s", cause ? cause : "cannot start the scanner");
		free(cause);
		vt_history_free(hist);
		vt_scanner_free(sc);
		return 1;
	}
	unsigned long long *starts = o->npids ? calloc((size_t)o->npids, sizeof(*starts)) : NULL;
	if (vt_scanner_backend_note(sc))
		vt_errorf("%s", vt_scanner_backend_note(sc));
	if (vt_privs_keep(vt_privs_for_backend(vt_scanner_backend(sc)), &cause) < 0) {
		vt_errorf("%s", cause ? cause : "cannot drop capabilities");
		free(cause);
		vt_history_free(hist);
		vt_scanner_free(sc);
		return 1;
	}
	vt_snapshot_init(&snap);
	for (long iter = 0; o->iterations == 0 || iter < o->iterations; iter++) {
		if (iter > 0)
			vt_sleep(o->delay, NULL);
		if (vt_scanner_scan(sc, &f, &snap, &cause) < 0) {
			vt_errorf("%s", cause ? cause : "scan failed");
			free(cause);
			status = 1;
			break;
		}
		if (report_reused_pids(o, &snap, starts) > 0) {
			status = 1;
			break;
		}
		if (hist)
			vt_history_apply(hist, &snap);
		else
			vt_history_first(&snap);
		vt_snapshot_sort(&snap, o->sort, o->invert);
		/* a -p pid that is gone: the error alone, no header or table before it */
		if (vt_report_missing_pids(o, &snap) > 0) {
			status = 1;
			break;
		}
		if (write_snapshot(o, &snap, iter) < 0 || fflush(stdout) == EOF) {
			if (errno != EPIPE && !o->output)
				vt_errorf("write error: %s", strerror(errno));
			status = 1;
			break;
		}
	}
	free(starts);
	vt_snapshot_free(&snap);
	vt_history_free(hist);
	vt_scanner_free(sc);
	return status;
}
