/* Private to the core's writers: numbers in the C locale. */
#ifndef VMATOP_EXPORT_PRIVATE_H
#define VMATOP_EXPORT_PRIVATE_H

#include <stddef.h>
#include <stdio.h>

/* One double as "%.*g" (fixed false) or "%.*f" (fixed true) with '.' as the
 * decimal point whatever LC_NUMERIC says: machine formats need it. */
void vt_export_real(char *buf, size_t sz, int prec, int fixed, double v);

/* One JSON document on one line (JSON Lines), then '\n'; doc is consumed
 * (NULL: ENOMEM).  flags are json_dumpf's, added to compact output.  0, or
 * -1 (errno).  Defined in export_json.c. */
struct json_t;
int vt_json_write_line(FILE *f, struct json_t *doc, size_t flags);

#endif
