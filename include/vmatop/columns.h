/* vmatop core: THE table of process columns.
 *
 * One row per column: its name (for -s, the config file and Setup), its
 * title, a description, width and alignment, the sort comparator and natural
 * direction, the text formatter and the JSON field name.  The list view, the
 * batch text writer, the sort keys, the help, the sort picker and Setup all
 * read this table; nothing else describes a column. */
#ifndef VMATOP_COLUMNS_H
#define VMATOP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include "vmatop/history.h"
#include "vmatop/proc.h"

typedef enum vt_col_id {
	VT_COL_PID,
	VT_COL_PPID,
	VT_COL_USER,
	VT_COL_VMAS,
	VT_COL_SUBTREE,
	VT_COL_PERCENT,
	VT_COL_THREADS,
	VT_COL_DELTA,
	VT_COL_RATE,
	VT_COL_ETA,          /* time to the limit at that rate */
	VT_COL_TREND,
	VT_COL_RSS,
	VT_COL_VSZ,
	VT_COL_CONTAINER,   /* CONTAINER/UNIT: short container id, else pod, else unit */
	VT_COL_STATE,        /* R, S, D, Z, T, ... */
	VT_COL_COMMAND,
	VT_COL__COUNT
} vt_col_id;

/* What a formatter may look at besides the process. */
typedef struct vt_col_ctx {
	long limit;                 /* max_map_count, VT_UNKNOWN when unreadable */
	const vt_history *history;  /* for TREND; NULL: empty */
	bool utf8;
	bool markers;               /* %MAX: threshold marker and sticky '^' (the screen) */
	double warn, crit;          /* marker thresholds, percent (defaults 50, 80) */
} vt_col_ctx;

typedef void (*vt_col_text_fn)(const vt_proc *p, const vt_col_ctx *c, char *buf, size_t sz);
typedef int (*vt_col_cmp_fn)(const vt_proc *a, const vt_proc *b);

typedef struct vt_column {
	const char *name;          /* lower case: -s, vmatoprc, completions */
	const char *title;         /* UTF-8 title */
	const char *ascii_title;   /* the title in a non-UTF-8 locale */
	const char *description;   /* one line, for the help and Setup */
	int width;                 /* cells; 0: the rest of the line (last column only) */
	bool right;                /* right-aligned */
	bool shown;                /* in the default column set */
	int min_cols;              /* the screen hides it when narrower than this (0: never) */
	bool descending;           /* natural sort direction: biggest first */
	vt_col_cmp_fn cmp;         /* ascending order; NULL: not a sort key */
	vt_col_text_fn text;       /* the cell's text */
	const char *json;          /* the JSON field it is written as; NULL: none */
} vt_column;

/* The column, NULL when id is out of range. */
const vt_column *vt_column_get(int id);
/* By name (case-insensitive, with the aliases of -s: "%max", "cmd", ...): the id or -1. */
int vt_column_lookup(const char *name);
/* Percent marker for the screen: ' ', '*' (>= warn), '!' (>= crit), '#' (> 100), '?' unknown. */
char vt_column_marker(double pct, double warn, double crit);
/* '^' when the process crossed crit or the limit while watched (VT_PROC_* flags)
 * and is now below what it crossed; ' ' otherwise. */
char vt_column_sticky(unsigned flags, double pct, double crit);

/* A list of columns in display order (the default set, or as configured). */
#define VT_COLS_MAX VT_COL__COUNT
typedef struct vt_col_set {
	int ids[VT_COLS_MAX];
	int n;
} vt_col_set;

void vt_col_set_default(vt_col_set *s);
bool vt_col_set_has(const vt_col_set *s, int id);
/* Add id (before COMMAND) when it is not in s, remove it when it is. */
void vt_col_set_toggle(vt_col_set *s, int id);
/* Comma-separated names, e.g. "pid,user,vmas": 0, or -1 when buf is too small. */
int vt_col_set_format(const vt_col_set *s, char *buf, size_t sz);
/* Parse "pid,user,..." (unknown names, duplicates: -1 with the bad name in *bad
 * (points into text, length *badlen)).  COMMAND is kept last. */
int vt_col_set_parse(vt_col_set *s, const char *text, const char **bad, size_t *badlen);

#endif
