/* vmatop core: sort keys, one table used by the CLI, the batch writer and the TUI. */
#ifndef VMATOP_SORT_H
#define VMATOP_SORT_H

#include <stdbool.h>
#include "vmatop/proc.h"

typedef enum vt_sort_key {
	VT_SORT_VMAS,
	VT_SORT_PID,
	VT_SORT_USER,
	VT_SORT_COMMAND,
	VT_SORT_DELTA,
	VT_SORT_RATE,
	VT_SORT_RSS,
	VT_SORT__COUNT
} vt_sort_key;

typedef struct vt_sort_info {
	const char *name;        /* as given to -s */
	const char *title;       /* column title */
	bool descending;         /* natural direction: biggest first */
	int (*cmp)(const vt_proc *a, const vt_proc *b);  /* ascending order */
} vt_sort_info;

const vt_sort_info *vt_sort_info_get(vt_sort_key key);
/* -1 when unknown. Case-insensitive; "%max"/"percent" alias vmas, "cmd"/"comm" command. */
int vt_sort_lookup(const char *name);
/* Comma-separated list of key names, for messages and --help. */
const char *vt_sort_names(void);
/* Sort in the key's natural direction (inverted when invert); ties by ascending pid. */
void vt_snapshot_sort(vt_snapshot *s, vt_sort_key key, bool invert);

#endif
