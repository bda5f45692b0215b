/* Check mode: one line like a monitoring plugin (Nagios, Icinga, Sensu) and
 * the plugin's status: OK, WARNING, CRITICAL or UNKNOWN.
 *
 *   VMATOP OK - worst: java (pid 123) 1234 VMAs, 1.9% of vm.max_map_count 65530 | perfdata
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-private.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"

#define CHECK_NAME_MAX 128

static const char *const check_words[] = {
	[VT_CHECK_OK] = "OK",
	[VT_CHECK_WARNING] = "WARNING",
	[VT_CHECK_CRITICAL] = "CRITICAL",
	[VT_CHECK_UNKNOWN] = "UNKNOWN",
};

/* The process name for the plugin line: sanitized, and without '|', which
 * would start the perfdata (it becomes a control byte, then U+FFFD or '?'). */
static void check_name(char *dst, size_t sz, const char *raw, bool ascii)
{
	char *tmp = strdup(raw);
	if (!tmp) {
		snprintf(dst, sz, "?");
		return;
	}
	for (char *c = tmp; *c; c++)
		if (*c == '|')
			*c = '\x1f';
	vt_sanitize(dst, sz, tmp, strlen(tmp), ascii ? VT_SAN_ASCII : 0);
	free(tmp);
}

static int check_unknown(FILE *f, const char *why)
{
	fprintf(f, "VMATOP UNKNOWN - %s\n", why);
	return VT_CHECK_UNKNOWN;
}

/* The reason the check cannot judge, or NULL when it can. */
static const char *check_cannot(const vt_snapshot *s, const vt_check_opts *o, char *buf,
				size_t sz)
{
	for (int i = 0; i < o->npids; i++) {
		if (!vt_snapshot_find(s, o->pids[i])) {
			snprintf(buf, sz, "no process with pid %d", (int)o->pids[i]);
			return buf;
		}
	}
	if (s->max_map_count <= 0)
		return "vm.max_map_count is unreadable: no percentage to judge";
	if (vt_snapshot_worst(s))
		return NULL;
	if (s->scanned == 0)
		return "no process to check (the filters match none)";
	snprintf(buf, sz, "none of the %d processes' maps is readable (%s)", s->scanned,
		 s->unreadable_why ? s->unreadable_why : "permission denied");
	return buf;
}

static int check_status(double pct, const vt_check_opts *o)
{
	if (pct >= o->crit)
		return VT_CHECK_CRITICAL;
	if (pct >= o->warn)
		return VT_CHECK_WARNING;
	return VT_CHECK_OK;
}

static void check_perfdata(FILE *f, const vt_snapshot *s, const vt_proc *w, double pct,
			   const vt_check_opts *o)
{
	char p[64], warn[64], crit[64];
	vt_export_real(p, sizeof(p), 3, 1, pct);
	vt_export_real(warn, sizeof(warn), 10, 0, o->warn);
	vt_export_real(crit, sizeof(crit), 10, 0, o->crit);
	fprintf(f, " | worst_percent=%s%%;%s;%s;0 worst_vmas=%ld;;;0 max_map_count=%ld;;;0"
		" total_vmas=%ld;;;0 processes_scanned=%d;;;0 processes_unreadable=%d;;;0\n",
		p, warn, crit, w->vmas, s->max_map_count, s->total_vmas, s->scanned,
		s->unreadable);
}

int vt_write_check(FILE *f, const vt_snapshot *s, const vt_check_opts *o)
{
	char why[160], name[CHECK_NAME_MAX], pcts[64];
	const char *cannot = check_cannot(s, o, why, sizeof(why));
	if (cannot)
		return check_unknown(f, cannot);
	const vt_proc *w = vt_snapshot_worst(s);
	double pct = vt_percent(w->vmas, s->max_map_count);
	int status = check_status(pct, o);
	check_name(name, sizeof(name), w->comm, o->ascii);
	vt_export_real(pcts, sizeof(pcts), 1, 1, pct);
	fprintf(f, "VMATOP %s - worst: %s (pid %d) %ld VMAs, %s%% of vm.max_map_count %ld",
		check_words[status], name, (int)w->pid, w->vmas, pcts, s->max_map_count);
	if (s->unreadable > 0)
		fprintf(f, "; %d of %d processes unreadable", s->unreadable, s->scanned);
	check_perfdata(f, s, w, pct, o);
	return status;
}
