/* vmatop core: the one way an array grows (grow.c). */
#ifndef VMATOP_GROW_H
#define VMATOP_GROW_H

#include <stddef.h>

/* Make the array *arrp (any T **, passed as &array) hold at least need
 * elements of elem bytes: its capacity *cap doubles from first (or 1) until
 * it does.  0; -1 with errno ENOMEM when the size would pass PTRDIFF_MAX
 * (no object can be larger) or memory runs out, the array and *cap then
 * unchanged. */
int vt_grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first);

#endif
