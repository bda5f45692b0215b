/* vmatop core: number formatting shared by every writer and view. */
#ifndef VMATOP_FORMAT_H
#define VMATOP_FORMAT_H

#include <stddef.h>

/* Bytes in binary units: "192 B", "12.3 MiB".  Returns buf. */
const char *vt_format_bytes(char *buf, size_t sz, unsigned long long bytes);
/* Kilobytes as bytes in binary units, or "-" when negative (unknown).  Returns buf. */
const char *vt_format_kb(char *buf, size_t sz, long kb);
/* "process's maps is" for 1, "processes' maps are" otherwise. */
const char *vt_format_maps_are(long n);

#endif
