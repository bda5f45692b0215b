/* The sort picker (F6), as in htop: the sortable columns of the column
 * table in a list; Enter sorts by the selected one, Esc keeps the order. */
#include <curses.h>
#include <stdlib.h>

#include "draw.h"
#include "keys.h"
#include "view.h"

typedef struct sort_state {
	int keys[VT_COL__COUNT];    /* column ids that are sort keys */
	int n;
	int sel;
} sort_state;

static void sort_draw(vt_view *v, vt_ctx *ctx, vt_area a)
{
	sort_state *ss = v->priv;
	int w = a.w < 60 ? a.w : 60;
	vt_draw_fill(ctx, a.y, a.x, w, ctx->attrs[VT_ROLE_TITLE]);
	vt_draw_attr(ctx, a.y, a.x, w, ctx->attrs[VT_ROLE_TITLE], "Sort by");
	for (int i = 0; i < ss->n && i + 1 < a.h; i++) {
		const vt_column *c = vt_column_get(ss->keys[i]);
		bool sel = i == ss->sel;
		unsigned attr = ctx->attrs[sel ? VT_ROLE_SELECTED : VT_ROLE_NORMAL];
		vt_draw_fill(ctx, a.y + 1 + i, a.x, w, attr);
		vt_draw_attr(ctx, a.y + 1 + i, a.x + 1, 9, attr, ctx->utf8 ? c->title : c->ascii_title);
		vt_draw_attr(ctx, a.y + 1 + i, a.x + 11, w - 11, attr, c->description);
	}
}

static unsigned sort_pick(sort_state *ss, vt_ctx *ctx)
{
	if (ss->n > 0 && ctx->sort != (vt_sort_key)ss->keys[ss->sel]) {
		ctx->sort = (vt_sort_key)ss->keys[ss->sel];
		return VT_REACT_POP | VT_REACT_RESORT | VT_REACT_REDRAW;
	}
	return VT_REACT_POP | VT_REACT_REDRAW;
}

static unsigned sort_key(vt_view *v, vt_ctx *ctx, int key)
{
	sort_state *ss = v->priv;
	switch (vt_key_action(key)) {
	case VT_ACT_UP: ss->sel = ss->sel > 0 ? ss->sel - 1 : 0; return VT_REACT_REDRAW;
	case VT_ACT_DOWN: ss->sel = ss->sel + 1 < ss->n ? ss->sel + 1 : ss->sel; return VT_REACT_REDRAW;
	case VT_ACT_HOME: ss->sel = 0; return VT_REACT_REDRAW;
	case VT_ACT_END: ss->sel = ss->n - 1; return VT_REACT_REDRAW;
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
	for (int i = 0; i < VT_COL__COUNT; i++) {
		if (!vt_sort_info_get((vt_sort_key)i))
			continue;
		if (i == (int)ctx->sort)
			ss->sel = ss->n;
		ss->keys[ss->n++] = i;
	}
	vt_view *v = vt_view_new(&sort_ops, ss);
	if (!v)
		free(ss);
	return v;
}
