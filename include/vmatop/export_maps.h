/* vmatop core: the --maps writers over one process's parsed map
 * (export_maps.c).  The caller reads and groups; these only write. */
#ifndef VMATOP_EXPORT_MAPS_H
#define VMATOP_EXPORT_MAPS_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "vmatop/causes.h"
#include "vmatop/group.h"
#include "vmatop/maps.h"

typedef struct vt_maps_report {
	pid_t pid;
	const char *comm;          /* raw kernel bytes: sanitized by the writers */
	const vt_maps *maps;
	const vt_grouping *g;      /* built over maps */
	const vt_causes *causes;   /* built over maps */
	long limit;                /* max_map_count, VT_UNKNOWN when unreadable */
	long top;                  /* --top N: lines/paths per group; 0 = all */
	bool smaps;                /* Rss was loaded: RSS columns and "rss_kb" */
	bool kthread;              /* a kernel thread (no map at all) */
	bool ascii;                /* sanitize to ASCII, "-" as the separator */
} vt_maps_report;

/* Text: the header line, the causes, each type and its paths.  JSON: one
 * compact document and '\n'.  0, or -1 on a write error or ENOMEM (errno). */
int vt_write_maps_text(FILE *f, const vt_maps_report *r);
int vt_write_maps_json(FILE *f, const vt_maps_report *r);

#endif
