/* vmatop core: sorting a snapshot by a column of the column table
 * (vmatop/columns.h): a sort key is a column id whose column has a comparator. */
#ifndef VMATOP_SORT_H
#define VMATOP_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include "vmatop/columns.h"
#include "vmatop/proc.h"

typedef vt_col_id vt_sort_key;

/* The names the code has always used for the sort keys. */
#define VT_SORT_VMAS    VT_COL_VMAS
#define VT_SORT_PID     VT_COL_PID
#define VT_SORT_USER    VT_COL_USER
#define VT_SORT_COMMAND VT_COL_COMMAND
#define VT_SORT_DELTA   VT_COL_DELTA
#define VT_SORT_RATE    VT_COL_RATE
#define VT_SORT_RSS     VT_COL_RSS

typedef vt_column vt_sort_info;

/* The column when it is a sort key, else NULL. */
const vt_sort_info *vt_sort_info_get(vt_sort_key key);
/* -1 when unknown or not sortable. Case-insensitive, with the table's aliases. */
int vt_sort_lookup(const char *name);
/* ", "-separated list of the sort key names (from the table), for messages and --help. */
const char *vt_sort_names(void);
/* Sort in the key's natural direction (inverted when invert); ties by ascending pid. */
void vt_snapshot_sort(vt_snapshot *s, vt_sort_key key, bool invert);

#endif
