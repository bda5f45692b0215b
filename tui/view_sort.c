/* The sort picker (F6), as in htop: the sortable columns of the column
 * table in a list; Enter sorts by the selected one, Esc keeps the order. */
#include <curses.h>
#include <stdlib.h>

#include "draw.h"
#include "keys.h"
#include "view.h"
#include "widget_list.h"

typedef struct sort_state {
	int keys[VT_COL__COUNT];    /* column ids that are sort keys */
	int n;
	vt_wlist list;              /* the cursor on keys[] */
} sort_state;

#define SORT_MENU_CELLS 60      /* the menu's width, at most */
#define SORT_TITLE_CELLS 9      /* the column title's cell */
#define SORT_DESC_X 11          /* where the description starts */

static void sort_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	sort_state *ss = v->priv;
	int w = a.w < SORT_MENU_CELLS ? a.w : SORT_MENU_CELLS;
	vt_draw_fill(ctx, a.y, a.x, w, ctx->attrs[VT_ROLE_TITLE]);
	vt_draw_attr(ctx, a.y, a.x, w, ctx->attrs[VT_ROLE_TITLE], "Sort by");
	vt_wlist_set(&ss->list, ss->n, a.h - 1);
	for (int r = 0; ss->list.top + r < ss->n && r + 1 < a.h; r++) {
		int i = ss->list.top + r;
		const vt_column *c = vt_column_get(ss->keys[i]);
		bool sel = i == ss->list.cursor;
		unsigned attr = ctx->attrs[sel ? VT_ROLE_SELECTED : VT_ROLE_NORMAL];
		vt_draw_fill(ctx, a.y + 1 + r, a.x, w, attr);
		vt_draw_attr(ctx, a.y + 1 + r, a.x + 1, SORT_TITLE_CELLS, attr,
			     ctx->utf8 ? c->title : c->ascii_title);
		vt_draw_attr(ctx, a.y + 1 + r, a.x + SORT_DESC_X, w - SORT_DESC_X, attr, c->description);
	}
}

static unsigned sort_pick(sort_state *ss, vt_ctx *ctx)
{
	if (ss->n > 0 && ctx->sort != (vt_sort_key)ss->keys[ss->list.cursor]) {
		ctx->sort = (vt_sort_key)ss->keys[ss->list.cursor];
		return VT_REACT_POP | VT_REACT_RESORT | VT_REACT_REDRAW;
	}
	return VT_REACT_POP | VT_REACT_REDRAW;
}

static unsigned sort_key(vt_view *v, vt_ctx *ctx, int key)
{
	sort_state *ss = v->priv;
	vt_action act = vt_key_action(key);
	if (vt_wlist_action(&ss->list, act))
		return VT_REACT_REDRAW;
	switch (act) {
	case VT_ACT_MOUSE: return vt_wlist_mouse(&ss->list) ? VT_REACT_REDRAW : VT_REACT_NONE;
	case VT_ACT_ENTER: return sort_pick(ss, ctx);
	case VT_ACT_SORT_MENU:
	case VT_ACT_BACK: return VT_REACT_POP | VT_REACT_REDRAW;
	case VT_ACT_QUIT:
	case VT_ACT_HELP: return VT_REACT_UNHANDLED;
	default: return VT_REACT_NONE;
	}
}

static const vt_fkey sort_fkeys[] = {
	{ "Enter", "Sort" }, { "Esc", "Cancel" }, { "F10", "Quit" }, { NULL, NULL },
};

static const vt_fkey *sort_bar(vt_view *v, vt_ctx *ctx)
{
	(void)v;
	(void)ctx;
	return sort_fkeys;
}

static void sort_destroy(vt_view *v)
{
	free(v->priv);
}

static const struct vt_view_ops sort_ops = {
	.name = "sort",
	.overlay = true,
	.draw = sort_draw,
	.handle_key = sort_key,
	.fkeys = sort_bar,
	.destroy = sort_destroy,
};

vt_view *vt_view_sort_new(vt_ctx *ctx)
{
	sort_state *ss = calloc(1, sizeof(*ss));
	if (!ss)
		return NULL;
	vt_wlist_init(&ss->list, true);
	for (int i = 0; i < VT_COL__COUNT; i++) {
		if (!vt_sort_info_get((vt_sort_key)i))
			continue;
		if (i == (int)ctx->sort)
			ss->list.cursor = ss->n;
		ss->keys[ss->n++] = i;
	}
	vt_wlist_set(&ss->list, ss->n, ss->n);   /* all shown until drawn: the top stays 0 */
	vt_view *v = vt_view_new(&sort_ops, ss);
	if (!v)
		free(ss);
	return v;
}
