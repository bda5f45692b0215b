/* Sorting by a column of the column table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/sort.h"

const vt_sort_info *vt_sort_info_get(vt_sort_key key)
{
	const vt_column *c = vt_column_get((int)key);
	return c && c->cmp ? c : NULL;
}

int vt_sort_lookup(const char *name)
{
	int id = vt_column_lookup(name);
	return id >= 0 && vt_sort_info_get((vt_sort_key)id) ? id : -1;
}

const char *vt_sort_names(void)
{
	static char names[256];
	size_t o = 0;
	if (names[0])
		return names;
	for (int i = 0; i < VT_COL__COUNT; i++) {
		const vt_column *c = vt_sort_info_get((vt_sort_key)i);
		if (c && o + strlen(c->name) + 3 < sizeof(names))
			o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s", o ? ", " : "",
					      c->name);
	}
	return names;
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
		c = (a->pid > b->pid) - (a->pid < b->pid);
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
