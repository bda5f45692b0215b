/* The JSON writer (jansson): one compact document per snapshot, JSON Lines.
 *
 * Every string is sanitized first (control characters and invalid UTF-8
 * become U+FFFD), so jansson always gets valid UTF-8; values that are not
 * known are null, never 0. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export-private.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"

/* Reals are printed with this many significant digits (%.12g). */
#define JSON_DIGITS 12

/* A sanitized string, or NULL on ENOMEM. */
static json_t *json_sanitized(const char *raw)
{
	char *clean = vt_sanitize_dup(raw, strlen(raw), 0);
	if (!clean)
		return NULL;
	json_t *j = json_string(clean);
	free(clean);
	return j;
}

/* A sanitized string, or null when unknown. */
static json_t *json_sanitized_or_null(const char *raw)
{
	return raw ? json_sanitized(raw) : json_null();
}

static json_t *json_count(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *json_number_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* RFC 3339 UTC, whole seconds ("2026-11-22T00:15:38Z"): jq's fromdate reads it. */
static json_t *json_time(double t)
{
	char buf[32];
	struct tm tm;
	time_t secs = (time_t)t;
	if (!gmtime_r(&secs, &tm) || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return json_null();
	return json_string(buf);
}

/* json_object_set_new for a list of pairs: -1 when any value is NULL (ENOMEM).
 * Each value is consumed either way. */
static int json_set_all(json_t *obj, const char *const *keys, json_t **vals, size_t n)
{
	int rc = obj ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		if (!obj) {
			json_decref(vals[i]);
			continue;
		}
		if (json_object_set_new(obj, keys[i], vals[i]) < 0)
			rc = -1;
	}
	return rc;
}

static json_t *json_proc(const vt_proc *p, long limit)
{
	static const char *const keys[] = {
		"pid", "ppid", "user", "comm", "cmdline", "state", "vmas", "percent", "rate",
		"cgroup", "container", "pod_uid", "pod", "namespace", "unit",
		"eta_seconds",
		"threads",
	};
	char state[2] = { p->state ? p->state : '?', '\0' };
	json_t *vals[] = {
		json_integer(p->pid),
		json_integer(p->ppid),
		json_sanitized(p->user),
		json_sanitized(p->comm),
		json_sanitized(p->cmdline),
		json_sanitized(state),
		json_count(p->vmas),
		json_number_or_null(vt_percent(p->vmas, limit)),
		json_number_or_null(p->rate),
		json_sanitized_or_null(p->cg.path),
		json_sanitized_or_null(p->cg.container),
		json_sanitized_or_null(p->cg.pod_uid),
		json_sanitized_or_null(p->cg.pod),
		json_sanitized_or_null(p->cg.namespace),
		json_sanitized_or_null(p->cg.unit),
		json_number_or_null(p->eta),   /* null unless growing; 0 at the limit */
		p->threads > 0 ? json_integer(p->threads) : json_null(),
	};
	json_t *obj = json_object();
	if (json_set_all(obj, keys, vals, sizeof(vals) / sizeof(vals[0])) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *json_procs(const vt_snapshot *s, long top)
{
	json_t *arr = json_array();
	size_t n = s->nprocs;
	if (top > 0 && (size_t)top < n)
		n = (size_t)top;
	for (size_t i = 0; arr && i < n; i++) {
		if (json_array_append_new(arr, json_proc(&s->procs[i], s->max_map_count)) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *json_snapshot(const vt_snapshot *s, long top)
{
	static const char *const keys[] = {
		"time", "host", "kernel", "backend", "max_map_count", "total_vmas",
		"processes_scanned", "processes_unreadable", "processes",
	};
	json_t *vals[] = {
		json_time(s->time),
		json_sanitized(s->host),
		json_sanitized(s->kernel),
		json_sanitized(s->backend ? s->backend : "text"),
		json_count(s->max_map_count),
		json_integer(s->total_vmas),
		json_integer(s->scanned),
		json_integer(s->unreadable),
		json_procs(s, top),
	};
	json_t *obj = json_object();
	if (json_set_all(obj, keys, vals, sizeof(vals) / sizeof(vals[0])) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int vt_json_write_line(FILE *f, json_t *doc, size_t flags)
{
	if (!doc) {
		errno = ENOMEM;
		return -1;
	}
	errno = 0;
	int rc = json_dumpf(doc, f, flags | JSON_COMPACT | JSON_REAL_PRECISION(JSON_DIGITS));
	json_decref(doc);
	if (rc < 0 || fputc('\n', f) == EOF || ferror(f)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

int vt_write_json(FILE *f, const vt_snapshot *s, long top)
{
	return vt_json_write_line(f, json_snapshot(s, top), 0);
}
