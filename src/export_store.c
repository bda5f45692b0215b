/* Writers over the recorder's store: --export csv|json (every sample) and one
 * process's samples (-p PID --since TIME, text or JSON). */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-private.h"
#include "vmatop/sanitize.h"

/* RFC 3339 UTC with milliseconds when there are some. */
static const char *iso_time(char *buf, size_t size, int64_t ms)
{
	struct tm tm;
	time_t secs = (time_t)(ms / 1000);
	if (!gmtime_r(&secs, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))
		return "";
	size_t n = strlen(buf);
	if (ms % 1000)
		snprintf(buf + n, size - n, ".%03dZ", (int)(ms % 1000));
	else
		snprintf(buf + n, size - n, "Z");
	return buf;
}

/* A CSV field: sanitized, quoted, quotes doubled. */
static void csv_field(FILE *f, const char *raw)
{
	char *clean = vt_sanitize_dup(raw ? raw : "", raw ? strlen(raw) : 0, 0);
	fputc('"', f);
	for (const char *p = clean ? clean : ""; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
	free(clean);
}

static json_t *json_clean(const char *raw)
{
	char *clean = vt_sanitize_dup(raw ? raw : "", raw ? strlen(raw) : 0, 0);
	json_t *j = json_string(clean ? clean : "");
	free(clean);
	return j;
}

static json_t *json_count_or_null(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? json_null() :
	       json_integer(sqlite3_column_int64(q, i));
}

static void export_row(FILE *f, sqlite3_stmt *q, vt_store_export_format fmt)
{
	char when[40];
	iso_time(when, sizeof(when), sqlite3_column_int64(q, 0));
	const char *user = (const char *)sqlite3_column_text(q, 3);
	const char *comm = (const char *)sqlite3_column_text(q, 4);
	if (fmt == VT_STORE_CSV) {
		fprintf(f, "%s,%lld,%lld,", when, (long long)sqlite3_column_int64(q, 1),
			(long long)sqlite3_column_int64(q, 2));
		csv_field(f, user);
		fputc(',', f);
		csv_field(f, comm);
		for (int i = 5; i <= 6; i++) {
			fputc(',', f);
			if (sqlite3_column_type(q, i) != SQLITE_NULL)
				fprintf(f, "%lld", (long long)sqlite3_column_int64(q, i));
		}
		fputc('\n', f);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "pid", json_integer(sqlite3_column_int64(q, 1)));
	json_object_set_new(o, "start_time", json_integer(sqlite3_column_int64(q, 2)));
	json_object_set_new(o, "user", json_clean(user));
	json_object_set_new(o, "comm", json_clean(comm));
	json_object_set_new(o, "vmas", json_count_or_null(q, 5));
	json_object_set_new(o, "max_map_count", json_count_or_null(q, 6));
	json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(o);
}

int vt_store_export(vt_store *st, FILE *f, vt_store_export_format fmt, char **cause)
{
	sqlite3_stmt *q = NULL;
	*cause = NULL;
	if (sqlite3_prepare_v2(st->db,
		"SELECT s.time, p.pid, p.start_time, p.user, p.comm, s.count,"
		" (SELECT max_map_count FROM scans c WHERE c.time <= s.time ORDER BY c.time DESC"
		"  LIMIT 1) FROM samples s JOIN processes p ON p.id = s.process"
		" ORDER BY s.time, p.pid", -1, &q, NULL) != SQLITE_OK)
		return vt_store_sqlfail(st, cause, "query");
	if (fmt == VT_STORE_CSV)
		fputs("time,pid,start_time,user,comm,vmas,max_map_count\n", f);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && !ferror(f))
		export_row(f, q, fmt);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return vt_store_sqlfail(st, cause, "cannot read the samples");
	if (fflush(f) == EOF || ferror(f))
		return vt_store_fail(cause, "write error: %s", strerror(errno));
	return 0;
}

static int series_json(FILE *f, const vt_store_series *s)
{
	char when[40];
	json_t *o = json_object(), *pts = json_array(), *others = json_array();
	json_object_set_new(o, "pid", json_integer(s->pid));
	json_object_set_new(o, "start_time", json_integer((json_int_t)s->start_time));
	json_object_set_new(o, "comm", json_clean(s->comm));
	json_object_set_new(o, "cmdline", json_clean(s->cmdline));
	json_object_set_new(o, "user", json_clean(s->user));
	json_object_set_new(o, "first_seen", json_string(iso_time(when, sizeof(when),
								 s->first_seen_ms)));
	json_object_set_new(o, "last_seen", json_string(iso_time(when, sizeof(when),
								s->last_seen_ms)));
	json_object_set_new(o, "exited", json_boolean(s->exited));
	json_object_set_new(o, "last_vmas", s->last_count < 0 ? json_null() :
			    json_integer(s->last_count));
	for (size_t i = 0; i < s->nothers; i++)
		json_array_append_new(others, json_integer((json_int_t)s->others[i]));
	json_object_set_new(o, "other_start_times", others);
	for (size_t i = 0; i < s->npoints; i++) {
		json_t *p = json_object();
		json_object_set_new(p, "time", json_string(iso_time(when, sizeof(when),
								   s->points[i].time_ms)));
		json_object_set_new(p, "vmas", s->points[i].count < 0 ? json_null() :
				    json_integer(s->points[i].count));
		json_array_append_new(pts, p);
	}
	json_object_set_new(o, "samples", pts);
	int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(o);
	return rc;
}

static const char *local_time(char *buf, size_t size, int64_t ms)
{
	struct tm tm;
	time_t secs = (time_t)(ms / 1000);
	if (!localtime_r(&secs, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm))
		return "?";
	return buf;
}

static void series_text(FILE *f, const vt_store_series *s, bool ascii)
{
	char comm[128], a[40], b[40];
	vt_sanitize(comm, sizeof(comm), s->comm, strlen(s->comm), ascii ? VT_SAN_ASCII : 0);
	fprintf(f, "pid %d (%s) start time %llu, seen %s to %s%s\n", (int)s->pid, comm,
		s->start_time, local_time(a, sizeof(a), s->first_seen_ms),
		local_time(b, sizeof(b), s->last_seen_ms), s->exited ? " (exited)" : "");
	for (size_t i = 0; i < s->nothers; i++)
		fprintf(f, "pid %d was reused: another process has start time %llu (--start %llu)\n",
			(int)s->pid, s->others[i], s->others[i]);
	fprintf(f, "%-19s %8s\n", "TIME", "VMAS");
	for (size_t i = 0; i < s->npoints; i++) {
		if (s->points[i].count < 0)
			fprintf(f, "%-19s %8s\n", local_time(a, sizeof(a), s->points[i].time_ms), "-");
		else
			fprintf(f, "%-19s %8ld\n", local_time(a, sizeof(a), s->points[i].time_ms),
				s->points[i].count);
	}
}

int vt_write_series(FILE *f, const vt_store_series *s, bool json, bool ascii)
{
	if (json)
		return series_json(f, s) < 0 ? -1 : 0;
	series_text(f, s, ascii);
	return ferror(f) ? -1 : 0;
}
