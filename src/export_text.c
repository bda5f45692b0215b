/* The text writer: a header and a table, like top -b. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vmatop/export.h"
#include "vmatop/format.h"
#include "vmatop/sanitize.h"

#define CMD_MAX 512

static void fmt_percent(char *buf, size_t sz, long vmas, long limit)
{
	double pct = vt_percent(vmas, limit);
	if (isnan(pct))
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%.1f", pct);
}

int vt_write_text_header(FILE *f, const vt_snapshot *s, bool ascii)
{
	char host[256], lim[32], pct[32];
	unsigned san = ascii ? VT_SAN_ASCII : 0;
	vt_sanitize(host, sizeof(host), s->host, strlen(s->host), san);
	if (s->max_map_count >= 0)
		snprintf(lim, sizeof(lim), "%ld", s->max_map_count);
	else
		snprintf(lim, sizeof(lim), "unreadable (no percentages)");
	fprintf(f, "vmatop - %s, kernel %s, vm.max_map_count %s, counting with %s\n",
		host, s->kernel, lim, s->backend ? s->backend : "text");
	fprintf(f, "Processes: %d scanned, %d unreadable; VMAs: %ld in all", s->scanned,
		s->unreadable, s->total_vmas);
	const vt_proc *w = vt_snapshot_worst(s);
	if (w) {
		char comm[64];
		vt_sanitize(comm, sizeof(comm), w->comm, strlen(w->comm), san);
		fmt_percent(pct, sizeof(pct), w->vmas, s->max_map_count);
		fprintf(f, "; worst: %s (%d) %ld VMAs, %s%s of the limit", comm, (int)w->pid, w->vmas,
			pct, strcmp(pct, "-") ? "%" : "");
	}
	fputc('\n', f);
	if (s->unreadable > 0)
		fprintf(f, "Note: %d processes' maps are not readable (shown as -): %s\n",
			s->unreadable, s->unreadable_why ? s->unreadable_why : "permission denied");
	return ferror(f) ? -1 : 0;
}

static void write_row(FILE *f, const vt_proc *p, const vt_snapshot *s, const vt_text_opts *o)
{
	char user[64], comm[128], cmd[CMD_MAX * 3 + 1], vmas[24], pct[32], rate[32], eta[16];
	unsigned san = o->ascii ? VT_SAN_ASCII : 0;
	vt_sanitize(user, sizeof(user), p->user, strlen(p->user), san);
	vt_sanitize(comm, sizeof(comm), p->comm, strlen(p->comm), san);
	size_t cl = strlen(p->cmdline);
	vt_sanitize(cmd, sizeof(cmd), p->cmdline, cl > CMD_MAX ? CMD_MAX : cl, san);
	if (p->vmas == VT_UNKNOWN)
		snprintf(vmas, sizeof(vmas), "-");
	else
		snprintf(vmas, sizeof(vmas), "%ld", p->vmas);
	fmt_percent(pct, sizeof(pct), p->vmas, s->max_map_count);
	fprintf(f, "%7d %-10.10s %8s %6s ", (int)p->pid, user, vmas, pct);
	if (o->rate) {
		if (isnan(p->rate))
			snprintf(rate, sizeof(rate), "-");
		else
			snprintf(rate, sizeof(rate), "%+.1f", p->rate);
		fprintf(f, "%8s %6s ", rate, vt_format_eta(eta, sizeof(eta), p->eta));
	}
	const char *mark = vt_proc_mark(p);
	if (mark)
		fprintf(f, "%s %s%s%s\n", comm, mark, cmd[0] ? "  " : "", cmd);
	else if (p->kthread)
		fprintf(f, "[%s]\n", comm);
	else if (cmd[0])
		fprintf(f, "%s  %s\n", comm, cmd);
	else
		fprintf(f, "%s\n", comm);
}

int vt_write_text(FILE *f, const vt_snapshot *s, const vt_text_opts *o)
{
	if (vt_write_text_header(f, s, o->ascii) < 0)
		return -1;
	fputc('\n', f);
	fprintf(f, "%7s %-10s %8s %6s ", "PID", "USER", "VMAS", "%MAX");
	if (o->rate)
		fprintf(f, "%8s %6s ", "RATE/s", "ETA");
	fprintf(f, "COMMAND\n");
	size_t n = s->nprocs;
	if (o->top > 0 && (size_t)o->top < n)
		n = (size_t)o->top;
	for (size_t i = 0; i < n; i++)
		write_row(f, &s->procs[i], s, o);
	return ferror(f) ? -1 : 0;
}
