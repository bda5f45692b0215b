/* Sort keys: one table (name, title, direction, comparator). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmatop/sort.h"

static int cmp_long(long a, long b) { return (a > b) - (a < b); }

static int cmp_vmas(const vt_proc *a, const vt_proc *b) { return cmp_long(a->vmas, b->vmas); }
static int cmp_pid(const vt_proc *a, const vt_proc *b) { return cmp_long(a->pid, b->pid); }
static int cmp_user(const vt_proc *a, const vt_proc *b) { return strcmp(a->user, b->user); }
static int cmp_command(const vt_proc *a, const vt_proc *b) { return strcmp(a->comm, b->comm); }
static int cmp_rss(const vt_proc *a, const vt_proc *b) { return cmp_long((long)a->rss_kb, (long)b->rss_kb); }

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

static const vt_sort_info sort_table[VT_SORT__COUNT] = {
	[VT_SORT_VMAS]    = { "vmas",    "VMAS",    true,  cmp_vmas },
	[VT_SORT_PID]     = { "pid",     "PID",     false, cmp_pid },
	[VT_SORT_USER]    = { "user",    "USER",    false, cmp_user },
	[VT_SORT_COMMAND] = { "command", "COMMAND", false, cmp_command },
	[VT_SORT_DELTA]   = { "delta",   "DELTA",   true,  cmp_delta },
	[VT_SORT_RATE]    = { "rate",    "RATE/s",  true,  cmp_rate },
	[VT_SORT_RSS]     = { "rss",     "RSS",     true,  cmp_rss },
};

static const struct { const char *alias; vt_sort_key key; } sort_aliases[] = {
	{ "%max", VT_SORT_VMAS }, { "percent", VT_SORT_VMAS }, { "max", VT_SORT_VMAS },
	{ "cmd", VT_SORT_COMMAND }, { "comm", VT_SORT_COMMAND }, { "name", VT_SORT_COMMAND },
};

const vt_sort_info *vt_sort_info_get(vt_sort_key key)
{
	if ((unsigned)key >= VT_SORT__COUNT)
		return NULL;
	return &sort_table[key];
}

int vt_sort_lookup(const char *name)
{
	for (int i = 0; i < VT_SORT__COUNT; i++)
		if (strcasecmp(name, sort_table[i].name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(sort_aliases) / sizeof(sort_aliases[0]); i++)
		if (strcasecmp(name, sort_aliases[i].alias) == 0)
			return (int)sort_aliases[i].key;
	return -1;
}

const char *vt_sort_names(void)
{
	return "vmas, pid, user, command, delta, rate, rss";
}

struct sort_ctx {
	const vt_sort_info *info;
	bool invert;
};

static int sort_qsort_cmp(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *ctx = arg;
	const vt_proc *a = pa, *b = pb;
	int c = ctx->info->cmp(a, b);
	if (ctx->info->descending != ctx->invert)
		c = -c;
	if (c == 0)
		c = cmp_pid(a, b);
	return c;
}

void vt_snapshot_sort(vt_snapshot *s, vt_sort_key key, bool invert)
{
	const vt_sort_info *info = vt_sort_info_get(key);
	if (!info || s->nprocs < 2)
		return;
	struct sort_ctx ctx = { info, invert };
	qsort_r(s->procs, s->nprocs, sizeof(*s->procs), sort_qsort_cmp, &ctx);
}
