/* Processes folded per container, pod, unit or cgroup: the sum and the worst. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/cgroup.h"
#include "vmatop/proc.h"

const char *vt_group_kind_name(vt_group_kind k)
{
	static const char *const names[] = {
		[VT_GROUP_CONTAINER] = "container",
		[VT_GROUP_POD] = "pod",
		[VT_GROUP_UNIT] = "unit",
		[VT_GROUP_CGROUP] = "cgroup",
		[VT_GROUP_UNKNOWN] = "unknown",
	};
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

static vt_group_kind group_of(const vt_cgroup *cg, const char **key)
{
	*key = NULL;
	if (cg->container)
		*key = cg->container;
	else if (cg->pod_uid)
		*key = cg->pod_uid;
	else if (cg->unit)
		*key = cg->unit;
	else if (cg->path)
		*key = cg->path;
	if (!*key)
		return VT_GROUP_UNKNOWN;
	return cg->container ? VT_GROUP_CONTAINER : cg->pod_uid ? VT_GROUP_POD
		: cg->unit ? VT_GROUP_UNIT : VT_GROUP_CGROUP;
}

static bool same_group(const vt_cgroup_group *g, vt_group_kind kind, const char *key)
{
	if (g->kind != kind)
		return false;
	return kind == VT_GROUP_UNKNOWN || strcmp(g->key, key) == 0;
}

static void group_add(vt_cgroup_group *g, const vt_proc *p)
{
	g->procs++;
	if (p->vmas == VT_UNKNOWN)
		return;
	g->vmas += p->vmas;
	if (!g->worst || p->vmas > g->worst->vmas)
		g->worst = p;
}

static long worst_of(const vt_cgroup_group *g)
{
	return g->worst ? g->worst->vmas : -1;
}

static int group_cmp(const void *a, const void *b)
{
	const vt_cgroup_group *x = a, *y = b;
	if (worst_of(x) != worst_of(y))
		return worst_of(x) > worst_of(y) ? -1 : 1;
	if (x->vmas != y->vmas)
		return x->vmas > y->vmas ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->key && y->key ? strcmp(x->key, y->key) : 0;
}

int vt_cgroup_groups(const vt_snapshot *s, vt_proc_pred keep, const void *arg,
		     vt_cgroup_group **out, size_t *n)
{
	vt_cgroup_group *g = calloc(s->nprocs ? s->nprocs : 1, sizeof(*g));
	size_t ng = 0;
	*out = NULL;
	*n = 0;
	if (!g) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < s->nprocs; i++) {
		const vt_proc *p = &s->procs[i];
		const char *key;
		if (keep && !keep(p, arg))
			continue;
		vt_group_kind kind = group_of(&p->cg, &key);
		size_t k = 0;
		while (k < ng && !same_group(&g[k], kind, key))
			k++;
		if (k == ng) {
			g[ng].kind = kind;
			g[ng].key = key;
			g[ng].first = p;
			ng++;
		}
		group_add(&g[k], p);
	}
	qsort(g, ng, sizeof(*g), group_cmp);
	*out = g;
	*n = ng;
	return 0;
}
