/* vmatop record: the flight recorder in the foreground (for systemd).  A
 * sample every -d seconds into the store; SIGTERM/SIGINT finish the sample,
 * close the database and exit 0.  When BPF is available the ENOMEM catcher
 * runs too: every event is stored as it arrives (between samples), and the
 * --openmetrics file carries the stored count per cause. */
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
#include "vmatop/privs.h"
#include "vmatop/events.h"
#include "vmatop/export.h"
#include "vmatop/scan.h"
#include "vmatop/store.h"

static volatile sig_atomic_t record_stop;

static void record_on_signal(int sig)
{
	record_stop = sig;
}

static void record_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = record_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* One message per run of failures, and one when writing works again. */
struct record_errors {
	bool failing;
	bool om_failing;
};

/* The catcher's side of the recorder: events go to the store as they come. */
struct record_events {
	vt_events *catcher;      /* NULL: no BPF here (said once at start) */
	vt_store *st;
	struct record_errors *errs;  /* shared with the samples: one message per run of
				      * failed writes to the store, whichever write failed */
};

static void record_event(const vt_event *ev, void *arg)
{
	struct record_events *re = arg;
	char *cause = NULL;
	if (vt_store_add_event(re->st, ev, &cause) < 0 && !re->errs->failing) {
		vt_errorf("%s; ENOMEM events and samples are not kept until this is fixed",
			  cause ? cause : "cannot write the event");
		re->errs->failing = true;       /* the next good sample says it recovered */
	}
	free(cause);
}

/* The stored counts per cause into the snapshot (the OpenMetrics counter). */
static void record_event_totals(struct record_events *re, vt_snapshot *snap)
{
	uint64_t counts[2];
	char *cause = NULL;
	if (!re->catcher || vt_store_event_totals(re->st, counts, &cause) < 0) {
		free(cause);
		return;
	}
	snap->enomem_events[0] = (long long)counts[0];
	snap->enomem_events[1] = (long long)counts[1];
}

/* Sleep until the monotonic deadline, or a stop signal; store the ENOMEM
 * events that arrive meanwhile. */
static void sleep_until(double deadline, struct record_events *re)
{
	while (!record_stop) {
		double left = deadline - vt_clock_mono();
		if (left <= 0)
			return;
		if (re->catcher) {
			if (vt_events_poll(re->catcher, (int)ceil(left * 1000.0), record_event, re) < 0 &&
			    errno != EINTR) {
				vt_errorf("record: ENOMEM catcher: %s; events are no longer recorded",
					  strerror(errno));
				vt_events_close(re->catcher);
				re->catcher = NULL;
			}
			continue;
		}
		vt_sleep(left, &record_stop);
	}
}

/* The catcher, when this vmatop and this machine allow it: not fatal. */
static void record_events_start(struct record_events *re, const vt_opts *o)
{
	char *cause = NULL;
	vt_events_filter f = {
		.pids = o->npids ? o->pids : NULL,
		.npids = (size_t)o->npids,
		.by_uid = o->by_uid,
		.uid = o->uid,
	};
	re->catcher = vt_events_open(&f, VT_EVENTS_CGROUP, &cause);
	if (!re->catcher)
		vt_errorf("record: ENOMEM events are not recorded: %s",
			  cause ? cause : "the catcher cannot start");
	free(cause);
}

static void record_sample(vt_store *st, const vt_opts *o, const vt_snapshot *snap,
			  struct record_errors *e)
{
	char *cause = NULL;
	if (vt_store_record(st, snap, NULL, &cause) < 0) {
		if (!e->failing)
			vt_errorf("%s; samples are not kept until this is fixed, still sampling",
				  cause ? cause : "cannot write the sample");
		e->failing = true;
	} else if (e->failing) {
		vt_errorf("%s: writing samples again", o->db);
		e->failing = false;
	}
	free(cause);
	cause = NULL;
	if (!o->om_file)
		return;
	if (vt_write_atomic(o->om_file, snap, VT_FORMAT_OPENMETRICS, 10, &cause) < 0) {
		if (!e->om_failing)
			vt_errorf("%s", cause ? cause : "--openmetrics: write error");
		e->om_failing = true;
	} else {
		e->om_failing = false;
	}
	free(cause);
}

int vt_cmd_record(const vt_opts *o)
{
	char *cause = NULL;
	vt_filter f;
	vt_snapshot snap;
	struct record_errors errs = { false, false };

	vt_filter_from_opts(&f, o);
	vt_store *st = vt_store_open(o->db, VT_STORE_WRITE, &cause);
	if (!st) {
		vt_errorf("record: %s", cause ? cause : "cannot open the database");
		free(cause);
		return 1;
	}
	vt_store_set_retention(st, o->retention_ms);
	vt_scanner *sc = vt_scanner_new(NULL, o->backend, &cause);
	if (sc && vt_scanner_set_pods_root(sc, o->pods_dir) < 0) {
		vt_scanner_free(sc);
		sc = NULL;
		cause = strdup("out of memory");
	}
	if (!sc) {
		vt_errorf("record: %s", cause ? cause : "cannot start the scanner");
		free(cause);
		vt_store_close(st);
		return 1;
	}
	struct record_events re = { .st = st, .errs = &errs };
	record_events_start(&re, o);
	if (vt_privs_keep(vt_privs_for_backend(vt_scanner_backend(sc)), &cause) < 0) {
		vt_errorf("record: %s", cause ? cause : "cannot drop capabilities");
		free(cause);
		vt_events_close(re.catcher);
		vt_scanner_free(sc);
		vt_store_close(st);
		return 1;
	}
	record_signals();
	vt_snapshot_init(&snap);
	double next = vt_clock_mono();
	int status = 0;
	while (!record_stop) {
		if (vt_scanner_scan(sc, &f, &snap, &cause) < 0) {
			vt_errorf("record: %s", cause ? cause : "scan failed");
			free(cause);
			status = 1;
			break;
		}
		record_event_totals(&re, &snap);
		record_sample(st, o, &snap, &errs);
		next += o->delay;
		if (next < vt_clock_mono())           /* a slow scan: no burst to catch up */
			next = vt_clock_mono() + o->delay;
		sleep_until(next, &re);
	}
	if (re.catcher)
		vt_events_poll(re.catcher, 0, record_event, &re);   /* what is still queued */
	vt_events_close(re.catcher);
	vt_snapshot_free(&snap);
	vt_scanner_free(sc);
	vt_store_close(st);
	return status;
}
