/* The TUI's one drawing layer for text: every string that reaches the screen
 * (process names, command lines, user names, paths, and our own labels) goes
 * through vt_draw_fit: vt_sanitize (controls, ESC sequences, bidi controls and
 * invalid UTF-8 become U+FFFD, or '?' in a non-UTF-8 locale), then cut to a
 * number of terminal columns with wcwidth, never in the middle of a
 * character, so columns line up with wide (CJK) and zero-width characters. */
#ifndef VMATOP_TUI_DRAW_H
#define VMATOP_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

/* Pure (no curses): sanitize n bytes of src into dst and keep at most maxcols
 * terminal columns.  *cols (may be NULL) gets the columns used.  utf8 = false
 * gives printable ASCII only.  Returns the bytes written (dst NUL-terminated). */
size_t vt_draw_fit(char *dst, size_t dstsz, const char *src, size_t n, int maxcols,
		   bool utf8, int *cols);

/* Threshold role of a percent of the limit (NAN: VT_ROLE_DIM). */
vt_role vt_draw_role_for_percent(double pct);
/* The role of a bar's filled part at pct (each threshold has its own pair). */
vt_role vt_draw_bar_role(const vt_ctx *ctx, double pct);
/* Same with other warn/crit thresholds; with the context's (Setup, vmatoprc). */
vt_role vt_draw_role_between(double pct, double warn, double crit);
vt_role vt_draw_role_for(const vt_ctx *ctx, double pct);
/* Its marker character, readable without colour: ' ', '*' (>= 50%),
 * '!' (>= 80%), '#' (> 100%), '?' (unknown). */
char vt_draw_marker_for_percent(double pct);
/* '^' when the process crossed 80% or the limit while watched (history flags)
 * and is now below what it crossed; ' ' otherwise. */
char vt_draw_sticky_mark(unsigned flags, double pct);

/* Draw s at (y, x), at most w columns, in the role's attributes.
 * Returns the columns drawn.  Nothing is drawn outside the screen. */
int vt_draw(const vt_ctx *ctx, int y, int x, int w, vt_role role, const char *s);
/* The same with an explicit curses attribute (roles or'ed by the caller). */
int vt_draw_attr(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *s);
/* Draw s padded with spaces to exactly w columns; right-aligned when right. */
void vt_draw_pad(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *s,
		 bool right);
/* printf, then vt_draw_attr.  Returns the columns drawn. */
int vt_draw_fmt(const vt_ctx *ctx, int y, int x, int w, unsigned attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* w spaces in attr. */
void vt_draw_fill(const vt_ctx *ctx, int y, int x, int w, unsigned attr);
/* A bar "[|||||     ] 42.0%" of pct (capped at the bar's end) in w columns. */
void vt_draw_bar(const vt_ctx *ctx, int y, int x, int w, double pct);

#endif
