/* The process tree of a snapshot: parents by ppid, subtree sums, DFS order. */
#include <stdlib.h>

#include "vmatop/tree.h"

typedef struct by_pid {
	pid_t pid;
	size_t i;
} by_pid;

static int cmp_by_pid(const void *a, const void *b)
{
	pid_t x = ((const by_pid *)a)->pid, y = ((const by_pid *)b)->pid;
	return (x > y) - (x < y);
}

/* par[i]: the index of i's parent in s->procs, or -1 (none, or itself). */
static long *parents(const vt_snapshot *s)
{
	size_t n = s->nprocs;
	by_pid *idx = malloc((n ? n : 1) * sizeof(*idx));
	long *par = malloc((n ? n : 1) * sizeof(*par));
	if (!idx || !par) {
		free(idx);
		free(par);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = (by_pid){ s->procs[i].pid, i };
	qsort(idx, n, sizeof(*idx), cmp_by_pid);
	for (size_t i = 0; i < n; i++) {
		by_pid key = { s->procs[i].ppid, 0 };
		const by_pid *hit = s->procs[i].ppid == s->procs[i].pid ? NULL :
				    bsearch(&key, idx, n, sizeof(*idx), cmp_by_pid);
		par[i] = hit ? (long)hit->i : -1;
	}
	free(idx);
	return par;
}

int vt_snapshot_subtree(vt_snapshot *s)
{
	long *par = parents(s);
	if (!par)
		return -1;
	for (size_t i = 0; i < s->nprocs; i++)
		s->procs[i].subtree_vmas = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		long own = s->procs[i].vmas == VT_UNKNOWN ? 0 : s->procs[i].vmas;
		/* up the ancestors; a snapshot is not atomic, so a ppid loop ends after n steps */
		size_t steps = 0;
		for (long a = (long)i; a >= 0 && steps <= s->nprocs; a = par[a], steps++)
			s->procs[a].subtree_vmas += own;
	}
	free(par);
	return 0;
}

int vt_snapshot_tree_order(const vt_snapshot *s, size_t *order, int *depth)
{
	size_t n = s->nprocs, k = 0, top = 0;
	long *par = parents(s);
	long *first = malloc((n ? n : 1) * sizeof(long)), *next = malloc((n ? n : 1) * sizeof(long));
	long *last = malloc((n ? n : 1) * sizeof(long)), *stack = malloc((n ? n : 1) * sizeof(long));
	char *seen = calloc(n ? n : 1, 1);
	int rc = -1;
	if (!par || !first || !next || !last || !stack || !seen)
		goto out;
	for (size_t i = 0; i < n; i++)
		first[i] = next[i] = last[i] = -1;
	for (size_t i = 0; i < n; i++) {          /* children lists in snapshot order */
		long p = par[i];
		if (p < 0)
			continue;
		if (last[p] < 0)
			first[p] = (long)i;
		else
			next[last[p]] = (long)i;
		last[p] = (long)i;
	}
	/* roots in snapshot order, then anything a ppid loop left unreached;
	 * last[] is reused for the depth of what is on the stack */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < n; r++) {
			if (seen[r] || (pass == 0 && par[r] >= 0))
				continue;
			stack[top++] = (long)r;
			seen[r] = 1;
			last[r] = 0;
			while (top > 0) {
				long i = stack[--top];
				order[k] = (size_t)i;
				depth[k++] = (int)last[i];
				size_t from = top;
				for (long c = first[i]; c >= 0; c = next[c]) {
					if (seen[c])
						continue;
					seen[c] = 1;
					last[c] = last[i] + 1;
					stack[top++] = c;
				}
				for (size_t x = from, y = top; x + 1 < y; x++, y--) {   /* first child on top */
					long t = stack[x];
					stack[x] = stack[y - 1];
					stack[y - 1] = t;
				}
			}
		}
	}
	rc = 0;
out:
	free(par);
	free(first);
	free(next);
	free(last);
	free(stack);
	free(seen);
	return rc;
}
