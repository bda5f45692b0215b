/* The scrolling list shared by the views (widget_list.h). */
#include <curses.h>

#include "widget_list.h"

void vt_wlist_init(vt_wlist *wl, bool select)
{
	*wl = (vt_wlist){ .select = select };
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int shown(const vt_wlist *wl)
{
	return wl->page > 1 ? wl->page : 1;
}

static void fix(vt_wlist *wl)
{
	int count = wl->count > 0 ? wl->count : 0;
	int max_top = count - shown(wl) > 0 ? count - shown(wl) : 0;
	if (!wl->select) {
		wl->cursor = 0;
		wl->top = clamp(wl->top, 0, max_top);
		return;
	}
	wl->cursor = clamp(wl->cursor, 0, count > 0 ? count - 1 : 0);
	if (wl->cursor < wl->top)
		wl->top = wl->cursor;
	if (wl->cursor >= wl->top + shown(wl))
		wl->top = wl->cursor - shown(wl) + 1;
	wl->top = clamp(wl->top, 0, max_top);
}

void vt_wlist_set(vt_wlist *wl, int count, int page)
{
	wl->count = count;
	wl->page = page;
	fix(wl);
}

static void move_by(vt_wlist *wl, int rows)
{
	if (wl->select)
		wl->cursor += rows;
	else
		wl->top += rows;
	fix(wl);
}

bool vt_wlist_action(vt_wlist *wl, vt_action act)
{
	int step = shown(wl) - wl->overlap > 0 ? shown(wl) - wl->overlap : 1;
	switch (act) {
	case VT_ACT_UP: move_by(wl, -1); return true;
	case VT_ACT_DOWN: move_by(wl, 1); return true;
	case VT_ACT_PGUP: move_by(wl, -step); return true;
	case VT_ACT_PGDN: move_by(wl, step); return true;
	case VT_ACT_HOME: wl->cursor = 0; wl->top = 0; fix(wl); return true;
	case VT_ACT_END:
		wl->cursor = wl->count;
		wl->top = wl->count;
		fix(wl);
		return true;
	default: return false;
	}
}

void vt_wlist_scroll(vt_wlist *wl, int rows)
{
	if (!wl->select) {
		move_by(wl, rows);
		return;
	}
	/* the view moves and the cursor keeps its place on screen */
	int off = wl->cursor - wl->top;
	wl->top += rows;
	int max_top = wl->count - shown(wl) > 0 ? wl->count - shown(wl) : 0;
	wl->top = clamp(wl->top, 0, max_top);
	wl->cursor = wl->top + off;
	fix(wl);
}

bool vt_wlist_mouse(vt_wlist *wl)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return false;
	if (ev.bstate & BUTTON4_PRESSED) {
		vt_wlist_scroll(wl, -VT_WLIST_WHEEL_ROWS);
		return true;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		vt_wlist_scroll(wl, VT_WLIST_WHEEL_ROWS);
		return true;
	}
	return false;
}
