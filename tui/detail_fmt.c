/* The detail pane's pure text helpers (no curses): see detail.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "detail.h"
#include "vmatop/format.h"
#include "vmatop/proc.h"
#include "vmatop/sanitize.h"

#define NAME_SHOWN 128
#define GRAPH_SUB 8          /* levels per cell (eighth blocks) */

void vt_detail_duration(char *buf, size_t sz, double secs)
{
	vt_format_duration(buf, sz, secs, " ");
}

void vt_detail_rate(char *buf, size_t sz, double rate)
{
	if (isnan(rate))
		snprintf(buf, sz, "-");
	else if (fabs(rate) >= 100.0)
		snprintf(buf, sz, "%+.0f/s", rate);
	else if (fabs(rate) < 0.05)
		snprintf(buf, sz, "0.0/s");
	else
		snprintf(buf, sz, "%+.1f/s", rate);
}

static bool type_has_files(vt_vma_type t)
{
	return t == VT_TYPE_SHM || t == VT_TYPE_EXE || t == VT_TYPE_LIB || t == VT_TYPE_FILE;
}

const char *vt_detail_summary(char *buf, size_t sz, const vt_grouping *g,
			      const vt_type_group *t, bool utf8)
{
	const char *dot = utf8 ? "\xC2\xB7" : "-";
	const vt_path_group *top = vt_group_top(t);
	char name[NAME_SHOWN * 3 + 1];
	size_t n = 0;
	const char *s = top ? vt_group_basename(g, top, &n) : "";

	if (!top) {
		snprintf(buf, sz, "no VMAs");
		return buf;
	}
	if (n == 0)
		snprintf(name, sizeof(name), "(unnamed)");
	else
		vt_sanitize(name, sizeof(name), s, n > NAME_SHOWN ? NAME_SHOWN : n,
			    utf8 ? 0u : VT_SAN_ASCII);
	snprintf(buf, sz, "%zu %s%s %s top: %s %ld", t->npaths,
		 type_has_files(t->type) ? "file" : "name", t->npaths == 1 ? "" : "s", dot,
		 name, top->vmas);
	return buf;
}

/* Eighths of the whole graph height for v (0..height*8). */
static long graph_level(long v, long hi, int height)
{
	long full = (long)height * GRAPH_SUB;
	if (v <= 0 || hi <= 0)
		return 0;
	if (v >= hi)
		return full;
	long lv = (long)((double)v * (double)full / (double)hi);
	return lv < 1 ? 1 : lv;
}

/* The cell for `fill` eighths (0..8). */
static const char *graph_cell(long fill, bool utf8)
{
	static const char *const blocks[GRAPH_SUB + 1] = {
		" ", "\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
		"\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88",
	};
	static const char *const ascii[GRAPH_SUB + 1] = {
		" ", ".", ".", ".", ":", ":", ":", ":", "#",
	};
	if (fill < 0)
		fill = 0;
	if (fill > GRAPH_SUB)
		fill = GRAPH_SUB;
	return utf8 ? blocks[fill] : ascii[fill];
}

size_t vt_detail_graph_row(char *buf, size_t sz, const long *vals, size_t n, int width,
			   int height, int row, long hi, bool utf8)
{
	size_t o = 0;
	if (sz == 0)
		return 0;
	buf[0] = '\0';
	if (width <= 0 || height <= 0 || row < 0 || row >= height)
		return 0;
	size_t shown = n < (size_t)width ? n : (size_t)width;
	size_t pad = (size_t)width - shown;
	long below = (long)(height - 1 - row) * GRAPH_SUB;   /* eighths under this row */
	for (size_t c = 0; c < (size_t)width; c++) {
		const char *cell = " ";
		if (c >= pad) {
			long v = vals[n - shown + (c - pad)];
			cell = v < 0 ? " " : graph_cell(graph_level(v, hi, height) - below, utf8);
		}
		size_t len = strlen(cell);
		if (o + len + 1 > sz)
			break;
		memcpy(buf + o, cell, len);
		o += len;
	}
	buf[o] = '\0';
	return o;
}

int vt_detail_grew_most(const long before[VT_TYPE_COUNT], const long now[VT_TYPE_COUNT],
			long *delta)
{
	int best = -1;
	long most = 0;
	for (int t = 0; t < VT_TYPE_COUNT; t++) {
		if (before[t] < 0 || now[t] < 0)
			continue;
		if (now[t] - before[t] > most) {
			most = now[t] - before[t];
			best = t;
		}
	}
	if (delta)
		*delta = most;
	return best;
}

void vt_detail_type_counts(const vt_grouping *g, long out[VT_TYPE_COUNT])
{
	for (int i = 0; i < VT_TYPE_COUNT; i++)
		out[g->types[i].type] = g->types[i].vmas;
}
