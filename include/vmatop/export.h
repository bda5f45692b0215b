/* vmatop core: writers over a snapshot (text table like top -b, JSON, OpenMetrics). */
#ifndef VMATOP_EXPORT_H
#define VMATOP_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "vmatop/proc.h"

typedef struct vt_text_opts {
	long top;          /* rows at most; 0 = all */
	bool rate;         /* show the rate column (batch with -n > 1) */
	bool ascii;        /* sanitize to ASCII (non-UTF-8 locale) */
	int width;         /* truncate rows to this width; 0 = no limit */
} vt_text_opts;

/* The header and the table.  0, or -1 on a write error (errno). */
int vt_write_text(FILE *f, const vt_snapshot *s, const vt_text_opts *o);
/* The header lines only (shared with the TUI's wording). */
int vt_write_text_header(FILE *f, const vt_snapshot *s, bool ascii);

#endif
