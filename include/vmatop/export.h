/* vmatop core: writers over a snapshot (text table like top -b, JSON, OpenMetrics). */
#ifndef VMATOP_EXPORT_H
#define VMATOP_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "vmatop/event.h"
#include "vmatop/columns.h"
#include "vmatop/options.h"
#include "vmatop/proc.h"

typedef struct vt_text_opts {
	long top;          /* rows at most; 0 = all */
	bool rate;         /* show the rate column (batch with -n > 1) */
	bool ascii;        /* sanitize to ASCII (non-UTF-8 locale) */
	int width;         /* truncate rows to this width; 0 = no limit */
	const vt_col_set *columns; /* the columns in order (vmatoprc); NULL: the batch's own */
	bool cgroup;       /* add the CONTAINER/UNIT column (--containers) */
} vt_text_opts;

/* The header and the table.  0, or -1 on a write error (errno). */
int vt_write_text(FILE *f, const vt_snapshot *s, const vt_text_opts *o);
/* The header lines only (shared with the TUI's wording). */
int vt_write_text_header(FILE *f, const vt_snapshot *s, bool ascii);

/* JSON (export_json.c): one compact document and '\n' per snapshot (JSON
 * Lines), the field names of DESIGN.md; unknown values are null.  Processes
 * in snapshot order, at most top (0 = all).  0, or -1 (errno). */
int vt_write_json(FILE *f, const vt_snapshot *s, long top);

/* OpenMetrics (export_openmetrics.c): the text exposition format, ending in
 * "# EOF"; per-process series for the first top processes whose count is
 * known (0 = all).  0, or -1 (errno). */
int vt_write_openmetrics(FILE *f, const vt_snapshot *s, long top);

/* Check mode (export_check.c): one monitoring-plugin line for the worst
 * process.  Returns the plugin status (VT_CHECK_*), never fails. */
#define VT_CHECK_OK       0
#define VT_CHECK_WARNING  1
#define VT_CHECK_CRITICAL 2
#define VT_CHECK_UNKNOWN  3
typedef struct vt_check_opts {
	double warn, crit;     /* percent of the limit: WARNING when >= warn, ... */
	const pid_t *pids;     /* -p: UNKNOWN when one of these is not in the snapshot */
	int npids;
	bool ascii;            /* sanitize the name to ASCII */
} vt_check_opts;
int vt_write_check(FILE *f, const vt_snapshot *s, const vt_check_opts *o);

/* ENOMEM events (export_events.c).  JSON: one compact object and '\n' per
 * event, fields time (RFC 3339 UTC with milliseconds), pid, tid, comm,
 * syscall, len, map_count, max_map_count (null when unknown), cause, cgroup
 * (null when unknown).  Text: one line, local time.  0, or -1 (errno). */
int vt_write_event_json(FILE *f, const vt_event *ev);
int vt_write_event_text(FILE *f, const vt_event *ev, bool ascii);
/* "2026-12-02T16:40:12.123Z" (utc) or "2026-12-02 16:40:12.123" (local). */
void vt_event_time_text(char *buf, size_t sz, int64_t time_ns, bool utc);

/* Machine output (export_file.c), VT_FORMAT_JSON or VT_FORMAT_OPENMETRICS:
 * vt_write_machine to a stream (0 or -1, errno); vt_write_atomic to path
 * through a temp file in the same directory, fsync and rename, mode 0666
 * minus the umask: 0, or -1 with *cause (the temp file is removed). */
int vt_write_machine(FILE *f, const vt_snapshot *s, vt_format format, long top);
/* The same for any content: fill writes the stream (0 or -1 with errno).
 * 0, or the errno with *what saying which step failed. */
typedef int (*vt_fill_fn)(FILE *f, void *arg);
int vt_atomic_write(const char *path, vt_fill_fn fill, void *arg, const char **what);
int vt_write_atomic(const char *path, const vt_snapshot *s, vt_format format, long top,
		    char **cause);

#endif
