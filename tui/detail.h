/* The detail pane's private parts (tui/view_detail.c and its helpers).
 *
 * detail_fmt.c   pure text helpers: sizes, durations, rates, the per-type
 *                summary ("37 files · top: libjvm.so 58"), the history
 *                graph's rows, which type grew most.  No curses.
 * detail_tree.c  the pane's rows as a flattened tree over a vt_grouping:
 *                types, the paths of an expanded type, the raw VMAs of an
 *                expanded path; expansion and the selected row are kept by
 *                identity (type, path bytes, start address) across refreshes.
 *                No curses.
 * detail_draw.c  drawing the pane through tui/draw.h: the causes first
 *                (why so many VMAs), then the tree.
 * view_detail.c  the view: reading the process's maps once per refresh,
 *                smaps on request, keys.
 */
#ifndef VMATOP_TUI_DETAIL_H
#define VMATOP_TUI_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "view.h"
#include "vmatop/causes.h"
#include "vmatop/format.h"
#include "vmatop/group.h"
#include "vmatop/maps.h"

/* ---- detail_fmt.c ---- */

/* "0s", "42s", "3m 20s", "2h 05m", "3d 04h"; "-" for NAN or negative. */
void vt_detail_duration(char *buf, size_t sz, double secs);
/* "+523/s", "+1.5/s", "-2.0/s", "0.0/s"; "-" for NAN. */
void vt_detail_rate(char *buf, size_t sz, double rate);
/* The text after a type's numbers: "37 files · top: libjvm.so 58" (file-backed
 * types count files, the others names; the top contributor's basename is
 * sanitized, "(unnamed)" when empty).  utf8 picks "·" or "-".  Returns buf. */
const char *vt_detail_summary(char *buf, size_t sz, const vt_grouping *g,
			      const vt_type_group *t, bool utf8);
/* One row of a graph `height` rows tall of the last `width` values (most
 * recent on the right, blank cells on the left when fewer), scaled 0..hi
 * (values above hi are clamped; a value > 0 always shows at least the lowest
 * level; negative values are blank).  row 0 is the top.  UTF-8: the blocks
 * U+2581..U+2588 (3 bytes a cell), else " .:#".  Returns the bytes written;
 * buf is NUL-terminated (sz >= 1) and cut on a cell boundary. */
size_t vt_detail_graph_row(char *buf, size_t sz, const long *vals, size_t n, int width,
			   int height, int row, long hi, bool utf8);
/* The type whose count grew most between `before` and `now` (indexed by
 * vt_vma_type; VT_UNKNOWN entries are skipped); *delta gets the growth.
 * -1 when no type grew. */
int vt_detail_grew_most(const long before[VT_TYPE_COUNT], const long now[VT_TYPE_COUNT],
			long *delta);
/* Counts of a grouping indexed by vt_vma_type. */
void vt_detail_type_counts(const vt_grouping *g, long out[VT_TYPE_COUNT]);

/* ---- detail_tree.c ---- */

typedef enum vt_drow_kind {
	VT_DROW_TYPE,
	VT_DROW_PATH,
	VT_DROW_VMA,
	VT_DROW_DIR,         /* a directory of VT_DTREE_ROLLUP+ files of one type */
} vt_drow_kind;

/* Files of one directory (of a file-backed type) fold into one row at this
 * many, as in --maps. */
#define VT_DTREE_ROLLUP 8

/* One row of the pane. */
typedef struct vt_drow {
	uint8_t kind;        /* vt_drow_kind */
	uint8_t ti;          /* index into g->types */
	uint8_t depth;       /* 0 a type, 1 its paths and directories, +1 below */
	uint32_t pi;         /* path index within the type (PATH, VMA rows) */
	uint32_t vi;         /* VMA index into g->maps->vmas (VMA rows); into dirs (DIR rows) */
} vt_drow;

/* An expanded path or directory, by identity. */
typedef struct vt_dopen {
	uint8_t type;        /* vt_vma_type */
	bool deleted;
	bool dir;            /* path is a directory's text, with its '/' */
	char *path;          /* raw bytes, NUL-terminated */
	size_t len;
} vt_dopen;

/* What the selection is, so that it survives a refresh. */
typedef struct vt_dsel {
	uint8_t kind;
	uint8_t type;        /* vt_vma_type */
	bool deleted;
	char *path;          /* PATH and VMA rows */
	size_t len;
	unsigned long start; /* VMA rows */
} vt_dsel;

typedef struct vt_dtree {
	bool type_open[VT_TYPE_COUNT];
	vt_dopen *open;
	size_t nopen, open_cap;
	vt_drow *rows;
	size_t nrows, rows_cap;
	vt_rollup *dirs;     /* the rolled-up directories of the open types */
	size_t ndirs, dirs_cap;
	long sel;            /* selected row */
	vt_dsel id;          /* its identity */
} vt_dtree;

void vt_dtree_init(vt_dtree *t);
void vt_dtree_free(vt_dtree *t);
/* Rebuild the rows for g (after a refresh), keeping the selection on the
 * same thing when it is still there, else on its parent, else the same row
 * number.  0, or -1 on ENOMEM (then no rows). */
int vt_dtree_build(vt_dtree *t, const vt_grouping *g);
/* Select row (clamped) and remember its identity.  0, or -1 on ENOMEM. */
int vt_dtree_select(vt_dtree *t, const vt_grouping *g, long row);
/* Expand the selected row (a type or a path); true when something changed. */
bool vt_dtree_expand(vt_dtree *t, const vt_grouping *g);
/* Collapse the selected row when it is expanded, else select its parent;
 * true when something changed. */
bool vt_dtree_collapse(vt_dtree *t, const vt_grouping *g);
/* Enter: expand, or collapse when already expanded. */
bool vt_dtree_toggle(vt_dtree *t, const vt_grouping *g);
/* Whether row is expanded. */
bool vt_dtree_is_open(const vt_dtree *t, const vt_grouping *g, long row);
/* The groups of a row. */
const vt_type_group *vt_dtree_type(const vt_grouping *g, const vt_drow *r);
const vt_path_group *vt_dtree_path(const vt_grouping *g, const vt_drow *r);
/* A DIR row's directory (files, vmas, bytes, rss are the sums of its paths;
 * the first dirlen bytes of path's text are the directory); NULL otherwise. */
const vt_rollup *vt_dtree_dir(const vt_dtree *t, const vt_drow *r);

/* ---- view_detail.c / detail_draw.c ---- */

/* One read of the process's map, its grouping and its causes (both point at maps). */
typedef struct vt_ddata {
	vt_maps maps;
	vt_grouping g;
	vt_causes causes;
} vt_ddata;

typedef struct vt_detail {
	pid_t pid;
	unsigned long long start_time;   /* 0 when unknown */
	char comm[64];                   /* raw bytes */
	vt_ddata *cur;                   /* last good read, NULL before the first */
	vt_ddata *spare;                 /* the buffers of the next read */
	vt_dtree tree;
	unsigned long generation;        /* ctx->generation of the last read */
	bool exited;                     /* gone (or a zombie): the last data stays */
	bool reused;                     /* and its pid now names another process */
	bool kthread;                    /* a kernel thread: no memory map, never "exited" for it */
	int err;                         /* errno of the last failed read, 0 if none */
	bool rss;                        /* the user asked for resident memory (r) */
	int rss_err;                     /* errno of the last failed smaps read */
	bool have_open;                  /* open_counts is set */
	long open_counts[VT_TYPE_COUNT]; /* per type when the pane opened */
	double read_ms;                  /* how long the last read took */
	double last_read;                /* when it started (CLOCK_MONOTONIC ms) */
	/* The history figures, kept when the process is gone. */
	long *counts;                    /* the recorded counts, oldest first */
	size_t ncounts, counts_cap;
	double rate, eta;                /* NAN when unknown */
	long delta;                      /* VT_NO_DELTA when unknown */
	unsigned flags;                  /* VT_PROC_CROSSED_* */
	long threads;                    /* from the snapshot, VT_UNKNOWN before */
	/* Scrolling (set by the last draw). */
	long top;                        /* first row on screen */
	int page;                        /* rows that fit */
	int table_y;                     /* screen line of the first row */
} vt_detail;

/* Draw the pane into a (detail_draw.c). */
void vt_detail_draw(vt_detail *d, vt_ctx *ctx, vt_area a);
/* Rows of the pane above the table (title, graph, rates, titles) at this height. */
int vt_detail_graph_height(int area_h);

#endif
