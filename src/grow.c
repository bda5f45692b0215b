/* The one way an array grows: doubling, with the size checked for overflow. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmatop/grow.h"

int vt_grow(void *arrp, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : first ? first : 1;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	/* no object can be larger than PTRDIFF_MAX: refuse before realloc sees it */
	if (elem == 0 || c > (size_t)PTRDIFF_MAX / elem) {
		errno = ENOMEM;
		return -1;
	}
	void *old, *q;
	memcpy(&old, arrp, sizeof(old));      /* arrp is a T **: no aliasing cast */
	q = realloc(old, c * elem);
	if (!q) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(arrp, &q, sizeof(q));
	*cap = c;
	return 0;
}
