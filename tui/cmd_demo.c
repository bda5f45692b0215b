/* -b --demo[=RATE]: start the demo child and print one line per refresh with
 * its count, percent of the limit, rate, ETA and the events it reported. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/clock.h"
#include "vmatop/demo.h"
#include "vmatop/history.h"
#include "vmatop/scan.h"

/* The signal that asked us to stop; handlers only set it. */
static volatile sig_atomic_t demo_batch_signal;

/* SIGPIPE too: a closed pipe ends the loop through the write error, the child
 * is reaped, then vmatop dies of it like any pipeline member. */
static const int demo_batch_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define DEMO_BATCH_NSIGS (sizeof(demo_batch_sigs) / sizeof(demo_batch_sigs[0]))

struct demo_batch {
	const vt_opts *o;
	vt_demo demo;
	vt_scanner *sc;
	vt_history *hist;
	vt_snapshot snap;
	vt_filter filter;
	struct sigaction old[DEMO_BATCH_NSIGS];
};

static void demo_batch_on_signal(int sig)
{
	demo_batch_signal = sig;
}

/* No SA_RESTART: the sleep between refreshes returns at once. */
static void demo_batch_signals(struct demo_batch *b, bool install)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = demo_batch_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < DEMO_BATCH_NSIGS; i++) {
		if (install)
			sigaction(demo_batch_sigs[i], &sa, &b->old[i]);
		else
			sigaction(demo_batch_sigs[i], &b->old[i], NULL);
	}
}

/* Append the text of one event to ev (a line's EVENT column).  -1 when the
 * child is gone. */
static int demo_batch_event(const vt_demo_event *e, char *ev, size_t sz)
{
	size_t len = strlen(ev);
	const char *sep = len ? "; " : "";
	switch (e->kind) {
	case VT_DEMO_ENOMEM:
		snprintf(ev + len, sz - len, "%sENOMEM at %ld", sep, e->count);
		return 0;
	case VT_DEMO_RESTART:
		snprintf(ev + len, sz - len, "%sreleased, cycle %ld", sep, e->cycle);
		return 0;
	case VT_DEMO_FAILED:
		snprintf(ev + len, sz - len, "%sfailed: %s", sep, strerror(e->err));
		return 0;
	case VT_DEMO_EXITED:
		snprintf(ev + len, sz - len, "%schild exited", sep);
		return -1;
	case VT_DEMO_NONE:
		break;
	}
	return 0;
}

static void demo_batch_fmt_double(char *buf, size_t sz, const char *fmt, double v)
{
	if (isnan(v))
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, fmt, v);
}

static int demo_batch_line(const struct demo_batch *b, const char *ev)
{
	const vt_proc *p = vt_snapshot_find(&b->snap, b->demo.pid);
	char when[32], vmas[24], pct[16], rate[24], eta[24];
	struct tm tm;
	time_t t = (time_t)b->snap.time;
	localtime_r(&t, &tm);
	size_t n = strftime(when, sizeof(when), "%H:%M:%S", &tm);
	snprintf(when + n, sizeof(when) - n, ".%03d", (int)((b->snap.time - (double)t) * 1000));
	long count = p ? p->vmas : VT_UNKNOWN;
	if (count >= 0)
		snprintf(vmas, sizeof(vmas), "%ld", count);
	else
		snprintf(vmas, sizeof(vmas), "?");
	demo_batch_fmt_double(pct, sizeof(pct), "%.1f", vt_percent(count, b->snap.max_map_count));
	demo_batch_fmt_double(rate, sizeof(rate), "%+.1f", p ? p->rate : NAN);
	demo_batch_fmt_double(eta, sizeof(eta), "%.1fs", p ? p->eta : NAN);
	if (printf("%-12s %7d %8s %6s %9s %8s%s%s\n", when, (int)b->demo.pid, vmas, pct, rate, eta,
		   *ev ? "  " : "", ev) < 0 || fflush(stdout) == EOF)
		return -1;
	return 0;
}

static int demo_batch_header(const struct demo_batch *b)
{
	printf("vmatop demo: child %d adds %ld VMAs/s until ENOMEM, max_map_count %ld\n",
	       (int)b->demo.pid, b->demo.rate, b->snap.max_map_count);
	printf("%-12s %7s %8s %6s %9s %8s  %s\n", "TIME", "PID", "VMAS", "%MAX", "RATE/s", "ETA",
	       "EVENT");
	return fflush(stdout) == EOF ? -1 : 0;
}

/* One refresh: events first (an ENOMEM reported is then being held, so the
 * scan sees it), then the scan, then the line.  0, 1 (child gone), -1 error. */
static int demo_batch_refresh(struct demo_batch *b, long iter)
{
	char ev[256] = "", *cause = NULL;
	vt_demo_event e;
	int gone = 0;
	while (!gone && vt_demo_poll(&b->demo, &e) > 0)
		gone = demo_batch_event(&e, ev, sizeof(ev)) < 0;
	if (vt_scanner_scan(b->sc, &b->filter, &b->snap, &cause) < 0) {
		vt_errorf("%s", cause ? cause : "scan failed");
		free(cause);
		return -1;
	}
	vt_history_apply(b->hist, &b->snap);
	if ((iter == 0 && demo_batch_header(b) < 0) || demo_batch_line(b, ev) < 0) {
		if (errno != EPIPE)
			vt_errorf("write error: %s", strerror(errno));
		return -1;
	}
	return gone;
}

static int demo_batch_open(struct demo_batch *b, const vt_opts *o)
{
	char *cause = NULL;
	b->o = o;
	b->demo.fd = -1;
	vt_snapshot_init(&b->snap);
	b->sc = vt_scanner_new(NULL, o->backend, &cause);
	b->hist = vt_history_new(0, 0);
	if (b->sc && b->hist && vt_demo_start(o->demo_rate, &b->demo, &cause) == 0) {
		b->filter.pids = &b->demo.pid;
		b->filter.npids = 1;
		return 0;
	}
	vt_errorf("%s", cause ? cause : "cannot start the demo");
	free(cause);
	return -1;
}

static void demo_batch_close(struct demo_batch *b)
{
	vt_demo_stop(&b->demo);
	vt_snapshot_free(&b->snap);
	vt_history_free(b->hist);
	vt_scanner_free(b->sc);
}

int vt_cmd_demo(const vt_opts *o)
{
	struct demo_batch b;
	int status = 0;
	if (o->format != VT_FORMAT_TEXT) {
		vt_errorf("--demo: batch output is text only (no --json or --openmetrics)");
		return 2;
	}
	memset(&b, 0, sizeof(b));
	demo_batch_signal = 0;
	demo_batch_signals(&b, true);
	if (demo_batch_open(&b, o) == 0) {
		for (long iter = 0; o->iterations == 0 || iter < o->iterations; iter++) {
			if (iter > 0)
				vt_sleep(o->delay, &demo_batch_signal);
			if (demo_batch_signal)
				break;
			int r = demo_batch_refresh(&b, iter);
			if (r != 0) {
				status = 1;
				break;
			}
		}
	} else {
		status = 1;
	}
	demo_batch_close(&b);
	demo_batch_signals(&b, false);
	if (demo_batch_signal)
		raise(demo_batch_signal);   /* the old disposition decides: usually death by it */
	return status;
}
