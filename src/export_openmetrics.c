/* The OpenMetrics / Prometheus text writer, for node_exporter's textfile
 * collector and `promtool check metrics`.
 *
 * The output is valid in both the Prometheus text format 0.0.4 (which reads
 * the closing "# EOF" as a comment) and OpenMetrics 1.0 (which requires it).
 * Every series is a gauge (names avoid the suffixes promtool's linter keeps
 * for other types: _total, _count, _sum, _bucket) except the recorder's
 * counter of ENOMEM events, vmatop_enomem_events_total. */
#include <locale.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export-private.h"
#include "vmatop/export.h"
#include "vmatop/sanitize.h"

#define OM_RATIO_DIGITS 10
#define OM_COMM_MAX 256     /* a comm is at most 15 bytes; room for U+FFFD */

void vt_export_real(char *buf, size_t sz, int prec, int fixed, double v)
{
	snprintf(buf, sz, fixed ? "%.*f" : "%.*g", prec, v);
	const char *dp = localeconv()->decimal_point;
	if (!dp || !strcmp(dp, ".") || !*dp)
		return;
	char *at = strstr(buf, dp);
	if (!at)
		return;
	size_t dl = strlen(dp);
	*at = '.';
	memmove(at + 1, at + dl, strlen(at + dl) + 1);
}

static void om_family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* A label value: sanitized, then backslash, double quote and newline escaped. */
static void om_label_value(FILE *f, const char *raw)
{
	char clean[OM_COMM_MAX];
	vt_sanitize(clean, sizeof(clean), raw, strlen(raw), 0);
	for (const char *c = clean; *c; c++) {
		if (*c == '\\')
			fputs("\\\\", f);
		else if (*c == '"')
			fputs("\\\"", f);
		else if (*c == '\n')
			fputs("\\n", f);
		else
			fputc(*c, f);
	}
}

static void om_ratio_value(FILE *f, long vmas, long limit)
{
	char buf[64];
	vt_export_real(buf, sizeof(buf), OM_RATIO_DIGITS, 0, vt_percent(vmas, limit) / 100.0);
	fputs(buf, f);
}

static void om_header(FILE *f, const vt_snapshot *s)
{
	om_family(f, "vmatop_max_map_count_limit",
		  "The kernel's vm.max_map_count: the most VMAs one process may map "
		  "(absent when unreadable).");
	if (s->max_map_count >= 0)
		fprintf(f, "vmatop_max_map_count_limit %ld\n", s->max_map_count);
	om_family(f, "vmatop_worst_ratio",
		  "VMAs of the process with the most, as a ratio of vm.max_map_count "
		  "(may exceed 1).");
	const vt_proc *w = vt_snapshot_worst(s);
	if (w && s->max_map_count > 0) {
		fputs("vmatop_worst_ratio ", f);
		om_ratio_value(f, w->vmas, s->max_map_count);
		fputc('\n', f);
	}
	om_family(f, "vmatop_vmas", "VMAs of all scanned processes whose count is readable.");
	fprintf(f, "vmatop_vmas %ld\n", s->total_vmas);
	om_family(f, "vmatop_processes_scanned", "Processes examined by the scan.");
	fprintf(f, "vmatop_processes_scanned %d\n", s->scanned);
	om_family(f, "vmatop_processes_unreadable",
		  "Processes whose VMA count could not be read (no permission).");
	fprintf(f, "vmatop_processes_unreadable %d\n", s->unreadable);
}

/* NAME="VALUE" when the value is known, after a comma unless it is the first. */
static void om_opt_label(FILE *f, bool *first, const char *name, const char *raw)
{
	if (!raw)
		return;
	fprintf(f, "%s%s=\"", *first ? "" : ",", name);
	om_label_value(f, raw);
	fputc('"', f);
	*first = false;
}

/* The container (short id), pod, namespace and unit labels that are known. */
static void om_cgroup_labels(FILE *f, const vt_cgroup *cg, bool first)
{
	char id[VT_CONTAINER_SHORT + 1];
	if (cg->container)
		snprintf(id, sizeof(id), "%.*s", VT_CONTAINER_SHORT, cg->container);
	om_opt_label(f, &first, "container", cg->container ? id : NULL);
	om_opt_label(f, &first, "pod", cg->pod);
	om_opt_label(f, &first, "namespace", cg->namespace);
	om_opt_label(f, &first, "unit", cg->unit);
}

static void om_labels(FILE *f, const vt_proc *p)
{
	fprintf(f, "{pid=\"%d\",comm=\"", (int)p->pid);
	om_label_value(f, p->comm);
	fputc('"', f);
	om_cgroup_labels(f, &p->cg, false);
	fputc('}', f);
}

/* The first top processes with a known count (0 = all), in snapshot order. */
static size_t om_pick(const vt_snapshot *s, long top, const vt_proc **out)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		if (top > 0 && n >= (size_t)top)
			break;
		if (s->procs[i].vmas != VT_UNKNOWN)
			out[n++] = &s->procs[i];
	}
	return n;
}

static void om_processes(FILE *f, const vt_snapshot *s, const vt_proc **pick, size_t n)
{
	om_family(f, "vmatop_process_vmas", "VMAs of one process (the top N by the sort order).");
	for (size_t i = 0; i < n; i++) {
		fputs("vmatop_process_vmas", f);
		om_labels(f, pick[i]);
		fprintf(f, " %ld\n", pick[i]->vmas);
	}
	om_family(f, "vmatop_process_ratio",
		  "VMAs of one process as a ratio of vm.max_map_count (may exceed 1).");
	if (s->max_map_count <= 0)
		return;
	for (size_t i = 0; i < n; i++) {
		fputs("vmatop_process_ratio", f);
		om_labels(f, pick[i]);
		fputc(' ', f);
		om_ratio_value(f, pick[i]->vmas, s->max_map_count);
		fputc('\n', f);
	}
}

/* The recorder's count of ENOMEM events by cause: a counter, so its family
 * is named with _total as the Prometheus text format 0.0.4 (the textfile
 * collector's) wants; absent when no recorder counted them. */
static void om_enomem(FILE *f, const vt_snapshot *s)
{
	static const char *const causes[2] = { "memory", "max_map_count" };
	if (s->enomem_events[0] < 0 || s->enomem_events[1] < 0)
		return;
	fputs("# HELP vmatop_enomem_events_total ENOMEM failures of mmap, mprotect, munmap, "
	      "mremap, brk and madvise caught and recorded, by cause (max_map_count: the "
	      "process was at the VMA limit).\n# TYPE vmatop_enomem_events_total counter\n", f);
	for (int c = 0; c < 2; c++)
		fprintf(f, "vmatop_enomem_events_total{cause=\"%s\"} %lld\n", causes[c],
			s->enomem_events[c]);
}

static void om_eta(FILE *f, const vt_snapshot *s, const vt_proc **pick, size_t n)
{
	char buf[64];
	om_family(f, "vmatop_seconds_to_limit",
		  "Seconds until the process reaches vm.max_map_count at its current growth "
		  "rate (absent when it is not growing).");
	if (s->max_map_count <= 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(pick[i]->eta) || pick[i]->eta < 0)
			continue;
		fputs("vmatop_seconds_to_limit", f);
		om_labels(f, pick[i]);
		vt_export_real(buf, sizeof(buf), 1, 1, pick[i]->eta);
		fprintf(f, " %s\n", buf);
	}
}

/* Per container: the worst process's ratio and the sum of VMAs. */
static void om_containers(FILE *f, const vt_snapshot *s)
{
	vt_cgroup_group *g;
	size_t n;
	if (vt_cgroup_groups(s, NULL, NULL, &g, &n) < 0)
		return;
	om_family(f, "vmatop_container_worst_ratio",
		  "VMAs of a container's process with the most, as a ratio of vm.max_map_count.");
	for (size_t i = 0; s->max_map_count > 0 && i < n; i++) {
		if (g[i].kind != VT_GROUP_CONTAINER || !g[i].worst)
			continue;
		fputs("vmatop_container_worst_ratio{", f);
		om_cgroup_labels(f, &g[i].first->cg, true);
		fputs("} ", f);
		om_ratio_value(f, g[i].worst->vmas, s->max_map_count);
		fputc('\n', f);
	}
	om_family(f, "vmatop_container_vmas", "VMAs of all processes of a container.");
	for (size_t i = 0; i < n; i++) {
		if (g[i].kind != VT_GROUP_CONTAINER || !g[i].worst)
			continue;
		fputs("vmatop_container_vmas{", f);
		om_cgroup_labels(f, &g[i].first->cg, true);
		fprintf(f, "} %ld\n", g[i].vmas);
	}
	free(g);
}

int vt_write_openmetrics(FILE *f, const vt_snapshot *s, long top)
{
	const vt_proc **pick = calloc(s->nprocs ? s->nprocs : 1, sizeof(*pick));
	if (!pick)
		return -1;
	size_t n = om_pick(s, top, pick);
	om_header(f, s);
	om_processes(f, s, pick, n);
	om_eta(f, s, pick, n);
	om_containers(f, s);
	om_enomem(f, s);
	fputs("# EOF\n", f);
	free(pick);
	return ferror(f) ? -1 : 0;
}
