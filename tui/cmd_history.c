/* --db PATH looking back: -b --at TIME (the listing then), -p PID --since
 * TIME (one process's samples), --export csv|json, --events (the recorded
 * ENOMEM events). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"
#include "vmatop/store.h"

static int history_at(vt_store *st, const vt_opts *o)
{
	char *cause = NULL;
	vt_snapshot snap;
	vt_snapshot_init(&snap);
	if (vt_store_at(st, o->at_ms, 0, &snap, &cause) < 0) {
		vt_errorf("--at: %s", cause ? cause : "nothing recorded then");
		free(cause);
		vt_snapshot_free(&snap);
		return 1;
	}
	vt_filter f;
	vt_filter_from_opts(&f, o);
	vt_snapshot_filter(&snap, &f);
	vt_snapshot_sort(&snap, o->sort, o->invert);
	vt_text_opts to = { .top = o->top, .rate = false, .ascii = !vt_locale_is_utf8() };
	int rc = o->format == VT_FORMAT_JSON ? vt_write_json(stdout, &snap, o->top) :
		 vt_write_text(stdout, &snap, &to);
	int status = rc < 0 || fflush(stdout) == EOF ? 1 : 0;
	if (!status && vt_report_missing_pids(o, &snap) > 0)
		status = 1;
	vt_snapshot_free(&snap);
	return status;
}

static int history_since(vt_store *st, const vt_opts *o)
{
	char *cause = NULL;
	vt_store_series s;
	if (vt_store_series_get(st, o->pids[0], o->start, o->since_ms, &s, &cause) < 0) {
		vt_errorf("-p: %s", cause ? cause : "not recorded");
		free(cause);
		return 1;
	}
	int rc = vt_write_series(stdout, &s, o->format == VT_FORMAT_JSON, !vt_locale_is_utf8());
	vt_store_series_free(&s);
	return rc < 0 || fflush(stdout) == EOF ? 1 : 0;
}

/* -b --db PATH --events [--since T] [-p PID]: the recorded events, oldest first. */
static int history_events(vt_store *st, const vt_opts *o)
{
	char *cause = NULL;
	vt_event *evs = NULL;
	size_t n = 0;
	int64_t since_ns = o->since_given ? o->since_ms * 1000000LL : 0;
	if (vt_store_events(st, since_ns, o->npids ? o->pids[0] : 0, &evs, &n, &cause) < 0) {
		vt_errorf("--events: %s", cause ? cause : "cannot read the events");
		free(cause);
		return 1;
	}
	int rc = 0;
	bool ascii = !vt_locale_is_utf8();
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = o->format == VT_FORMAT_JSON ? vt_write_event_json(stdout, &evs[i])
						 : vt_write_event_text(stdout, &evs[i], ascii);
	free(evs);
	bool bad = rc < 0 || fflush(stdout) == EOF;
	if (bad && errno != EPIPE)
		vt_errorf("write error: %s", strerror(errno));
	return bad;
}

int vt_cmd_history(const vt_opts *o)
{
	char *cause = NULL;
	vt_store *st = vt_store_open(o->db, VT_STORE_READ, &cause);
	if (!st) {
		vt_errorf("--db: %s", cause ? cause : "cannot open");
		free(cause);
		return 1;
	}
	int status;
	if (o->export_fmt) {
		status = vt_store_export(st, stdout, o->export_fmt == 1 ? VT_STORE_CSV :
					 VT_STORE_JSON, &cause) < 0;
		if (status)
			vt_errorf("--export: %s", cause ? cause : "failed");
		free(cause);
	} else if (o->db_events) {
		status = history_events(st, o);
	} else if (o->since_given) {
		status = history_since(st, o);
	} else {
		status = history_at(st, o);
	}
	vt_store_close(st);
	return status;
}
