/* One scrolling list: the rows shown, the cursor (for lists that select a
 * row) and what Up/Down/PgUp/PgDn/Home/End and the mouse wheel do to them.
 * A view owns one vt_wlist, tells it the row count and page height when it
 * draws (vt_wlist_set), and hands it the actions of its keys. */
#ifndef VMATOP_TUI_WIDGET_LIST_H
#define VMATOP_TUI_WIDGET_LIST_H

#include <stdbool.h>

#include "keys.h"

#define VT_WLIST_WHEEL_ROWS 3   /* rows one notch of the mouse wheel scrolls */

typedef struct vt_wlist {
	bool select;    /* a cursor row (true) or only the top row scrolls (false) */
	int cursor;     /* the selected row; 0 with no rows or no cursor */
	int top;        /* the first row shown */
	int count;      /* rows in the list */
	int page;       /* rows shown at once */
	int overlap;    /* rows PgUp/PgDn keep of the previous page */
} vt_wlist;

void vt_wlist_init(vt_wlist *wl, bool select);

/* The list now has count rows and page of them show: clamps the cursor and
 * the top row and keeps the cursor shown. */
void vt_wlist_set(vt_wlist *wl, int count, int page);

/* Moves for Up/Down/PgUp/PgDn/Home/End; false (nothing changed) for any
 * other action. */
bool vt_wlist_action(vt_wlist *wl, vt_action act);

/* The wheel: rows > 0 scrolls down, < 0 up (the cursor follows in a
 * selecting list). */
void vt_wlist_scroll(vt_wlist *wl, int rows);

/* Reads the pending mouse event (after VT_ACT_MOUSE) and scrolls for a wheel
 * notch; true when it scrolled. */
bool vt_wlist_mouse(vt_wlist *wl);

#endif
