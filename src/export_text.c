/* The text writer: a header and a table, like top -b. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vmatop/columns.h"
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

/* The batch's columns: the configured set, or PID USER VMAS %MAX [RATE/s] COMMAND. */
static void text_columns(const vt_text_opts *o, vt_col_set *set)
{
	static const int batch[] = { VT_COL_PID, VT_COL_USER, VT_COL_VMAS, VT_COL_PERCENT,
				     VT_COL_RATE, VT_COL_ETA, VT_COL_COMMAND };
	if (o->columns) {
		*set = *o->columns;
		if (o->cgroup && !vt_col_set_has(set, VT_COL_CONTAINER))
			vt_col_set_toggle(set, VT_COL_CONTAINER);
		return;
	}
	set->n = 0;
	for (size_t i = 0; i < sizeof(batch) / sizeof(batch[0]); i++)
		if ((batch[i] != VT_COL_RATE && batch[i] != VT_COL_ETA) || o->rate)
			set->ids[set->n++] = batch[i];
	if (o->cgroup)
		vt_col_set_toggle(set, VT_COL_CONTAINER);
}

/* One cell: sanitized, the last column unpadded, the others padded to width. */
static void write_cell(FILE *f, const vt_column *c, const char *text, unsigned san, bool last)
{
	char cell[CMD_MAX * 3 + 1];
	size_t n = strlen(text);
	if (last) {
		vt_sanitize(cell, sizeof(cell), text, n > CMD_MAX ? CMD_MAX : n, san);
		fputs(cell, f);
		return;
	}
	size_t room = (size_t)c->width + 1 < sizeof(cell) ? (size_t)c->width + 1 : sizeof(cell);
	vt_sanitize(cell, room, text, n, san);
	fprintf(f, c->right ? "%*s " : "%-*s ", c->width, cell);
}

static void write_row(FILE *f, const vt_proc *p, const vt_col_set *set, const vt_col_ctx *cc,
		      unsigned san)
{
	char text[CMD_MAX * 2 + 64];
	for (int i = 0; i < set->n; i++) {
		const vt_column *c = vt_column_get(set->ids[i]);
		c->text(p, cc, text, sizeof(text));
		write_cell(f, c, text, san, i == set->n - 1);
	}
	fputc('\n', f);
}

static void write_titles(FILE *f, const vt_col_set *set, bool ascii)
{
	for (int i = 0; i < set->n; i++) {
		const vt_column *c = vt_column_get(set->ids[i]);
		const char *title = ascii ? c->ascii_title : c->title;
		if (i == set->n - 1)
			fputs(title, f);
		else
			fprintf(f, c->right ? "%*s " : "%-*s ", c->width, title);
	}
	fputc('\n', f);
}

int vt_write_text(FILE *f, const vt_snapshot *s, const vt_text_opts *o)
{
	vt_col_set set;
	vt_col_ctx cc = { .limit = s->max_map_count, .utf8 = !o->ascii, .warn = 50, .crit = 80 };
	if (vt_write_text_header(f, s, o->ascii) < 0)
		return -1;
	fputc('\n', f);
	text_columns(o, &set);
	write_titles(f, &set, o->ascii);
	size_t n = s->nprocs;
	if (o->top > 0 && (size_t)o->top < n)
		n = (size_t)o->top;
	for (size_t i = 0; i < n; i++)
		write_row(f, &s->procs[i], &set, &cc, o->ascii ? VT_SAN_ASCII : 0);
	return ferror(f) ? -1 : 0;
}
