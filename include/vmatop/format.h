/* vmatop core: number formatting shared by every writer and view. */
#ifndef VMATOP_FORMAT_H
#define VMATOP_FORMAT_H

#include <stddef.h>

/* Bytes in binary units: "192 B", "12.3 MiB".  Returns buf. */
const char *vt_format_bytes(char *buf, size_t sz, unsigned long long bytes);
/* Kilobytes as bytes in binary units, or "-" when negative (unknown).  Returns buf. */
/* Seconds to the limit, compact for a column: "45s", "12m05s", "3h05m",
 * "2d04h"; "limit" at 0 (already there); "-" when NAN (not growing).  Returns buf. */
const char *vt_format_eta(char *buf, size_t sz, double secs);
/* A duration: "45s", then "12m<sep>05s", "3h<sep>05m", "2d<sep>04h"; "-" when
 * NAN, negative or absurd.  Returns buf. */
const char *vt_format_duration(char *buf, size_t sz, double secs, const char *sep);
const char *vt_format_kb(char *buf, size_t sz, long kb);

#endif
