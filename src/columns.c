/* The column table: one row per column (see vmatop/columns.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vmatop/columns.h"
#include "vmatop/format.h"

#define TREND_CELLS 10

static int cmp_long(long a, long b) { return (a > b) - (a < b); }

static int cmp_pid(const vt_proc *a, const vt_proc *b) { return cmp_long(a->pid, b->pid); }
static int cmp_ppid(const vt_proc *a, const vt_proc *b) { return cmp_long(a->ppid, b->ppid); }
static int cmp_vmas(const vt_proc *a, const vt_proc *b) { return cmp_long(a->vmas, b->vmas); }
static int cmp_subtree(const vt_proc *a, const vt_proc *b) { return cmp_long(a->subtree_vmas, b->subtree_vmas); }
static int cmp_user(const vt_proc *a, const vt_proc *b) { return strcmp(a->user, b->user); }
static int cmp_threads(const vt_proc *a, const vt_proc *b) { return cmp_long(a->threads, b->threads); }
static int cmp_command(const vt_proc *a, const vt_proc *b) { return strcmp(a->comm, b->comm); }

static int cmp_ulong(unsigned long a, unsigned long b) { return (a > b) - (a < b); }
static int cmp_rss(const vt_proc *a, const vt_proc *b) { return cmp_ulong(a->rss_kb, b->rss_kb); }
static int cmp_vsz(const vt_proc *a, const vt_proc *b) { return cmp_ulong(a->vsz_kb, b->vsz_kb); }

/* CONTAINER/UNIT: by the label shown; processes without one first. */
static int cmp_container(const vt_proc *a, const vt_proc *b)
{
	char x[512], y[512];
	const char *la = vt_cgroup_label(&a->cg, x, sizeof(x));
	const char *lb = vt_cgroup_label(&b->cg, y, sizeof(y));
	if (!la || !lb)
		return (la != NULL) - (lb != NULL);
	return strcmp(la, lb);
}

static int cmp_delta(const vt_proc *a, const vt_proc *b)
{
	return cmp_long(a->delta == VT_NO_DELTA ? LONG_MIN : a->delta,
			b->delta == VT_NO_DELTA ? LONG_MIN : b->delta);
}

static int cmp_rate(const vt_proc *a, const vt_proc *b)
{
	double x = isnan(a->rate) ? -INFINITY : a->rate;
	double y = isnan(b->rate) ? -INFINITY : b->rate;
	return (x > y) - (x < y);
}

static void text_pid(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	snprintf(buf, sz, "%d", (int)p->pid);
}

static void text_ppid(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	snprintf(buf, sz, "%d", (int)p->ppid);
}

static void text_user(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	snprintf(buf, sz, "%s", p->user);
}

static void text_vmas(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	if (p->vmas == VT_UNKNOWN)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%ld", p->vmas);
}

static void text_subtree(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	snprintf(buf, sz, "%ld", p->subtree_vmas);
}

char vt_column_marker(double pct, double warn, double crit)
{
	if (isnan(pct))
		return '?';
	if (pct > 100.0)
		return '#';
	if (pct >= crit)
		return '!';
	if (pct >= warn)
		return '*';
	return ' ';
}

char vt_column_sticky(unsigned flags, double pct, double crit)
{
	if ((flags & VT_PROC_CROSSED_LIMIT) && !(pct >= 100.0))
		return '^';
	if ((flags & VT_PROC_CROSSED_WARN) && !(pct >= crit))
		return '^';
	return ' ';
}

static void text_percent(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	double pct = vt_percent(p->vmas, c->limit);
	if (isnan(pct))
		snprintf(buf, sz, "-");
	else if (c->markers)
		snprintf(buf, sz, "%.1f%c%c", pct, vt_column_marker(pct, c->warn, c->crit),
			 vt_column_sticky(p->flags, pct, c->crit));
	else
		snprintf(buf, sz, "%.1f", pct);
}

static void text_delta(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	if (p->delta == VT_NO_DELTA)
		snprintf(buf, sz, "%s", "");
	else if (p->delta == 0)
		snprintf(buf, sz, "0");
	else
		snprintf(buf, sz, "%+ld", p->delta);
}

static void text_rate(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	if (isnan(p->rate))
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%+.1f", p->rate);
}

/* Soonest first; not growing (NAN) last. */
static int cmp_eta(const vt_proc *a, const vt_proc *b)
{
	double x = isnan(a->eta) ? INFINITY : a->eta;
	double y = isnan(b->eta) ? INFINITY : b->eta;
	return (x > y) - (x < y);
}

static int cmp_state(const vt_proc *a, const vt_proc *b) { return cmp_long(a->state, b->state); }

static void text_eta(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	vt_format_eta(buf, sz, p->eta);
}

static void text_state(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	snprintf(buf, sz, "%c", p->state ? p->state : '?');
}

/* Scaled against the limit (0 .. max_map_count), so a flat line at 100% is a
 * flat full line, not jitter; per row only when the limit is unknown. */
static void text_trend(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	long vals[TREND_CELLS];
	size_t n = 0;
	if (c->history)
		n = vt_history_counts(c->history, p->pid, p->start_time, vals, TREND_CELLS);
	if (c->limit > 0)
		vt_sparkline_scaled(buf, sz, vals, n, TREND_CELLS, c->utf8, 0, c->limit);
	else
		vt_sparkline(buf, sz, vals, n, TREND_CELLS, c->utf8);
}

/* Threads: each costs a stack and its guard page (2 VMAs). */
static void text_threads(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	if (p->kthread || p->threads <= 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%d", p->threads);
}

static void text_rss(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	vt_format_kb(buf, sz, (long)p->rss_kb);
}

static void text_vsz(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	vt_format_kb(buf, sz, (long)p->vsz_kb);
}

static void text_command(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	const char *mark = vt_proc_mark(p);   /* zombies and exited leaders */
	if (mark)
		snprintf(buf, sz, "%s %s%s%s", p->comm, mark, p->cmdline[0] ? "  " : "", p->cmdline);
	else if (p->kthread)
		snprintf(buf, sz, "[%s]", p->comm);
	else if (p->cmdline[0])
		snprintf(buf, sz, "%s  %s", p->comm, p->cmdline);
	else
		snprintf(buf, sz, "%s", p->comm);
}

static void text_container(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz)
{
	(void)c;
	if (!vt_cgroup_label(&p->cg, buf, sz))
		snprintf(buf, sz, "-");
}

static const vt_column columns[VT_COL__COUNT] = {
	[VT_COL_PID] = { "pid", "PID", "PID", "the process id",
		7, true, true, 0, false, cmp_pid, text_pid, "pid" },
	[VT_COL_PPID] = { "ppid", "PPID", "PPID", "the parent's process id",
		7, true, false, 0, false, cmp_ppid, text_ppid, "ppid" },
	[VT_COL_USER] = { "user", "USER", "USER", "the effective user",
		10, false, true, 0, false, cmp_user, text_user, "user" },
	[VT_COL_VMAS] = { "vmas", "VMAS", "VMAS", "the VMA count (mm->map_count); - when not readable",
		8, true, true, 0, true, cmp_vmas, text_vmas, "vmas" },
	[VT_COL_SUBTREE] = { "subtree", "SUBTREE", "SUBTREE", "the VMAs of the process and all its descendants (the tree's sum)",
		8, true, false, 0, true, cmp_subtree, text_subtree, NULL },
	[VT_COL_PERCENT] = { "percent", "%MAX", "%MAX", "the count in percent of vm.max_map_count, with its marker",
		7, true, true, 0, true, cmp_vmas, text_percent, "percent" },
	[VT_COL_THREADS] = { "threads", "THR", "THR", "threads: each costs a stack and its guard page (2 VMAs)",
		5, true, true, 64, true, cmp_threads, text_threads, "threads" },
	[VT_COL_DELTA] = { "delta", "\xCE\x94", "DELTA", "the change since the previous refresh",
		7, true, true, 56, true, cmp_delta, text_delta, NULL },
	[VT_COL_RATE] = { "rate", "RATE/s", "RATE/s", "VMAs per second over the last refreshes",
		8, true, true, 72, true, cmp_rate, text_rate, "rate" },
	[VT_COL_ETA] = { "eta", "ETA", "ETA", "time to the limit at that rate; - when not growing",
		6, true, true, 88, false, cmp_eta, text_eta, "eta_seconds" },
	[VT_COL_TREND] = { "trend", "TREND", "TREND", "a sparkline of the recent counts, 0 to the limit",
		TREND_CELLS, false, true, 110, false, NULL, text_trend, NULL },
	[VT_COL_RSS] = { "rss", "RSS", "RSS", "resident memory",
		10, true, false, 0, true, cmp_rss, text_rss, NULL },
	[VT_COL_VSZ] = { "vsz", "VSZ", "VSZ", "virtual size",
		10, true, false, 0, true, cmp_vsz, text_vsz, NULL },
	[VT_COL_CONTAINER] = { "container", "CONTAINER/UNIT", "CONTAINER/UNIT",
		"the container (12-digit id), else the pod, else the systemd unit",
		VT_CGROUP_COL, false, false, 0, false, cmp_container, text_container, "container" },
	[VT_COL_STATE] = { "state", "S", "S", "the process state (Z: zombie)",
		1, false, true, 64, false, cmp_state, text_state, "state" },
	[VT_COL_COMMAND] = { "command", "COMMAND", "COMMAND", "the process name, then its command line",
		0, false, true, 0, false, cmp_command, text_command, "cmdline" },
};

static const struct { const char *alias; vt_col_id id; } aliases[] = {
	{ "%max", VT_COL_VMAS }, { "max", VT_COL_VMAS },
	{ "cmd", VT_COL_COMMAND }, { "comm", VT_COL_COMMAND }, { "name", VT_COL_COMMAND },
};

const vt_column *vt_column_get(int id)
{
	if (id < 0 || id >= VT_COL__COUNT)
		return NULL;
	return &columns[id];
}

int vt_column_lookup(const char *name)
{
	for (int i = 0; i < VT_COL__COUNT; i++)
		if (strcasecmp(name, columns[i].name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(name, aliases[i].alias) == 0)
			return (int)aliases[i].id;
	return -1;
}

void vt_col_set_default(vt_col_set *s)
{
	s->n = 0;
	for (int i = 0; i < VT_COL__COUNT; i++)
		if (columns[i].shown)
			s->ids[s->n++] = i;
}

bool vt_col_set_has(const vt_col_set *s, int id)
{
	for (int i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return true;
	return false;
}

void vt_col_set_toggle(vt_col_set *s, int id)
{
	for (int i = 0; i < s->n; i++) {
		if (s->ids[i] == id) {
			memmove(&s->ids[i], &s->ids[i + 1], (size_t)(s->n - i - 1) * sizeof(int));
			s->n--;
			return;
		}
	}
	if (s->n >= VT_COLS_MAX)
		return;
	int at = s->n;
	if (at > 0 && s->ids[at - 1] == VT_COL_COMMAND)
		at--;
	memmove(&s->ids[at + 1], &s->ids[at], (size_t)(s->n - at) * sizeof(int));
	s->ids[at] = id;
	s->n++;
}

int vt_col_set_format(const vt_col_set *s, char *buf, size_t sz)
{
	size_t o = 0;
	if (sz == 0)
		return -1;
	buf[0] = '\0';
	for (int i = 0; i < s->n; i++) {
		const vt_column *c = vt_column_get(s->ids[i]);
		int r = snprintf(buf + o, sz - o, "%s%s", i ? "," : "", c ? c->name : "?");
		if (r < 0 || (size_t)r >= sz - o)
			return -1;
		o += (size_t)r;
	}
	return 0;
}

int vt_col_set_parse(vt_col_set *s, const char *text, const char **bad, size_t *badlen)
{
	vt_col_set out = { .n = 0 };
	const char *p = text;
	while (*p) {
		size_t len = strcspn(p, ",");
		char name[32];
		int id = -1;
		if (len > 0 && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			id = vt_column_lookup(name);
		}
		/* aliases name a sort key, not a column: only exact names here */
		if (id >= 0 && strcasecmp(name, columns[id].name) != 0)
			id = -1;
		if (id < 0 || vt_col_set_has(&out, id) || out.n >= VT_COLS_MAX) {
			*bad = p;
			*badlen = len;
			return -1;
		}
		out.ids[out.n++] = id;
		p += len;
		if (*p == ',')
			p++;
	}
	/* COMMAND is the one column that takes the rest of the line: always last */
	for (int i = 0; i < out.n; i++) {
		if (out.ids[i] == VT_COL_COMMAND) {
			memmove(&out.ids[i], &out.ids[i + 1], (size_t)(out.n - i - 1) * sizeof(int));
			out.ids[out.n - 1] = VT_COL_COMMAND;
			break;
		}
	}
	*s = out;
	return 0;
}
