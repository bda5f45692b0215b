/* Private to the core's writers: numbers in the C locale. */
#ifndef VMATOP_EXPORT_PRIVATE_H
#define VMATOP_EXPORT_PRIVATE_H

#include <stddef.h>

/* One double as "%.*g" (fixed false) or "%.*f" (fixed true) with '.' as the
 * decimal point whatever LC_NUMERIC says: machine formats need it. */
void vt_export_real(char *buf, size_t sz, int prec, int fixed, double v);

#endif
