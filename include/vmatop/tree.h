/* vmatop core: the process tree of a snapshot (by ppid), for the tree view
 * (F5) and the SUBTREE column: each process's VMAs plus its descendants'. */
#ifndef VMATOP_TREE_H
#define VMATOP_TREE_H

#include <stddef.h>
#include "vmatop/proc.h"

/* Fill every p->subtree_vmas: its own known count (0 when unknown) plus those
 * of its descendants in the snapshot.  0, or -1 on ENOMEM (sums left as they were). */
int vt_snapshot_subtree(vt_snapshot *s);
/* The snapshot in tree order: order[k] an index into s->procs, depth[k] its
 * depth (0 for a process whose parent is not in the snapshot); children follow
 * their parent, siblings keep the snapshot's (sorted) order.  Both arrays hold
 * s->nprocs entries.  0, or -1 on ENOMEM. */
int vt_snapshot_tree_order(const vt_snapshot *s, size_t *order, int *depth);

#endif
