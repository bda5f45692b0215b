/* The ENOMEM event writers: one JSON Lines object (the field names of
 * DESIGN.md) or one text line per event.  comm and cgroup are raw kernel
 * bytes: sanitized here, so the JSON is always valid UTF-8. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export-private.h"
#include "vmatop/events.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"

/* A fixed-size raw field, sanitized (NULL on ENOMEM). */
static char *event_clean(const char *raw, size_t cap, unsigned flags)
{
	return vt_sanitize_dup(raw, strnlen(raw, cap), flags);
}

void vt_event_time_text(char *buf, size_t sz, int64_t time_ns, bool utc)
{
	struct tm tm;
	time_t secs = (time_t)(time_ns / 1000000000LL);
	int ms = (int)((time_ns % 1000000000LL) / 1000000LL);
	char base[32];
	if (time_ns < 0 || !(utc ? gmtime_r(&secs, &tm) : localtime_r(&secs, &tm)) ||
	    strftime(base, sizeof(base), utc ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		snprintf(buf, sz, "?");
		return;
	}
	snprintf(buf, sz, "%s.%03d%s", base, ms, utc ? "Z" : "");
}

static json_t *event_json(const vt_event *ev)
{
	char when[48];
	char *comm = event_clean(ev->comm, sizeof(ev->comm), 0);
	char *cgroup = event_clean(ev->cgroup, sizeof(ev->cgroup), 0);
	json_t *obj = NULL;
	vt_event_time_text(when, sizeof(when), ev->time_ns, true);
	if (comm && cgroup)
		obj = json_pack("{s:s, s:i, s:i, s:s, s:s, s:I, s:o, s:o, s:s, s:o}",
				"time", when,
				"pid", (int)ev->pid,
				"tid", (int)ev->tid,
				"comm", comm,
				"syscall", ev->syscall,
				"len", (json_int_t)ev->len,
				"map_count", ev->map_count < 0 ? json_null() : json_integer(ev->map_count),
				"max_map_count",
				ev->max_map_count < 0 ? json_null() : json_integer(ev->max_map_count),
				"cause", vt_event_cause_name(ev->cause),
				"cgroup", cgroup[0] ? json_string(cgroup) : json_null());
	free(comm);
	free(cgroup);
	return obj;
}

int vt_write_event_json(FILE *f, const vt_event *ev)
{
	return vt_json_write_line(f, event_json(ev), JSON_PRESERVE_ORDER);
}

static void count_text(char *buf, size_t sz, int64_t v)
{
	if (v < 0)
		snprintf(buf, sz, "?");
	else
		snprintf(buf, sz, "%lld", (long long)v);
}

int vt_write_event_text(FILE *f, const vt_event *ev, bool ascii)
{
	char when[48], count[24], limit[24];
	unsigned flags = ascii ? VT_SAN_ASCII : 0;
	char *comm = event_clean(ev->comm, sizeof(ev->comm), flags);
	char *cgroup = event_clean(ev->cgroup, sizeof(ev->cgroup), flags);
	if (!comm || !cgroup) {
		free(comm);
		free(cgroup);
		errno = ENOMEM;
		return -1;
	}
	vt_event_time_text(when, sizeof(when), ev->time_ns, false);
	count_text(count, sizeof(count), ev->map_count);
	count_text(limit, sizeof(limit), ev->max_map_count);
	fprintf(f, "%s pid %d tid %d %s: %s of %llu bytes: ENOMEM at %s of %s VMAs: %s%s%s\n",
		when, (int)ev->pid, (int)ev->tid, comm, ev->syscall, (unsigned long long)ev->len,
		count, limit, vt_event_cause_name(ev->cause), cgroup[0] ? " cgroup " : "", cgroup);
	free(comm);
	free(cgroup);
	return ferror(f) ? -1 : 0;
}
